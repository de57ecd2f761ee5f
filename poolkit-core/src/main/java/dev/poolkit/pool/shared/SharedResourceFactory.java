package dev.poolkit.pool.shared;

import java.time.Duration;

/**
 * Creates, health-checks and closes the resources of a {@link SharedResourceRegistry}, one per key
 * (go-pooler's factory function, with the key passed in).
 *
 * <p>The registry calls these methods on its executor (a virtual thread per call by default), outside
 * of any lock, possibly several at once for different keys, so implementations must be thread-safe.
 * {@code create} runs once per key at a time, however many callers ask for the key at once. Closing the
 * registry interrupts running {@code create} and {@code ping} calls. <b>Callbacks must not re-enter
 * the registry that calls them.</b>
 *
 * {@snippet class=dev.poolkit.pool.shared.SharedExamplesTest region=factory}
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
@FunctionalInterface
public interface SharedResourceFactory<K, T> {

    /**
     * Creates the resource of {@code key}.
     *
     * @param key the key
     * @return the new resource; never {@code null} (a null is reported as a {@link
     *     dev.poolkit.pool.ResourceCreationException})
     * @throws Exception if the resource cannot be created; every caller waiting for the key gets a
     *     {@link dev.poolkit.pool.ResourceCreationException} with it as the cause
     */
    T create(K key) throws Exception;

    /**
     * Checks that a resource still works; called by the health check every {@code
     * healthCheckInterval}. The default calls {@link Reusable#ping(Duration)} if the resource is a
     * {@link Reusable}, and otherwise finds nothing wrong.
     *
     * @param key the key
     * @param resource the resource, possibly in use by callers during the call
     * @param timeout the registry's {@code pingTimeout}; the registry interrupts the call after it
     * @throws Exception if the resource is broken; the registry then closes and removes it
     */
    default void ping(K key, T resource, Duration timeout) throws Exception {
        if (resource instanceof Reusable reusable) {
            reusable.ping(timeout);
        }
    }

    /**
     * Closes a resource the registry removes (by {@code release}, {@code releaseAll}, a failed health
     * check or {@code close}); called exactly once per created resource. The default calls {@link
     * AutoCloseable#close()} if the resource is {@link AutoCloseable} (a {@link Reusable} is).
     *
     * @param key the key
     * @param resource the resource
     * @throws Exception if closing fails; the registry logs it and counts it in {@link
     *     RegistryStats#closeFailures()}
     */
    default void close(K key, T resource) throws Exception {
        if (resource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
