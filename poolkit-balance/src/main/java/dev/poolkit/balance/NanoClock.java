package dev.poolkit.balance;

/**
 * A source of monotonic nanosecond time, injected wherever balance measures or ages something
 * (host scores, latency averages, the simulator's clock), so that tests and simulations can drive
 * time themselves.
 *
 * <p>Implementations must be thread-safe; values only need to be comparable with each other.
 */
@FunctionalInterface
public interface NanoClock {
    /**
     * Returns the current time in nanoseconds, from an arbitrary origin.
     *
     * @return the current time; never decreases for a monotonic clock
     */
    long nanoTime();

    /**
     * Returns the system's monotonic clock ({@link System#nanoTime()}).
     *
     * @return the system clock, never {@code null}
     */
    static NanoClock system() {
        return System::nanoTime;
    }
}
