package dev.poolkit.pool;

/**
 * Exclusive use of one pooled resource, from {@link Pool#acquire()} until {@link #release()} (or
 * {@link #close()}, so that try-with-resources returns it).
 *
 * <p>A lease is a one-time handle: once released or invalidated it no longer gives access to the
 * resource, even after the pool has handed that resource to someone else. Releasing twice is a
 * counted no-op ({@link PoolStats#doubleReleases()}), never the release of somebody else's lease.
 *
 * <p>A lease is meant to be used by one thread at a time; it may be handed to another thread and
 * released there. Releasing it concurrently from two threads is safe: one of them wins.
 *
 * @param <T> the type of resource
 */
public interface Lease<T> extends AutoCloseable {

    /**
     * Returns the leased resource.
     *
     * @return the resource, never {@code null}
     * @throws IllegalStateException if this lease was already released or invalidated, or revoked by
     *     {@link Pool#close(java.time.Duration)}
     */
    T get();

    /**
     * Returns the resource to the pool: to the longest waiting caller if there is one, otherwise to
     * the idle set. A resource past its lifetime, surplus after a shrink, or returned after the pool
     * closed is destroyed instead, on the pool's executor. Never blocks on other callers.
     *
     * <p>Calling it again, or after {@link #invalidate()}, has no effect besides being counted.
     */
    void release();

    /**
     * Destroys the resource instead of returning it (it is broken, or its state cannot be trusted)
     * and frees its place in the pool for a new one. The destruction runs on the pool's executor
     * with {@link DestroyReason#INVALIDATED}. Has no effect besides being counted if this lease was
     * already released or invalidated.
     */
    void invalidate();

    /**
     * Like {@link #invalidate()}, and tells the pool's {@link PoolListener} why: a network pool
     * passes the I/O error that broke the connection, so that its logs and host scores can use it.
     *
     * @param cause what went wrong with the resource
     * @throws NullPointerException if {@code cause} is null
     */
    void invalidate(Throwable cause);

    /**
     * Returns whether this lease still holds its resource (it was neither released nor invalidated).
     *
     * @return true while the lease may be used
     */
    boolean isActive();

    /** Same as {@link #release()}, so that a lease can be used in try-with-resources. */
    @Override
    default void close() {
        release();
    }
}
