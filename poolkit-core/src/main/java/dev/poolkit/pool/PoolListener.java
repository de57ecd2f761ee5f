package dev.poolkit.pool;

import java.time.Duration;

/**
 * Observes what happens inside a {@link Pool}: creations, creation failures, destructions (with
 * their {@link DestroyReason}), acquire timeouts and suspected leaks. Logs, metrics and host scoring
 * in the network layer are built on it. Set one with {@link PoolBuilder#listener(PoolListener)}; the
 * default is {@link #noop()}, and a pool without a listener of its own never builds an event.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs. The pool
 * calls them from whichever thread did the work: the executor's thread for creations and
 * destructions, the caller's thread for timeouts, the scheduler's thread for leaks. <b>Methods must
 * be quick, must not block and must not acquire from the pool that calls them.</b> An exception a
 * method throws is caught, logged at WARNING and counted ({@link PoolStats#listenerFailures()}); it
 * never disturbs the pool.
 *
 * {@snippet class=dev.poolkit.pool.ExamplesTest region=listener}
 *
 * <p>Implementations must be thread-safe: the pool may call them from several threads at once.
 *
 * @param <T> the type of resource
 */
public interface PoolListener<T> {

    /**
     * Returns the listener that ignores everything, a shared instance.
     *
     * @param <T> the type of resource
     * @return the no-op listener
     */
    @SuppressWarnings("unchecked")
    static <T> PoolListener<T> noop() {
        return (PoolListener<T>) NoopListener.INSTANCE;
    }

    /**
     * A resource was created, for a caller or by the background refill.
     *
     * @param resource the new resource
     * @param took how long {@link ResourceFactory#create()} ran
     */
    default void created(T resource, Duration took) {}

    /**
     * {@link ResourceFactory#create()} failed or returned null.
     *
     * @param failure the exception a waiting caller gets; its cause is the factory's exception, if any
     * @param took how long the factory ran
     */
    default void creationFailed(ResourceCreationException failure, Duration took) {}

    /**
     * A resource left the pool and was destroyed; called after {@link ResourceFactory#destroy(Object,
     * DestroyReason)} returned or threw.
     *
     * @param resource the resource, no longer usable
     * @param reason why it was destroyed
     * @param cause what {@link Lease#invalidate(Throwable)} was given, or what validation threw;
     *     {@code null} when there is none
     */
    default void destroyed(T resource, DestroyReason reason, Throwable cause) {}

    /**
     * An acquire gave up; called on the caller's thread just before the exception is thrown.
     *
     * @param timeout the exception the caller gets, with the pool's state at the time
     */
    default void acquireTimedOut(PoolTimeoutException timeout) {}

    /**
     * A lease has been held longer than {@code leakThreshold}; reported once per lease.
     *
     * @param resource the leased resource (its holder may still be using it: do not touch it)
     * @param heldFor how long it has been leased
     * @param acquiredAt a throwable whose stack trace shows where the lease was acquired
     */
    default void leakSuspected(T resource, Duration heldFor, Throwable acquiredAt) {}
}
