package dev.poolkit.bench.keyed;

import java.time.Duration;

/**
 * The one face every keyed pool shows {@link KeyedAcquireReleaseBenchmark}: acquire a handle for a
 * key, reach the resource, release the handle. Each adapter is built with the same limits and
 * pre-filled, so that the benchmark measures the acquire of an idle resource, never a creation.
 *
 * @param <H> what the pool hands out (a lease, the borrowed object)
 */
interface KeyedBenchPool<H> extends AutoCloseable {

    /** Resources per key, each created before measuring. */
    int PER_KEY = 4;

    /** The acquire timeout every adapter configures; long enough that nothing times out. */
    Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    /** The names {@link #create} accepts. */
    String[] NAMES = {"poolkit", "commons-pool2"};

    /** The pooled thing: a plain object with no I/O. */
    record Stub(String key, int id) {}

    /**
     * Acquires a resource of {@code key}.
     *
     * @param key one of the keys the pool was filled for
     * @return the handle
     * @throws Exception if the pool fails or times out
     */
    H acquire(String key) throws Exception;

    /**
     * Returns the resource behind a handle.
     *
     * @param handle a handle not yet released
     * @return the resource
     */
    Stub resource(H handle);

    /**
     * Returns a handle's resource to its key.
     *
     * @param key the key it was acquired for
     * @param handle the handle, released once
     * @throws Exception if the library fails
     */
    void release(String key, H handle) throws Exception;

    /**
     * One benchmark cycle: acquire, reach the resource, release.
     *
     * @param key the key
     * @return the resource, for the caller to sink
     * @throws Exception if the library fails or times out
     */
    default Stub cycle(String key) throws Exception {
        H handle = acquire(key);
        try {
            return resource(handle);
        } finally {
            release(key, handle);
        }
    }

    @Override
    void close() throws Exception;

    /**
     * Builds the pool called {@code name} with {@value #PER_KEY} idle resources for every key.
     *
     * @param name one of {@link #NAMES}
     * @param keys the keys to fill
     * @return the filled pool
     * @throws Exception if the pool cannot be built or filled
     */
    static KeyedBenchPool<?> create(String name, String[] keys) throws Exception {
        return switch (name) {
            case "poolkit" -> new PoolkitKeyedPool(keys);
            case "commons-pool2" -> new CommonsKeyedPool(keys);
            default -> throw new IllegalArgumentException("unknown pool: " + name);
        };
    }
}
