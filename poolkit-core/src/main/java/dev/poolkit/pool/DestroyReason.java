package dev.poolkit.pool;

/**
 * Why a pool destroys a resource; passed to {@link ResourceFactory#destroy(Object, DestroyReason)} and
 * {@link PoolListener#destroyed}. A network pool logs it, counts it per reason, and scores hosts by
 * it ({@link #INVALIDATED} and {@link #VALIDATION_FAILED} say the peer misbehaved; the others are
 * the pool's own housekeeping).
 */
public enum DestroyReason {
    /** It stayed idle longer than {@code idleTimeout} while more than {@code minIdle} were idle. */
    IDLE_TIMEOUT,
    /** It reached its {@code maxLifetime}, found on release or by housekeeping. */
    MAX_LIFETIME,
    /** {@link ResourceFactory#isValid(Object, java.time.Duration)} said no, threw, or overran {@code validationTimeout}. */
    VALIDATION_FAILED,
    /** Its holder called {@link Lease#invalidate()} or {@link Lease#invalidate(Throwable)}. */
    INVALIDATED,
    /** The pool was larger than {@code maxSize} after {@link Pool#resize(int)}. */
    SHRUNK,
    /**
     * The pool was closed: the resource was idle then, was returned (or finished being created)
     * afterwards, or was still leased when {@link Pool#close(java.time.Duration)}'s timeout passed.
     */
    CLOSED
}
