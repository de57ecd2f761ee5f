package dev.poolkit.net.tunnel;

/**
 * Names of the tunnel pool metrics (style §7), bound by {@link TunnelPoolMetrics}. Every meter is
 * tagged {@code pool} (the pool's name) and {@code side} ({@code client} or {@code server}). In
 * Prometheus text:
 *
 * <ul>
 *   <li>both sides: {@code poolkit_tunnel_pooled}, {@code poolkit_tunnel_handshake_seconds_count} /
 *       {@code _sum}, {@code poolkit_tunnel_discarded_total}, {@code poolkit_tunnel_errors};
 *   <li>client: {@code poolkit_tunnel_capacity}, {@code poolkit_tunnel_interval_seconds}, {@code
 *       poolkit_tunnel_dials_total{kind="prewarm"|"fresh"}}, {@code
 *       poolkit_tunnel_dial_failures_total{stage="connect"|"tls"|"id"}};
 *   <li>server: {@code poolkit_tunnel_accepted_total}, {@code poolkit_tunnel_rejected_total}, {@code
 *       poolkit_tunnel_handshake_failures_total}.
 * </ul>
 */
public final class TunnelMetricNames {

    private TunnelMetricNames() {}

    /** The tag holding the pool's name. */
    public static final String TAG_POOL = "pool";
    /** The tag saying which side of the tunnel a pool is: {@code client} or {@code server}. */
    public static final String TAG_SIDE = "side";
    /** The tag telling pre-warming dials ({@code prewarm}) from {@code get()}'s own ({@code fresh}). */
    public static final String TAG_KIND = "kind";
    /** The tag naming where a dial failed: {@code connect}, {@code tls} or {@code id}. */
    public static final String TAG_STAGE = "stage";

    /** Connections pooled now, ready to be handed out (gauge). */
    public static final String POOLED = "poolkit.tunnel.pooled";
    /** The client's current adaptive capacity (gauge). */
    public static final String CAPACITY = "poolkit.tunnel.capacity";
    /** The client's current adaptive refill interval (gauge, seconds). */
    public static final String INTERVAL = "poolkit.tunnel.interval";
    /** Connection attempts by the client (counter, tag {@code kind}). */
    public static final String DIALS = "poolkit.tunnel.dials";
    /** Client attempts that failed (counter, tag {@code stage}). */
    public static final String DIAL_FAILURES = "poolkit.tunnel.dial.failures";
    /** Completed handshakes (TLS and ID exchange) and their total time (function timer). */
    public static final String HANDSHAKE = "poolkit.tunnel.handshake";
    /** Pooled connections found dead when handed out, and closed (counter). */
    public static final String DISCARDED = "poolkit.tunnel.discarded";
    /** Errors since the last {@code resetErrors()} (gauge: it can go back to zero). */
    public static final String ERRORS = "poolkit.tunnel.errors";
    /** Connections the server accepted (counter). */
    public static final String ACCEPTED = "poolkit.tunnel.accepted";
    /** Accepted connections the server closed at once: address not allowed, or pool full (counter). */
    public static final String REJECTED = "poolkit.tunnel.rejected";
    /** Server handshakes (TLS or ID write) that failed (counter). */
    public static final String HANDSHAKE_FAILURES = "poolkit.tunnel.handshake.failures";
}
