package dev.poolkit.pool.internal;

import dev.poolkit.pool.PoolStats;
import java.time.Duration;
import java.util.Optional;

/**
 * Adds up {@link PoolStats} snapshots: the totals of a keyed pool over its keys. Gauges ({@code
 * size}, {@code idle}, ...) count only the pools that are still there; counters also count the pools
 * already gone, so that the totals never go down. Not thread-safe.
 */
final class StatsSum {

    private long minIdle;
    private long size;
    private long idle;
    private long leased;
    private long waiting;
    private long created;
    private long destroyed;
    private long acquired;
    private long timeouts;
    private long creationFailures;
    private long validationFailures;
    private long destroyFailures;
    private long leaks;
    private long doubleReleases;
    private long listenerFailures;
    private long waitNanos;
    private long creationNanos;
    private PoolStats.CreationFailure lastCreationFailure;

    /** Adds a pool that is still there: its gauges and its counters. */
    void add(PoolStats stats) {
        minIdle += stats.minIdle();
        size += stats.size();
        idle += stats.idle();
        leased += stats.leased();
        waiting += stats.waiting();
        addCounters(stats);
    }

    /** Adds the counters of a pool that is gone (its gauges are zero, or no longer matter). */
    void addCounters(PoolStats stats) {
        created += stats.created();
        destroyed += stats.destroyed();
        acquired += stats.acquired();
        timeouts += stats.timeouts();
        creationFailures += stats.creationFailures();
        validationFailures += stats.validationFailures();
        destroyFailures += stats.destroyFailures();
        leaks += stats.leaks();
        doubleReleases += stats.doubleReleases();
        listenerFailures += stats.listenerFailures();
        waitNanos += stats.totalWait().toNanos();
        creationNanos += stats.totalCreationTime().toNanos();
        stats.lastCreationFailure().ifPresent(failure -> {
            if (lastCreationFailure == null || failure.time().isAfter(lastCreationFailure.time())) {
                lastCreationFailure = failure;
            }
        });
    }

    /**
     * Returns the totals as one snapshot.
     *
     * @param maxSize the limit of all the pools together
     */
    PoolStats toStats(int maxSize) {
        return new PoolStats(
                maxSize,
                clamp(minIdle),
                clamp(size),
                clamp(idle),
                clamp(leased),
                clamp(waiting),
                created,
                destroyed,
                acquired,
                timeouts,
                creationFailures,
                validationFailures,
                destroyFailures,
                leaks,
                doubleReleases,
                listenerFailures,
                Duration.ofNanos(waitNanos),
                Duration.ofNanos(creationNanos),
                Optional.ofNullable(lastCreationFailure));
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}
