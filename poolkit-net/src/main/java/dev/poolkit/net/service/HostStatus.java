package dev.poolkit.net.service;

import static java.util.Objects.requireNonNull;

/**
 * The state of one host of a {@link Service}, in plain values (strings, numbers, booleans and a
 * nested record, so that any JSON mapper writes it as it is, without modules): what an admin
 * endpoint's {@code /hosts} shows. From {@link Service#hosts()}.
 *
 * @param host the host as {@code host:port}
 * @param enabled whether the host is in rotation ({@link Service#disable} takes it out)
 * @param score its pooly score in {@code [0, 1]}, brought up to date, or {@code -1} before the first
 *     computation (pooly's "not scored yet")
 * @param outstanding requests leased from it and not yet given back
 * @param requests connections the service handed out from it (pooly's {@code conns.get.count})
 * @param share its part of the service's requests, {@code requests / sum of requests} over the
 *     current hosts; 0 when there were none
 * @param getFailures tries of {@code getConnection} that failed on it (pooly's {@code
 *     conns.get.fails})
 * @param releases leases of its connections that ended (pooly's {@code conns.put.count})
 * @param failures failed dials, dead connections found by the probe and fatal releases (pooly's
 *     {@code conns.fails})
 * @param pool its connection pool
 */
public record HostStatus(
        String host,
        boolean enabled,
        double score,
        int outstanding,
        long requests,
        double share,
        long getFailures,
        long releases,
        long failures,
        PoolStatus pool) {

    /**
     * Checks the reference fields.
     *
     * @throws NullPointerException if {@code host} or {@code pool} is null
     */
    public HostStatus {
        requireNonNull(host, "host");
        requireNonNull(pool, "pool");
    }
}
