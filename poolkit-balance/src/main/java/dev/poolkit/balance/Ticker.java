package dev.poolkit.balance;

/**
 * A monotonic time source, read in nanoseconds, injected wherever balance measures or ages
 * something (host scores, latency averages, probe intervals, the simulator's time), so that tests
 * and simulations can drive time themselves.
 *
 * <p>It has the shape of core's {@code dev.poolkit.pool.Ticker} (balance does not depend on core),
 * so one adapts to the other with a method reference: {@code coreTicker::nanoTime}.
 *
 * <p>Implementations must be safe to call from any number of threads at once and cheap. Only
 * differences between two readings are meaningful, as for {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface Ticker {
    /**
     * Returns the current reading in nanoseconds, from an arbitrary origin.
     *
     * @return a reading that never decreases between calls
     */
    long nanoTime();

    /**
     * Returns the ticker backed by {@link System#nanoTime()}.
     *
     * @return the system ticker, never {@code null}
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
