package dev.poolkit.bench.peer;

import dev.poolkit.pool.Fairness;
import java.time.Duration;

/**
 * The one face every pool shows the benchmarks: acquire a handle, reach the resource through it, and
 * release the handle. One adapter per peer library; each is built with the same size, pre-filled to
 * that size before it is returned (so that a benchmark measures the acquire of an idle resource,
 * never a creation), and given the same generous {@link #ACQUIRE_TIMEOUT}, so that nothing times out.
 *
 * @param <H> what the pool hands out (a lease, a claimed object, a JDBC connection proxy, ...)
 */
public interface BenchPool<H> extends AutoCloseable {

    /** The acquire timeout every adapter configures or passes; long enough that nothing times out. */
    Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    /** How long {@link #create} waits for a pool to fill up to its size. */
    Duration FILL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The names {@link #create} accepts, in the order the benchmarks list them. {@code
     * poolkit-listener} is poolkit with a listener set; {@code poolkit-strict} and {@code
     * poolkit-bounded} are poolkit with {@code Fairness.STRICT} and {@code Fairness.BOUNDED}; {@code
     * baseline} is no pool at all: every acquire returns the same pre-built resource.
     */
    String[] NAMES = {
        "poolkit",
        "poolkit-listener",
        "poolkit-strict",
        "poolkit-bounded",
        "stormpot",
        "stormpot-inline",
        "hikaricp",
        "vibur",
        "commons-pool2",
        "baseline"
    };

    /**
     * Acquires a resource, waiting up to {@link #ACQUIRE_TIMEOUT}.
     *
     * @return the handle to pass to {@link #resource} and {@link #release}, never null
     * @throws Exception if the pool fails or times out
     */
    H acquire() throws Exception;

    /**
     * Returns the resource behind a handle, the way a user of that library reaches it.
     *
     * @param handle a handle from {@link #acquire()} not yet released
     * @return the resource
     * @throws Exception if the library refuses
     */
    Object resource(H handle) throws Exception;

    /**
     * Returns a handle's resource to the pool.
     *
     * @param handle a handle from {@link #acquire()}, released once
     * @throws Exception if the library fails
     */
    void release(H handle) throws Exception;

    /**
     * One benchmark cycle, the same for every pool: acquire, reach the resource, release.
     *
     * @return the resource, for the caller to sink
     * @throws Exception if the library fails or times out
     */
    default Object cycle() throws Exception {
        H handle = acquire();
        try {
            return resource(handle);
        } finally {
            release(handle);
        }
    }

    /** Shuts the pool down. */
    @Override
    void close() throws Exception;

    /**
     * Builds and pre-fills the pool called {@code name}.
     *
     * @param name one of {@link #NAMES}
     * @param size the pool's maximum size, also its minimum idle size
     * @return a pool with {@code size} idle resources
     * @throws Exception if the pool cannot be built or does not fill in {@link #FILL_TIMEOUT}
     */
    static BenchPool<?> create(String name, int size) throws Exception {
        return switch (name) {
            case "poolkit" -> new PoolkitPool(size, false, null);
            case "poolkit-listener" -> new PoolkitPool(size, true, null);
            case "poolkit-strict" -> new PoolkitPool(size, false, Fairness.STRICT);
            case "poolkit-bounded" -> new PoolkitPool(size, false, Fairness.BOUNDED);
            case "stormpot" -> new StormpotPool(size, false);
            case "stormpot-inline" -> new StormpotPool(size, true);
            case "hikaricp" -> new HikariPool(size);
            case "vibur" -> new ViburPool(size);
            case "commons-pool2" -> new CommonsPool2Pool(size);
            case "baseline" -> new NoPool();
            default -> throw new IllegalArgumentException("unknown pool: " + name);
        };
    }

    /**
     * Waits until {@code filled} holds, polling every millisecond, for up to {@link #FILL_TIMEOUT}.
     *
     * @param what named in the failure message
     * @param filled the condition
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the condition does not hold in time
     */
    static void awaitFilled(String what, java.util.function.BooleanSupplier filled) throws InterruptedException {
        long deadline = System.nanoTime() + FILL_TIMEOUT.toNanos();
        while (!filled.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not fill up within " + FILL_TIMEOUT);
            }
            Thread.sleep(1);
        }
    }
}
