package dev.poolkit.pool.testing;

import dev.poolkit.pool.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that only moves when a test advances it. Thread-safe. */
public final class FakeClock implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /**
     * Moves the time forward.
     *
     * @param duration how far; must not be negative
     * @return the new reading
     */
    public long advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, but was " + duration);
        }
        return nanos.addAndGet(duration.toNanos());
    }
}
