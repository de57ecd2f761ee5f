package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a pool's state and its cumulative counters, from {@link Pool#stats()}.
 *
 * <p>The pool keeps every figure up to date as resources change hands, and the snapshot reads them
 * one after another without stopping the pool: while callers acquire and release, the gauges
 * ({@code size}, {@code idle}, {@code leased}, {@code waiting}) may be off by the resources in
 * transit, but once the pool is quiet {@code size == idle + leased} and {@code created - destroyed ==
 * size} hold exactly. The counters never go down.
 *
 * @param maxSize the current maximum number of resources
 * @param minIdle the current number of idle resources kept ready in the background
 * @param size resources that exist now: idle, leased, being created or being checked
 * @param idle resources ready to be handed out
 * @param leased resources held by callers
 * @param waiting callers waiting for a resource now
 * @param created resources created since the pool started
 * @param destroyed resources destroyed since the pool started (counted when the pool lets go of
 *     them, before {@link ResourceFactory#destroy(Object, DestroyReason)} has run)
 * @param acquired successful acquires since the pool started
 * @param timeouts acquires that failed with a {@link PoolTimeoutException}
 * @param creationFailures calls to {@link ResourceFactory#create()} that failed or returned null
 * @param validationFailures resources destroyed because validation said no, threw or overran
 * @param destroyFailures calls to {@link ResourceFactory#destroy(Object, DestroyReason)} that threw
 * @param leaks leases reported as held longer than the leak threshold
 * @param doubleReleases release or invalidate calls on a lease that was no longer active
 * @param listenerFailures calls to the {@link PoolListener} that threw
 * @param totalWait the time that callers spent waiting in the queue, summed over all acquires
 * @param totalCreationTime the time spent in {@link ResourceFactory#create()}, successful calls and
 *     failed ones, summed
 * @param lastCreationFailure the most recent failed creation, if any has failed
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
        long destroyFailures,
        long leaks,
        long doubleReleases,
        long listenerFailures,
        Duration totalWait,
        Duration totalCreationTime,
        Optional<CreationFailure> lastCreationFailure) {

    /**
     * Checks the reference fields.
     *
     * @throws NullPointerException if a reference field is null
     */
    public PoolStats {
        requireNonNull(totalWait, "totalWait");
        requireNonNull(totalCreationTime, "totalCreationTime");
        requireNonNull(lastCreationFailure, "lastCreationFailure");
    }

    /**
     * When a resource creation failed and why, so that a health check can say "cannot connect:
     * java.net.ConnectException: Connection refused" without a log.
     *
     * @param time when the factory's call ended, by the system clock
     * @param message the factory's exception as {@link Throwable#toString()} gives it (type and
     *     message), or {@code "factory returned null"}
     */
    public record CreationFailure(Instant time, String message) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public CreationFailure {
            requireNonNull(time, "time");
            requireNonNull(message, "message");
        }
    }
}
