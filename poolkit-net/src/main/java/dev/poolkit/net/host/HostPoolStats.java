package dev.poolkit.net.host;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.PoolStats;

/**
 * A snapshot of a {@link HostPool}: the core pool's state and counters, plus what happened on the
 * network, from {@link HostPool#stats()}. The counters never go down.
 *
 * @param pool the core pool's snapshot: size (pooly's {@code ActiveConns}: connections open or
 *     being dialled), idle, leased, created, destroyed, validation failures, ...
 * @param dials connection attempts, each retry counted
 * @param dialFailures connection attempts that failed
 * @param returned leases that ended with the connection back in the pool
 * @param discarded leases that ended with the connection closed without a fatal error: {@link
 *     Connection#discard()}, {@link Connection#close()} without an I/O error, a connection the
 *     holder closed itself or whose peer ended the stream
 * @param fatalReleases leases that ended with a fatal error, so the connection was closed
 * @param listenerFailures calls to the {@link ConnectionListener} that threw
 */
public record HostPoolStats(
        PoolStats pool,
        long dials,
        long dialFailures,
        long returned,
        long discarded,
        long fatalReleases,
        long listenerFailures) {

    /**
     * Checks the reference field.
     *
     * @throws NullPointerException if {@code pool} is null
     */
    public HostPoolStats {
        requireNonNull(pool, "pool");
    }

    /**
     * Returns the number of leases that ended, however they ended (pooly's {@code conns.put.count}).
     *
     * @return {@code returned + discarded + fatalReleases}
     */
    public long releases() {
        return returned + discarded + fatalReleases;
    }

    /**
     * Returns pooly's {@code conns.fails}: failed dials, connections that failed validation, and
     * fatal releases.
     *
     * @return {@code dialFailures + pool.validationFailures() + fatalReleases}
     */
    public long failures() {
        return dialFailures + pool.validationFailures() + fatalReleases;
    }
}
