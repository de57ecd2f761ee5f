package dev.poolkit.pool;

import java.time.Duration;

/**
 * A snapshot of a pool's state and its cumulative counters. The gauges ({@code size}, {@code idle},
 * {@code leased}, {@code waiting}) are read one after another without stopping the pool, so under
 * load they may not add up exactly; the counters only grow.
 *
 * @param maxSize the current maximum number of resources
 * @param minIdle the current number of idle resources kept ready in the background
 * @param size resources that exist now: idle, leased, being created or being checked
 * @param idle resources ready to be handed out
 * @param leased resources held by callers
 * @param waiting callers waiting for a resource now
 * @param created resources created since the pool started
 * @param destroyed resources destroyed since the pool started
 * @param acquired successful acquires since the pool started
 * @param timeouts acquires that failed with a {@link PoolTimeoutException}
 * @param creationFailures calls to {@link ResourceFactory#create()} that failed or returned null
 * @param validationFailures resources destroyed because {@link ResourceFactory#isValid} said no or threw
 * @param leaks leases reported as held longer than the leak threshold
 * @param doubleReleases release or invalidate calls on a lease that was no longer active
 * @param totalWait the time that callers spent waiting in the queue, summed over all acquires
 * @param totalCreationTime the time spent in {@link ResourceFactory#create()}, successful calls and
 *     failed ones, summed
 */
public record PoolStats(
        int maxSize,
        int minIdle,
        int size,
        int idle,
        int leased,
        int waiting,
        long created,
        long destroyed,
        long acquired,
        long timeouts,
        long creationFailures,
        long validationFailures,
        long leaks,
        long doubleReleases,
        Duration totalWait,
        Duration totalCreationTime) {}
