package dev.poolkit.net.tunnel;

import java.time.Duration;

/**
 * NodePass's adaptive capacity and refill interval (reference §5.3), with its integer arithmetic:
 * the interval thresholds are {@code capacity*2/10} and {@code capacity*8/10} in integer division
 * (so with a capacity below 5 the interval never shrinks), the interval moves in 100 ms steps
 * within its bounds, and the capacity moves by one when the share of the capacity created in the
 * last cycle is below 0.2 or above 0.8.
 *
 * <p>Written by the manager only (one cycle at a time); read by anyone.
 */
final class AdaptiveRules {

    static final long STEP_NANOS = Duration.ofMillis(100).toNanos();

    private final int minCapacity;
    private final int maxCapacity;
    private final long minIntervalNanos;
    private final long maxIntervalNanos;
    private volatile int capacity;
    private volatile long intervalNanos;

    AdaptiveRules(int minCapacity, int maxCapacity, Duration minInterval, Duration maxInterval) {
        this.minCapacity = minCapacity;
        this.maxCapacity = maxCapacity;
        this.minIntervalNanos = minInterval.toNanos();
        this.maxIntervalNanos = maxInterval.toNanos();
        this.capacity = minCapacity;
        this.intervalNanos = minIntervalNanos;
    }

    /** Run before a refill, with {@code idle} = connections pooled now. */
    void adjustInterval(int idle) {
        int c = capacity;
        long interval = intervalNanos;
        if (idle < c * 2 / 10 && interval > minIntervalNanos) {
            intervalNanos = Math.max(minIntervalNanos, interval - STEP_NANOS);
        } else if (idle > c * 8 / 10 && interval < maxIntervalNanos) {
            intervalNanos = Math.min(maxIntervalNanos, interval + STEP_NANOS);
        }
    }

    /** Run after a refill, with {@code created} = connections pooled by it. */
    void adjustCapacity(int created) {
        int c = capacity;
        double ratio = (double) created / c;
        if (ratio < 0.2 && c > minCapacity) {
            capacity = c - 1;
        } else if (ratio > 0.8 && c < maxCapacity) {
            capacity = c + 1;
        }
    }

    int capacity() {
        return capacity;
    }

    Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
