package dev.poolkit.pool.keyed;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A pool per key (per host, per tenant, per database) under one global limit: callers lease a
 * resource of a key exclusively and give it back, exactly as with a {@link Pool}.
 *
 * <p>Each key has a pool of its own, created on the key's first acquire, with at most {@code
 * maxPerKey} resources and the per-key settings of {@link KeyedPoolConfig#perKey()}; all keys
 * together have at most {@code maxTotal}. Within a key, callers are served first come, first served,
 * with the hand-off of {@link Pool}. When the total is reached, a caller whose key could still grow
 * waits for room, and an idle resource of another key is destroyed to make it (with {@link
 * dev.poolkit.pool.DestroyReason#SHRUNK}), so that no key starves while others hoard idle
 * resources; room goes to the keys in the order their callers asked for it (see {@code
 * docs/keyed.md} for the exact rule). The pool of a key that has held no resource and served no
 * acquire for the per-key {@code idleTimeout} is removed, so that millions of keys over time do not
 * grow memory; all keys share one executor and one housekeeping scheduler, so they do not grow the
 * thread count either.
 *
 * <p>Acquiring an idle resource of a key that has a pool costs one hash lookup more than a {@link
 * Pool} acquire and, like it, allocates nothing once the JIT has inlined it. All methods are safe to
 * call from any number of platform or virtual threads at once.
 *
 * {@snippet class=dev.poolkit.pool.keyed.KeyedExamplesTest region=pool}
 *
 * @param <K> the type of key; keys are compared with {@code equals} and must not change while in use
 * @param <T> the type of resource
 */
public interface KeyedPool<K, T> extends AutoCloseable {

    /**
     * Starts building a keyed pool of the resources that {@code factory} creates.
     *
     * @param factory creates, validates and destroys the resources of every key
     * @param <K> the type of key
     * @param <T> the type of resource
     * @return a builder with every default of {@link KeyedPoolConfig}
     * @throws NullPointerException if {@code factory} is null
     */
    static <K, T> KeyedPoolBuilder<K, T> builder(KeyedResourceFactory<K, T> factory) {
        return new KeyedPoolBuilder<>(factory);
    }

    /**
     * Leases a resource of {@code key}, waiting at most the per-key {@code acquireTimeout}.
     *
     * @param key the key
     * @return a lease, never {@code null}; release it exactly once ({@code close()} does so)
     * @throws PoolTimeoutException if nothing became available in time, creation included
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a resource had to be created for this call and the factory
     *     failed or returned null; the factory's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting; the request is
     *     withdrawn and no resource is lost
     * @throws NullPointerException if {@code key} is null
     * @see #acquire(Object, Duration)
     */
    Lease<T> acquire(K key) throws InterruptedException;

    /**
     * Leases a resource of {@code key}, waiting at most {@code timeout}.
     *
     * <p>An idle resource of the key is handed out at once. Otherwise a new one is created if the key
     * is below {@code maxPerKey} and the total below {@code maxTotal}; if only the total is in the way,
     * an idle resource of another key is destroyed to make room (one hop through the scheduler), or
     * the caller waits until some key gives room back. Otherwise the caller joins the key's queue and
     * gets the next resource of the key that is released. The timeout covers the whole call, as for
     * {@link Pool#acquire(Duration)}.
     *
     * @param key the key
     * @param timeout the longest time this call may take; {@code Duration.ZERO} fails at once when the
     *     key has no idle resource
     * @return a lease, never {@code null}; release it exactly once ({@code close()} does so)
     * @throws PoolTimeoutException if no resource was ready for this caller within {@code timeout}
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a resource had to be created for this call and the factory
     *     failed or returned null; the factory's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting; the request is
     *     withdrawn, no resource is lost, and the interrupt status is cleared
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code key} or {@code timeout} is null
     */
    Lease<T> acquire(K key, Duration timeout) throws InterruptedException;

    /**
     * Leases an idle resource of {@code key} if one is available now and nobody waits for the key;
     * never blocks, never creates a resource (nor a pool for the key).
     *
     * @param key the key
     * @return the lease, or empty if the key had no idle resource
     * @throws PoolClosedException if the pool is closed
     * @throws NullPointerException if {@code key} is null
     */
    Optional<Lease<T>> tryAcquire(K key);

    /**
     * Returns the totals over all keys as one snapshot: {@code maxSize} is {@code maxTotal}, {@code
     * minIdle} the sum of the keys' {@code minIdle}, and every other figure the sum over the keys,
     * removed ones included for the counters (so no counter goes down when a key's pool is removed).
     * Reads every key's counters (no resource), so it costs time in proportion to the number of keys;
     * it never blocks an acquire. Bind it with {@code PoolMetrics.bind(name, tags, pool::stats,
     * registry)}: there is one metric series per keyed pool, never one per key.
     *
     * @return the totals
     */
    PoolStats stats();

    /**
     * Returns the snapshot of one key's pool.
     *
     * @param key the key
     * @return the key's stats, or empty if the key has no pool now (never used, or removed)
     * @throws NullPointerException if {@code key} is null
     */
    Optional<PoolStats> stats(K key);

    /**
     * Returns the keys that have a pool now.
     *
     * @return an unmodifiable snapshot, in no particular order
     */
    Set<K> keys();

    /**
     * Returns the configuration.
     *
     * @return the configuration the pool was built with
     */
    KeyedPoolConfig config();

    /**
     * Returns the keyed pool's name.
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
     * Closes every key's pool as {@link Pool#close()} does: new acquires fail with {@link
     * PoolClosedException}, waiting callers are woken with it, idle resources are destroyed now and
     * leased ones when they are returned, and this call waits until no task of the pool runs any more.
     * Idempotent.
     */
    @Override
    void close();

    /**
     * Closes the pool like {@link #close()}, then waits up to {@code timeout} in all for leases to be
     * returned and tasks to end, as {@link Pool#close(Duration)} does; leases still out then are
     * revoked and their resources destroyed.
     *
     * @param timeout how long to wait; {@code Duration.ZERO} revokes leases at once
     * @return true if every lease came back and every task ended in time
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean close(Duration timeout);
}
