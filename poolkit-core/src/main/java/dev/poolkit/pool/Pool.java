package dev.poolkit.pool;

import java.time.Duration;
import java.util.Optional;

/**
 * A pool of costly resources (connections, sessions, buffers) that callers lease exclusively and
 * give back.
 *
 * <p>Resources are created on demand up to {@code maxSize}, kept ready in the background down to
 * {@code minIdle}, validated, expired after {@code idleTimeout} and {@code maxLifetime}, and
 * destroyed on {@link #close()}. Callers that find the pool exhausted wait in a queue and are served
 * strictly first come, first served: a returned resource goes straight to the longest waiting caller,
 * and a caller that has just returned a resource cannot overtake the queue by acquiring again.
 *
 * <p>All methods are safe to call from any number of platform or virtual threads at once. Waiting
 * parks the thread (a virtual thread is unmounted) and never spins. An uncontended acquire and
 * release take tens of nanoseconds and allocate nothing once the JIT has inlined them.
 *
 * {@snippet :
 * try (Pool<Connection> pool = Pool.builder(factory).name("db").maxSize(8).build();
 *         Lease<Connection> lease = pool.acquire()) {
 *     lease.get().send(request);
 * }
 * }
 *
 * @param <T> the type of resource
 */
public interface Pool<T> extends AutoCloseable {

    /**
     * Starts building a pool of the resources that {@code factory} creates.
     *
     * @param factory creates, validates and destroys the resources
     * @param <T> the type of resource
     * @return a builder with every default of {@link PoolConfig}
     * @throws NullPointerException if {@code factory} is null
     */
    static <T> PoolBuilder<T> builder(ResourceFactory<T> factory) {
        return new PoolBuilder<>(factory);
    }

    /**
     * Creates a pool from a configuration, with the system ticker and a housekeeping thread of its own.
     *
     * @param factory creates, validates and destroys the resources
     * @param config the configuration
     * @param <T> the type of resource
     * @return the started pool
     * @throws NullPointerException if an argument is null
     */
    static <T> Pool<T> create(ResourceFactory<T> factory, PoolConfig config) {
        return new PoolBuilder<>(factory).from(config).build();
    }

    /**
     * Leases a resource, waiting at most the configured {@link PoolConfig#acquireTimeout()}.
     *
     * @return a lease, never {@code null}; release it exactly once ({@code close()} does so)
     * @throws PoolTimeoutException if nothing became available in time
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a resource had to be created for this call and the factory
     *     failed; the factory's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting; the request is
     *     withdrawn and no resource is lost
     * @see #acquire(Duration)
     */
    Lease<T> acquire() throws InterruptedException;

    /**
     * Leases a resource, waiting at most {@code timeout} for one to become available.
     *
     * <p>An idle resource is handed out at once. Otherwise a new one is created if the pool is below
     * {@code maxSize}, and otherwise the caller joins the wait queue. Waiters are served in arrival
     * order: a released resource goes straight to the longest waiter. A resource that has been idle
     * longer than {@code validationIdleThreshold} is validated first if {@code validateOnAcquire} is
     * set, and replaced if invalid.
     *
     * @param timeout the longest time this call may wait in the queue; {@code Duration.ZERO} fails at
     *     once when nothing is available. Creating a resource for this caller is not interrupted by
     *     the timeout: a factory should bound its own work (a connect timeout)
     * @return a lease, never {@code null}; release it exactly once ({@code close()} does so)
     * @throws PoolTimeoutException if nothing became available within {@code timeout}
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a resource had to be created for this call and the factory
     *     failed or returned null; the factory's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting; the request is
     *     withdrawn, no resource is lost, and the interrupt status is cleared
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    Lease<T> acquire(Duration timeout) throws InterruptedException;

    /**
     * Leases an idle resource if one is available now and nobody is waiting; never blocks, never
     * creates a resource and never validates one.
     *
     * @return the lease, or empty if no idle resource was available
     * @throws PoolClosedException if the pool is closed
     */
    Optional<Lease<T>> tryAcquire();

    /**
     * Changes the maximum number of resources. Growing serves waiting callers at once; shrinking
     * destroys idle resources until the pool fits, and the rest as they are returned.
     *
     * @param maxSize the new maximum, >= 1 and >= the current {@code minIdle}
     * @throws IllegalArgumentException if {@code maxSize} is out of range
     * @throws PoolClosedException if the pool is closed
     */
    void resize(int maxSize);

    /**
     * Changes how many idle resources are kept ready in the background.
     *
     * @param minIdle the new minimum, between 0 and the current {@code maxSize}
     * @throws IllegalArgumentException if {@code minIdle} is out of range
     * @throws PoolClosedException if the pool is closed
     */
    void setMinIdle(int minIdle);

    /**
     * Returns a snapshot of the pool's state and counters. Cheap: no lock is taken.
     *
     * @return the snapshot
     */
    PoolStats stats();

    /**
     * Returns the configuration the pool runs with; {@code maxSize} and {@code minIdle} reflect
     * {@link #resize} and {@link #setMinIdle}.
     *
     * @return the current configuration
     */
    PoolConfig config();

    /**
     * Returns the pool's name.
     *
     * @return the name from the configuration
     */
    String name();

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return true once closing has started
     */
    boolean isClosed();

    /**
     * Closes the pool without waiting: new acquires fail with {@link PoolClosedException}, waiting
     * callers are woken with it, idle resources are destroyed now and leased ones when they are
     * returned. Background work is stopped. Idempotent.
     */
    @Override
    void close();

    /**
     * Closes the pool like {@link #close()}, then waits up to {@code timeout} for leased resources to
     * be returned, and destroys (and logs) those still leased after that.
     *
     * @param timeout how long to wait for leases to be returned
     * @return true if every lease was returned in time, false if some were destroyed while leased
     *     (or the wait was interrupted, in which case the interrupt status is set again)
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean close(Duration timeout);
}
