package dev.poolkit.balance.sim;

import dev.poolkit.balance.Ticker;

/**
 * A ticker that only moves when told to: the simulator's simulated time, also handy in tests.
 *
 * <p>Thread-safe for one writer and many readers (the time is a volatile field).
 */
public final class ManualTicker implements Ticker {
    private volatile long now;

    /** Creates a ticker at time 0. */
    public ManualTicker() {}

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
