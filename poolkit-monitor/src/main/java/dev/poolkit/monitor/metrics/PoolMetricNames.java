package dev.poolkit.monitor.metrics;

/**
 * Names of the pool metrics (style §7), after HikariCP's {@code hikaricp.connections.*}. In
 * Prometheus text: {@code poolkit_pool_active}, {@code _idle}, {@code _pending}, {@code _size},
 * {@code _max}, {@code _min}, {@code poolkit_pool_acquire_seconds_count}/{@code _sum}, {@code
 * poolkit_pool_timeouts_total}, {@code poolkit_pool_creation_seconds_count}, {@code
 * poolkit_pool_destructions_total}, {@code poolkit_pool_creation_failures_total}, {@code
 * poolkit_pool_destruction_failures_total} and {@code poolkit_pool_leaks_total}, each tagged {@code
 * pool}.
 */
public final class PoolMetricNames {

    private PoolMetricNames() {}

    /** The tag holding the pool's name. */
    public static final String TAG_POOL = "pool";

    /** Resources leased now (HikariCP's {@code active}). */
    public static final String ACTIVE = "poolkit.pool.active";
    /** Idle resources now. */
    public static final String IDLE = "poolkit.pool.idle";
    /** Callers waiting for a resource now (HikariCP's {@code pending}). */
    public static final String PENDING = "poolkit.pool.pending";
    /** Resources that exist now: idle, leased, being created or checked. */
    public static final String SIZE = "poolkit.pool.size";
    /** The maximum size. */
    public static final String MAX = "poolkit.pool.max";
    /** The minimum number of idle resources. */
    public static final String MIN = "poolkit.pool.min";
    /** Acquires and the time callers spent waiting for them. */
    public static final String ACQUIRE = "poolkit.pool.acquire";
    /** Acquires that timed out. */
    public static final String TIMEOUTS = "poolkit.pool.timeouts";
    /** Resource creations (successful and failed) and the time the factory took. */
    public static final String CREATION = "poolkit.pool.creation";
    /** Resources destroyed. */
    public static final String DESTRUCTIONS = "poolkit.pool.destructions";
    /** Failed resource creations. */
    public static final String CREATION_FAILURES = "poolkit.pool.creation.failures";
    /** Destructions whose {@code ResourceFactory.destroy} threw. */
    public static final String DESTRUCTION_FAILURES = "poolkit.pool.destruction.failures";
    /** Leases reported as leaked. */
    public static final String LEAKS = "poolkit.pool.leaks";
}
