package dev.poolkit.pool.shared;

import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A keyed registry of <em>shared</em> resources (go-pooler's {@code Pool}): {@link #acquire(Object)}
 * returns the same instance to every caller of a key, creating it on the key's first use, and {@link
 * #release(Object)} closes and removes it. Unlike a {@link dev.poolkit.pool.keyed.KeyedPool}, nobody
 * leases anything: a resource is used by any number of callers at once until it is released, so it
 * must be thread-safe itself (an HTTP client, a database handle, a gRPC channel).
 *
 * <p>At most {@code maxOpen} keys have a resource at once, those being created included; a caller of
 * a new key waits while the registry is full, and every freed place (a release, a removal by the health
 * check, a failed creation) lets exactly one waiting caller in, in arrival order. Concurrent first
 * acquires of one key run the factory once and all get its instance. Every {@code
 * healthCheckInterval} each resource is pinged on the executor, with {@code pingTimeout}; one that
 * fails is closed and removed, which frees its place at once.
 *
 * <p>Compared with go-pooler: the cap is exact under concurrency, a key's factory runs once however
 * many callers race for it, a removal by the health check wakes a waiter, every freed place wakes one
 * waiter (go-pooler's signal wakes at most one per release, whatever was freed), a wait has a timeout
 * or is interrupted where Go cancels a context, and {@code waitCount} counts waits cumulatively
 * ({@link RegistryStats#waitingNow()} is go-pooler's {@code WaitCount}).
 *
 * <p>All methods are safe to call from any number of platform or virtual threads at once. Acquiring
 * an existing key is a hash lookup that allocates nothing.
 *
 * {@snippet class=dev.poolkit.pool.shared.SharedExamplesTest region=registry}
 *
 * @param <K> the type of key; keys are compared with {@code equals}
 * @param <T> the type of resource
 */
public interface SharedResourceRegistry<K, T> extends AutoCloseable {

    /**
     * Starts building a registry of the resources that {@code factory} creates.
     *
     * @param factory creates, pings and closes the resources
     * @param <K> the type of key
     * @param <T> the type of resource
     * @return a builder with every default of {@link RegistryConfig}
     * @throws NullPointerException if {@code factory} is null
     */
    static <K, T> RegistryBuilder<K, T> builder(SharedResourceFactory<K, T> factory) {
        return new RegistryBuilder<>(factory);
    }

    /**
     * Returns the resource of {@code key}, waiting at most the configured {@link
     * RegistryConfig#acquireTimeout()}.
     *
     * @param key the key
     * @return the key's resource, the same instance for every caller until it is released
     * @throws PoolTimeoutException if there was no room for the key, or its creation did not end, in time
     * @throws PoolClosedException if the registry was closed before or during the call
     * @throws ResourceCreationException if the factory failed or returned null; the message contains
     *     {@code pool: factory error} and {@code key: <key>}, and the cause is the factory's exception
     * @throws InterruptedException if the thread was interrupted before or during the call, even if
     *     the key exists (go-pooler checks its context first); the interrupt status is cleared
     * @throws NullPointerException if {@code key} is null
     * @see #acquire(Object, Duration)
     */
    T acquire(K key) throws InterruptedException;

    /**
     * Returns the resource of {@code key}, creating it if the key has none, waiting at most {@code
     * timeout}.
     *
     * <p>An existing resource is returned at once, even when the registry is full. For a new key the
     * caller takes a place if there is one and the factory runs on the executor while the caller (and
     * any other caller of the key) waits for it; a caller that gives up leaves the creation running,
     * and its resource stays for the next caller. Without a place, the caller waits in arrival order
     * for one to be freed.
     *
     * @param key the key
     * @param timeout the longest time this call may take, waiting for room and creation included;
     *     {@code Duration.ZERO} fails at once unless the key's resource exists
     * @return the key's resource, the same instance for every caller until it is released
     * @throws PoolTimeoutException if there was no room for the key, or its creation did not end, in time
     * @throws PoolClosedException if the registry was closed before or during the call
     * @throws ResourceCreationException if the factory failed or returned null; the message contains
     *     {@code pool: factory error} and {@code key: <key>}, and the cause is the factory's exception
     * @throws InterruptedException if the thread was interrupted before or during the call, even if
     *     the key exists; the interrupt status is cleared
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code key} or {@code timeout} is null
     */
    T acquire(K key, Duration timeout) throws InterruptedException;

    /**
     * Closes and removes the resource of {@code key}, on the calling thread, then lets one waiting
     * caller in. Callers that still hold the instance keep a closed resource. Nothing happens if the
     * key has no resource (or its creation is still running) or the registry is closed.
     *
     * @param key the key
     * @throws NullPointerException if {@code key} is null
     */
    void release(K key);

    /**
     * Closes and removes every resource, one after the other on the calling thread in the order they
     * were created, letting one waiting caller in for each.
     */
    void releaseAll();

    /**
     * Returns whether {@code key} has a resource now (not one still being created).
     *
     * @param key the key
     * @return true if {@link #acquire(Object)} would return at once
     * @throws NullPointerException if {@code key} is null
     */
    boolean contains(K key);

    /**
     * Returns the keys that have a resource now.
     *
     * @return an unmodifiable snapshot, in the order the resources were created
     */
    Set<K> keys();

    /**
     * Returns every key and its resource as one consistent snapshot (go-pooler's {@code All} and
     * {@code Walk} iterate it): each key once, in the order the resources were created, unaffected by
     * later changes.
     *
     * @return an unmodifiable map
     */
    Map<K, T> snapshot();

    /**
     * Returns a snapshot of the registry's state and counters; lock-free.
     *
     * @return the snapshot
     */
    RegistryStats stats();

    /**
     * Returns the configuration, with go-pooler's defaults filled in.
     *
     * @return the configuration
     */
    RegistryConfig config();

    /**
     * Returns the registry's name.
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
     * Closes the registry: new acquires fail with {@link PoolClosedException}, waiting callers are
     * woken with it, the health check stops, running creations and pings are interrupted, every
     * resource is closed on the calling thread, and this call waits until no task of the registry runs
     * any more. Idempotent; if the calling thread is interrupted, it stops waiting and keeps the
     * interrupt status.
     */
    @Override
    void close();
}
