package dev.poolkit.balance.sim;

import dev.poolkit.balance.NanoClock;

/**
 * A clock that only moves when told to: the simulator's simulated time, also handy in tests.
 *
 * <p>Thread-safe for one writer and many readers (the time is a volatile field).
 */
public final class ManualClock implements NanoClock {
    private volatile long now;

    /** Creates a clock at time 0. */
    public ManualClock() {}

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Sets the time.
     *
     * @param nanos the new time
     */
    public void set(long nanos) {
        now = nanos;
    }

    /**
     * Moves the time forward.
     *
     * @param nanos how far, may be 0
     */
    public void advance(long nanos) {
        now += nanos;
    }
}
