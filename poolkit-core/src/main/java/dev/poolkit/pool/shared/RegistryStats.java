package dev.poolkit.pool.shared;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A snapshot of a {@link SharedResourceRegistry}'s state and cumulative counters (go-pooler's {@code
 * Stats}, with its {@code WaitCount} split into {@code waitingNow} and a cumulative {@code
 * waitCount}).
 *
 * @param maxOpen the most resources that may exist at once
 * @param open resources that exist or are being created now; never above {@code maxOpen}
 * @param waitingNow callers waiting now because {@code maxOpen} resources exist
 * @param waitCount callers that had to wait since the registry started, those that gave up included
 * @param waitDuration the time that callers spent waiting for room, summed over the waits that ended
 *     with room (a wait that timed out or was interrupted adds nothing); the creation itself is not
 *     included
 * @param created resources created
 * @param closed resources closed (by release, releaseAll, a failed health check or close)
 * @param creationFailures calls to {@link SharedResourceFactory#create} that failed or returned null
 * @param pingFailures health checks that failed, threw or overran {@code pingTimeout}
 * @param closeFailures calls to {@link SharedResourceFactory#close} that threw
 */
public record RegistryStats(
        int maxOpen,
        int open,
        int waitingNow,
        long waitCount,
        Duration waitDuration,
        long created,
        long closed,
        long creationFailures,
        long pingFailures,
        long closeFailures) {

    /**
     * Checks the reference fields.
     *
     * @throws NullPointerException if {@code waitDuration} is null
     */
    public RegistryStats {
        requireNonNull(waitDuration, "waitDuration");
    }
}
