package dev.poolkit.net.worker;

import static dev.poolkit.net.worker.WorkerPoolMetricNames.*;
import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a {@link WorkerPool} and its {@link IdleReaper} (names in {@link
 * WorkerPoolMetricNames}, tag {@code pool}). Meters read the source's {@code stats()} when the
 * registry is scraped; the binder keeps a strong reference to its sources, and removes its meters on
 * {@link #close()} and when a bound pool or reaper is closed (a pool that is only stopped keeps them,
 * since it may start again).
 *
 * <p>Thread-safe.
 */
public final class WorkerPoolMetrics implements AutoCloseable {

    // strong references: the meters' functions read them, and the registry holds meters weakly
    private final WorkerPool pool;
    private final IdleReaper reaper;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private WorkerPoolMetrics(WorkerPool pool, IdleReaper reaper, MeterRegistry registry) {
        this.pool = pool;
        this.reaper = reaper;
        this.registry = registry;
    }

    /**
     * Binds a pool's metrics, tagged {@code pool=<pool.name()>}.
     *
     * @param pool the pool
     * @param registry the registry
     * @return the binding; close it to remove the meters (closing the pool does so too)
     * @throws NullPointerException if an argument is null
     */
    public static WorkerPoolMetrics bind(WorkerPool pool, MeterRegistry registry) {
        requireNonNull(pool, "pool");
        return create(pool, null, registry);
    }

    /**
     * Binds an idle reaper's metrics, tagged {@code pool=<reaper.name()>}.
     *
     * @param reaper the reaper
     * @param registry the registry
     * @return the binding; close it to remove the meters (closing the reaper does so too)
     * @throws NullPointerException if an argument is null
     */
    public static WorkerPoolMetrics bind(IdleReaper reaper, MeterRegistry registry) {
        requireNonNull(reaper, "reaper");
        return create(null, reaper, registry);
    }

    /**
     * Binds the metrics of an accept loop's pool and, when idle reaping is on, of its reaper.
     *
     * @param loop the accept loop
     * @param registry the registry
     * @return the binding; close it to remove the meters (closing the loop does so too)
     * @throws NullPointerException if an argument is null
     */
    public static WorkerPoolMetrics bind(AcceptLoop loop, MeterRegistry registry) {
        requireNonNull(loop, "loop");
        return create(loop.pool(), loop.reaper().orElse(null), registry);
    }

    private static WorkerPoolMetrics create(WorkerPool pool, IdleReaper reaper, MeterRegistry registry) {
        requireNonNull(registry, "registry");
        WorkerPoolMetrics m = new WorkerPoolMetrics(pool, reaper, registry);
        if (pool != null) {
            Tags tags = Tags.of(TAG_POOL, pool.name());
            m.gauge(WORKERS, "Worker threads alive now, busy and idle", tags, x -> x.pool.workers());
            m.gauge(BUSY, "Connections being served now", tags, x -> x.pool.busy());
            m.gauge(
                    MIN,
                    "Configured minimum number of workers",
                    tags,
                    x -> x.pool.config().minWorkers());
            m.gauge(
                    MAX,
                    "Configured maximum of busy workers (0 = unlimited)",
                    tags,
                    x -> x.pool.config().maxWorkers());
            m.counter(
                    ACCEPTED,
                    "Connections handed to a worker",
                    tags,
                    null,
                    x -> x.pool.stats().accepted());
            m.counter(
                    REJECTED,
                    "Connections refused because every worker was busy",
                    tags,
                    null,
                    x -> x.pool.stats().rejected());
            m.counter(
                    MESSAGES,
                    "Messages delivered to the message handler",
                    tags,
                    null,
                    x -> x.pool.stats().messages());
            m.counter(
                    TRAFFIC,
                    "Bytes read from and written to clients",
                    tags.and(TAG_DIRECTION, DIRECTION_IN),
                    BaseUnits.BYTES,
                    x -> x.pool.stats().bytesRead());
            m.counter(
                    TRAFFIC,
                    "Bytes read from and written to clients",
                    tags.and(TAG_DIRECTION, DIRECTION_OUT),
                    BaseUnits.BYTES,
                    x -> x.pool.stats().bytesWritten());
            m.counter(
                    HANDLER_FAILURES,
                    "Handler calls that threw; each closed its connection",
                    tags,
                    null,
                    x -> x.pool.stats().handlerFailures());
            m.counter(
                    CLIENT_TIMEOUTS,
                    "Connections closed because the client sent nothing within the client deadline",
                    tags,
                    null,
                    x -> x.pool.stats().clientTimeouts());
            pool.onClose(m::close);
        }
        if (reaper != null) {
            Tags tags = Tags.of(TAG_POOL, reaper.name());
            m.gauge(
                    REAPER_WATCHED,
                    "Connections the idle reaper watches now",
                    tags,
                    x -> x.reaper.stats().watched());
            m.counter(
                    REAPER_CLOSES,
                    "Connections the idle reaper closed for silence",
                    tags,
                    null,
                    x -> x.reaper.stats().idleClosed());
            reaper.onClose(m::close);
        }
        return m;
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<WorkerPoolMetrics> f) {
        meters.add(Gauge.builder(name, this, f)
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    private void counter(String name, String help, Tags tags, String unit, ToDoubleFunction<WorkerPoolMetrics> f) {
        meters.add(FunctionCounter.builder(name, this, f)
                .description(help)
                .tags(tags)
                .baseUnit(unit)
                .register(registry));
    }

    /** Removes every meter of this binding. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            meters.forEach(registry::remove);
        }
    }
}
