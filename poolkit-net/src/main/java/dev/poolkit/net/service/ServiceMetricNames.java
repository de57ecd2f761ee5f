package dev.poolkit.net.service;

/**
 * Names of the service metrics (style §7): pooly's statsd set (reference §4.7) as Micrometer
 * meters, bound by {@link ServiceMetrics}. Every meter is tagged {@code service}; the per-host ones
 * also {@code host} ({@code host:port}). In Prometheus text:
 *
 * <ul>
 *   <li>per service: {@code poolkit_service_hosts} (pooly's {@code hosts.count}), {@code
 *       poolkit_service_conns} ({@code conns.count});
 *   <li>per host: {@code poolkit_service_hosts_score} ({@code hosts.score}, as a gauge of the
 *       score in [0, 1]), {@code poolkit_service_hosts_enabled}, {@code
 *       poolkit_service_hosts_outstanding}, {@code poolkit_service_conns_fails_total}, {@code
 *       poolkit_service_conns_put_total}, {@code poolkit_service_conns_get_total}, {@code
 *       poolkit_service_conns_get_delay_seconds_count} / {@code _sum}, {@code
 *       poolkit_service_conns_get_fails_total}, {@code
 *       poolkit_service_conns_active_period_seconds_count} / {@code _sum};
 *   <li>per host, from each host's pool through the monitor module's {@code PoolMetrics}: {@code
 *       poolkit_pool_*} tagged {@code pool} ({@code <service>/<host:port>}), {@code service} and
 *       {@code host}.
 * </ul>
 *
 * pooly's names ending in {@code .count} drop it: Prometheus reserves {@code _count} for
 * summaries and histograms, and the registry adds {@code _total} to counters.
 */
public final class ServiceMetricNames {

    private ServiceMetricNames() {}

    /** The tag holding the service's name. */
    public static final String TAG_SERVICE = "service";
    /** The tag holding the host as {@code host:port}. */
    public static final String TAG_HOST = "host";

    /** Hosts of the service, enabled or not (gauge; pooly's {@code hosts.count}). */
    public static final String HOSTS = "poolkit.service.hosts";
    /** Connections open or being dialled, summed over the hosts (gauge; pooly's {@code conns.count}). */
    public static final String CONNS = "poolkit.service.conns";
    /** A host's pooly score in [0, 1], -1 before its first computation (gauge; pooly's {@code hosts.score}). */
    public static final String HOST_SCORE = "poolkit.service.hosts.score";
    /** Whether a host is in rotation: 1 or 0 (gauge). */
    public static final String HOST_ENABLED = "poolkit.service.hosts.enabled";
    /** Requests leased from a host and not yet given back (gauge). */
    public static final String HOST_OUTSTANDING = "poolkit.service.hosts.outstanding";
    /** Failed dials, dead connections found by the probe and fatal releases (counter; pooly's {@code conns.fails}). */
    public static final String CONNS_FAILS = "poolkit.service.conns.fails";
    /** Leases that ended (counter; pooly's {@code conns.put.count}). */
    public static final String CONNS_PUT = "poolkit.service.conns.put";
    /** Connections handed out (counter; pooly's {@code conns.get.count}). */
    public static final String CONNS_GET = "poolkit.service.conns.get";
    /** The time a successful try took to lease (function timer; pooly's {@code conns.get.delay}). */
    public static final String CONNS_GET_DELAY = "poolkit.service.conns.get.delay";
    /** Tries that failed on a host (counter; pooly's {@code conns.get.fails}). */
    public static final String CONNS_GET_FAILS = "poolkit.service.conns.get.fails";
    /** The time between a lease and its end (function timer; pooly's {@code conns.active.period}). */
    public static final String CONNS_ACTIVE_PERIOD = "poolkit.service.conns.active.period";
}
