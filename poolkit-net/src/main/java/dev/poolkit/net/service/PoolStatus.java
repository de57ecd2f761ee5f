package dev.poolkit.net.service;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.host.HostPoolStats;
import dev.poolkit.pool.PoolStats;

/**
 * The state of one host's connection pool, in plain values (strings and numbers only, so that any
 * JSON mapper writes it as it is, without modules): what an admin endpoint's {@code /pools} shows.
 * Part of {@link HostStatus}.
 *
 * @param host the host as {@code host:port}
 * @param name the pool's name, {@code <service>/<host:port>}
 * @param maxSize the most connections the pool may hold
 * @param minIdle the connections it keeps ready
 * @param size the connections open or being dialled now (pooly's {@code ActiveConns})
 * @param idle the connections ready to be leased now
 * @param leased the connections leased now
 * @param waiting the callers waiting for a connection now
 * @param created connections opened since the pool started
 * @param destroyed connections closed since the pool started
 * @param acquired successful leases
 * @param timeouts leases that timed out
 * @param dials connection attempts, each retry counted
 * @param dialFailures connection attempts that failed
 * @param validationFailures idle connections found dead by the liveness probe, and closed
 * @param fatalReleases leases that ended with a fatal error
 * @param lastDialFailure the most recent failed creation as {@code Throwable.toString()} gives it
 *     ({@code java.net.ConnectException: connect to ... failed: Connection refused}), or {@code null}
 *     if no creation has failed
 */
public record PoolStatus(
        String host,
        String name,
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
        long dials,
        long dialFailures,
        long validationFailures,
        long fatalReleases,
        String lastDialFailure) {

    /**
     * Checks the required fields.
     *
     * @throws NullPointerException if {@code host} or {@code name} is null
     */
    public PoolStatus {
        requireNonNull(host, "host");
        requireNonNull(name, "name");
    }

    static PoolStatus of(String host, String name, HostPoolStats stats) {
        PoolStats pool = stats.pool();
        return new PoolStatus(
                host,
                name,
                pool.maxSize(),
                pool.minIdle(),
                pool.size(),
                pool.idle(),
                pool.leased(),
                pool.waiting(),
                pool.created(),
                pool.destroyed(),
                pool.acquired(),
                pool.timeouts(),
                stats.dials(),
                stats.dialFailures(),
                pool.validationFailures(),
                stats.fatalReleases(),
                pool.lastCreationFailure()
                        .map(PoolStats.CreationFailure::message)
                        .orElse(null));
    }
}
