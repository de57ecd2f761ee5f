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
 * among themselves first come, first served. {@link PoolConfig#fairness()} decides whether a caller
 * that is running may take a returned resource before them: never ({@link Fairness#STRICT}: a
 * returned resource goes straight to the longest waiter), or only while the longest waiter has waited
 * less than {@link PoolConfig#fairnessThreshold()} ({@link Fairness#BOUNDED}).
 *
 * <p>Every call into the {@link ResourceFactory} runs on the pool's executor ({@link
 * PoolBuilder#executor}, by default a virtual thread per call), never on the caller's thread nor on
 * the scheduler; the scheduler (by default one thread shared by every pool of the process) only
 * decides when background work happens.
 *
 * <p>All methods are safe to call from any number of platform or virtual threads at once. Waiting
 * parks the thread (a virtual thread is unmounted) and never spins. An uncontended acquire and
 * release take tens of nanoseconds and allocate nothing once the JIT has inlined them.
 *
 * {@snippet class=dev.poolkit.pool.ExamplesTest region=pool}
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
     * Creates a pool from a configuration, with the system ticker, the shared scheduler, a virtual
     * thread per factory call and no listener.
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
     * @throws PoolTimeoutException if nothing became available in time, creation included
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
     * order. Under {@link Fairness#STRICT} a released resource goes straight to the longest waiter,
     * and a caller that finds anybody waiting queues behind them; under {@link Fairness#BOUNDED} a
     * caller may take an idle resource ahead of the queue while the longest waiter has waited less
     * than {@code fairnessThreshold}. A resource that has been idle
     * longer than {@code validationIdleThreshold} is validated first if {@code validateOnAcquire} is
     * set, and replaced if invalid.
     *
     * <p>The timeout covers the whole call: waiting in the queue, and a creation or validation for this
     * caller, which run on the executor while the caller parks. A caller that gives up (timeout or
     * interrupt) leaves that work running; its resource then goes to the next waiter or to the idle
     * set, never lost, and the {@link PoolTimeoutException} says how long the creation had run. So
     * with an executor that runs tasks on the calling thread, the timeout cannot cut a creation short.
     *
     * @param timeout the longest time this call may take; {@code Duration.ZERO} fails at once when no
     *     resource is idle (a creation it starts still completes, into the idle set)
     * @return a lease, never {@code null}; release it exactly once ({@code close()} does so)
     * @throws PoolTimeoutException if no resource was ready for this caller within {@code timeout}
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
     * Leases an idle resource if one is available now and the queue lets a running caller take it
     * (nobody waits, or under {@link Fairness#BOUNDED} the longest waiter has waited less than {@code
     * fairnessThreshold}); never blocks, never creates a resource and never validates one. Empty means
     * that, at some moment during the call, no resource was idle or the queue came first: a resource
     * idle throughout is never missed.
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
     * Returns a snapshot of the pool's state and counters. Lock-free and independent of the pool's
     * size: it reads counters that the pool keeps on every state change (a few dozen volatile reads,
     * one per idle-stack stripe) and allocates the record; it never walks the resources. Cheap
     * enough to call on every metrics scrape of thousands of pools.
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
     * Closes the pool: new acquires fail with {@link PoolClosedException}, waiting callers are woken
     * with it (those waiting for a creation too), idle resources are destroyed now and leased ones when
     * they are returned, and background work stops. Running creations and validations are
     * interrupted; then this call waits until no task of the pool runs any more, so that nothing the
     * pool started outlives it. A factory call that ignores the interrupt (a platform thread blocked
     * in a socket connect without a timeout) keeps this call waiting until it returns; the resource it
     * returns is destroyed at once. Use {@link #close(Duration)} to bound the wait. Idempotent; if the
     * calling thread is interrupted, it stops waiting and keeps the interrupt status.
     */
    @Override
    void close();

    /**
     * Closes the pool like {@link #close()}, then waits up to {@code timeout} for leased resources to
     * be returned and for the pool's tasks to end. Leases still out when the timeout passes are
     * revoked (their {@link Lease#get()} throws from then on) and their resources destroyed, with a
     * WARNING each. A task still running then (a factory call that ignores interrupts) is left to
     * finish on its own; its resource is destroyed when it returns.
     *
     * <p>An interrupt ends the wait and nothing else: the method returns false with the interrupt
     * status set, and resources still leased are destroyed when they come back (or by a later
     * {@code close(Duration)} whose timeout passes), never under their users.
     *
     * @param timeout how long to wait for leases and tasks; {@code Duration.ZERO} revokes leases at once
     * @return true if every lease was returned and every task ended in time; false if leases were
     *     revoked, a task was still running, or the wait was interrupted
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean close(Duration timeout);
}
