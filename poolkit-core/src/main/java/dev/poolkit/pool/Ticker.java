package dev.poolkit.pool;

/**
 * A monotonic time source, read in nanoseconds, that pools and other poolkit components use for
 * every timeout, age and interval they measure.
 *
 * <p>Production code uses {@link #system()}; tests inject a fake whose time they advance by hand,
 * so that idle timeouts, lifetimes and back-off can be checked without waiting. Only differences
 * between two readings are meaningful, exactly as for {@link System#nanoTime()}.
 *
 * <p>Implementations must be safe to call from any number of threads at once and cheap: the pool
 * reads the ticker once per release.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Returns the current reading in nanoseconds.
     *
     * @return a reading that never decreases between calls
     */
    long nanoTime();

    /**
     * Returns the ticker backed by {@link System#nanoTime()}.
     *
     * @return the system ticker, a shared instance
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
