package dev.poolkit.net.worker;

/**
 * Names and tags of the worker pool and idle reaper metrics (style §7). In Prometheus text: {@code
 * poolkit_worker_workers}, {@code _busy}, {@code _min}, {@code _max} (gauges), {@code
 * poolkit_worker_accepted_total}, {@code _rejected_total}, {@code _messages_total}, {@code
 * poolkit_worker_traffic_bytes_total{direction="in"|"out"}}, {@code
 * poolkit_worker_handler_failures_total}, {@code poolkit_worker_client_timeouts_total}, and for the
 * idle reaper {@code poolkit_worker_reaper_watched} and {@code poolkit_worker_reaper_closes_total};
 * each tagged {@code pool}.
 */
public final class WorkerPoolMetricNames {

    private WorkerPoolMetricNames() {}

    /** The tag holding the pool's (or the reaper's) name. */
    public static final String TAG_POOL = "pool";
    /** The tag telling the direction of {@link #TRAFFIC}. */
    public static final String TAG_DIRECTION = "direction";
    /** {@link #TAG_DIRECTION} value: bytes read from clients. */
    public static final String DIRECTION_IN = "in";
    /** {@link #TAG_DIRECTION} value: bytes written to clients. */
    public static final String DIRECTION_OUT = "out";

    /** Worker threads alive now. */
    public static final String WORKERS = "poolkit.worker.workers";
    /** Connections being served now. */
    public static final String BUSY = "poolkit.worker.busy";
    /** The configured minimum number of workers. */
    public static final String MIN = "poolkit.worker.min";
    /** The configured maximum number of busy workers; 0 = unlimited. */
    public static final String MAX = "poolkit.worker.max";
    /** Connections handed to a worker. */
    public static final String ACCEPTED = "poolkit.worker.accepted";
    /** Connections refused because every worker was busy. */
    public static final String REJECTED = "poolkit.worker.rejected";
    /** Messages delivered to the message handler. */
    public static final String MESSAGES = "poolkit.worker.messages";
    /** Bytes read from and written to clients, by {@link #TAG_DIRECTION}. */
    public static final String TRAFFIC = "poolkit.worker.traffic";
    /** Handler calls that threw. */
    public static final String HANDLER_FAILURES = "poolkit.worker.handler.failures";
    /** Message-form connections closed at the client deadline. */
    public static final String CLIENT_TIMEOUTS = "poolkit.worker.client.timeouts";
    /** Connections the idle reaper watches now. */
    public static final String REAPER_WATCHED = "poolkit.worker.reaper.watched";
    /** Connections the idle reaper closed for silence. */
    public static final String REAPER_CLOSES = "poolkit.worker.reaper.closes";
}
