package dev.poolkit.net.tunnel;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter for repeated failures: the n-th consecutive failure waits a
 * random time in (d/2, d], where d = initial * 2^(n-1), at most {@code max}. The jitter keeps many
 * clients of one restarted server from reconnecting in lock step. Not thread-safe: one owner.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    Duration next() {
        failures++;
        long delay = initialNanos;
        for (int i = 1; i < failures && delay < maxNanos; i++) {
            delay = delay * 2;
        }
        delay = Math.min(delay, maxNanos);
        long half = delay / 2;
        return Duration.ofNanos(
                half == 0 ? delay : delay - ThreadLocalRandom.current().nextLong(half));
    }

    /** Forgets the failures after a success. */
    void reset() {
        failures = 0;
    }

    /** Returns the number of consecutive failures since the last success. */
    int failures() {
        return failures;
    }
}
