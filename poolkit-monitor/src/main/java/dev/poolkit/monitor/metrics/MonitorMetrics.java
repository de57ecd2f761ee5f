package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.MonitorMetricNames.*;
import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.CheckListener;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.internal.Checks;
import dev.poolkit.pool.internal.SharedScheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the nine golib monitor metrics of a {@link MonitorPool} to a Micrometer registry (see
 * {@link MonitorMetricNames}), each tagged {@code monitor=<name>}. Every meter is an ordinary
 * Micrometer meter, so the registry's common tags and meter filters apply to all of them, {@link
 * MeterRegistry#getMeters()} lists them, and {@link MeterRegistry#clear()} removes them.
 *
 * <p>After every check of a monitor in the pool its latency is recorded in the {@code
 * monitor.latency} timer and its gauges are updated; {@link #collect()} (called by hand or by
 * {@link #collectEvery}) updates every monitor's gauges, recomputes the SLI aggregates and drops the
 * series of monitors that left the pool. The SLI is availability (see {@link Sli}); a monitor with no
 * time yet has no SLI series and is left out of {@code mean}/{@code min}/{@code max}, which exist
 * only while at least one monitor has an SLI (never NaN). {@link #close()} removes every meter.
 *
 * <h2>Latency buckets</h2>
 *
 * The timer has golib's bucket bounds as service-level objectives, except golib's {@code 0}:
 * Micrometer accepts only positive bounds. On a Prometheus registry the histogram therefore has the
 * buckets {@code le="0.05"} to {@code le="10.0"} and {@code +Inf}, plus Micrometer's {@code
 * monitor_latency_seconds_max}; golib's {@code le="0"} bucket, which only ever counted checks that
 * took no time at all (a monitor without a health check), is not published, and those checks are
 * counted in every other bucket. Registries without histograms publish the timer's count, total
 * and maximum.
 *
 * <h2>Several bindings on one registry</h2>
 *
 * Any number of pools (or the same pool twice) may be bound to one registry. Each monitor name is
 * published once per registry: by the first binding that sees it, until that binding lets it go (the
 * monitor left its pool, or the binding was closed); another binding with a monitor of the same name
 * publishes nothing for it meanwhile and logs one WARN. Give monitors names that are unique across
 * the pools of a registry. The SLI aggregates are computed over every monitor published on the
 * registry, whatever its pool, and are removed with the last binding.
 *
 * <p>A monitor must not be named {@code mean}, {@code min} or {@code max}: its SLI series would clash
 * with the aggregates (as in golib).
 *
 * <p>Thread-safe.
 */
public final class MonitorMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorMetrics.class);

    /** golib's bounds but {@code 0}, which Micrometer rejects (service-level objectives must be positive). */
    private static final Duration[] LATENCY_BOUNDS =
            LATENCY_BUCKETS.stream().filter(d -> !d.isZero()).toArray(Duration[]::new);

    private final MonitorPool pool; // strong reference: the gauges read it
    private final MeterRegistry registry;
    private final RegistryShare share;
    private final CheckListener listener = this::onCheck;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Set<String> unpublished = ConcurrentHashMap.newKeySet(); // names another binding publishes
    private final ReentrantLock collectLock = new ReentrantLock();
    private final Set<PeriodicCollect> triggers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MonitorMetrics(MonitorPool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.share = RegistryShare.join(registry, this);
    }

    /**
     * Binds the metrics of a pool to a registry and collects once.
     *
     * @param pool the pool
     * @param registry the registry; other bindings (of other pools, or of this one) may share it
     * @return the binding; close it to remove the meters
     * @throws NullPointerException if an argument is null
     */
    public static MonitorMetrics bind(MonitorPool pool, MeterRegistry registry) {
        requireNonNull(pool, "pool");
        requireNonNull(registry, "registry");
        MonitorMetrics m = new MonitorMetrics(pool, registry);
        pool.addCheckListener(m.listener);
        m.collect();
        return m;
    }

    /**
     * golib's {@code RegisterMetrics}: binds if the supplier gives a registry, and does nothing
     * otherwise.
     *
     * @param pool the pool
     * @param registry supplies the registry; null, or returning null, registers nothing
     * @return the binding, or empty if nothing was registered
     * @throws NullPointerException if {@code pool} is null
     */
    public static Optional<MonitorMetrics> register(MonitorPool pool, Supplier<? extends MeterRegistry> registry) {
        requireNonNull(pool, "pool");
        MeterRegistry r = registry == null ? null : registry.get();
        return r == null ? Optional.empty() : Optional.of(bind(pool, r));
    }

    // ------------------------------------------------------------------ per monitor

    /** The published values of one monitor; gauges read these fields. */
    private static final class Series {
        final String name;
        final ReentrantLock metersLock = new ReentrantLock(); // guards meters and sliGauge registration
        final List<Meter> meters = new ArrayList<>();
        final Timer latency;
        volatile double uptime;
        volatile double downtime;
        volatile double riseTime;
        volatile double fallTime;
        volatile double status;
        volatile double rise;
        volatile double fall;
        volatile double sli = Double.NaN;
        volatile Meter sliGauge; // registered once the monitor has time

        Series(String name, MeterRegistry registry) {
            this.name = name;
            latency = Timer.builder(LATENCY)
                    .description(HELP_LATENCY)
                    .tag(TAG_MONITOR, name)
                    .serviceLevelObjectives(LATENCY_BOUNDS)
                    .register(registry);
            meters.add(latency);
            gauge(registry, UPTIME, HELP_UPTIME, "seconds", s -> s.uptime);
            gauge(registry, DOWNTIME, HELP_DOWNTIME, "seconds", s -> s.downtime);
            gauge(registry, RISETIME, HELP_RISETIME, "seconds", s -> s.riseTime);
            gauge(registry, FALLTIME, HELP_FALLTIME, "seconds", s -> s.fallTime);
            gauge(registry, STATUS, HELP_STATUS, null, s -> s.status);
            gauge(registry, RISE, HELP_RISE, null, s -> s.rise);
            gauge(registry, FALL, HELP_FALL, null, s -> s.fall);
        }

        private void gauge(
                MeterRegistry registry, String metric, String help, String unit, ToDoubleFunction<Series> f) {
            meters.add(Gauge.builder(metric, this, f)
                    .description(help)
                    .tag(TAG_MONITOR, name)
                    .baseUnit(unit)
                    .strongReference(true)
                    .register(registry));
        }

        void update(Monitor m, MeterRegistry registry) {
            uptime = Sli.seconds(m.uptime());
            downtime = Sli.seconds(m.downtime());
            riseTime = Sli.seconds(m.riseTime());
            fallTime = Sli.seconds(m.fallTime());
            status = m.status().number();
            rise = m.isRise() ? 1 : 0;
            fall = m.isFall() ? 1 : 0;
            double s = Sli.availability(m.uptime(), m.downtime());
            sli = s;
            if (!Double.isNaN(s) && sliGauge == null) {
                registerSli(registry);
            }
        }

        private void registerSli(MeterRegistry registry) {
            metersLock.lock();
            try {
                if (sliGauge == null) {
                    sliGauge = Gauge.builder(SLI, this, x -> x.sli)
                            .description(HELP_SLI)
                            .tag(TAG_MONITOR, name)
                            .strongReference(true)
                            .register(registry);
                    meters.add(sliGauge);
                }
            } finally {
                metersLock.unlock();
            }
        }

        void remove(MeterRegistry registry) {
            metersLock.lock();
            try {
                meters.forEach(registry::remove);
                meters.clear();
            } finally {
                metersLock.unlock();
            }
        }
    }

    /** The series of a monitor, created if this binding may publish its name; null if another binding does. */
    private Series series(Monitor m) {
        String name = m.name();
        Series s = series.computeIfAbsent(name, n -> share.claim(n, this) ? new Series(n, registry) : null);
        if (s == null && unpublished.add(name)) {
            LOG.warn(
                    "Monitor metrics: monitor '{}' is published on this registry by another binding already;"
                            + " its series are skipped until that binding lets the name go",
                    name);
        } else if (s != null) {
            unpublished.remove(name);
        }
        return s;
    }

    private void onCheck(Monitor m) {
        if (closed) {
            return;
        }
        Series s = series(m);
        if (s == null) {
            return;
        }
        if (closed) {
            // close() ran meanwhile and may have missed this series: remove it here
            drop(s);
            return;
        }
        s.latency.record(m.latency());
        s.update(m, registry);
    }

    private void drop(Series s) {
        series.remove(s.name, s);
        s.remove(registry);
        share.release(s.name, this);
    }

    /** Calls {@code action} with the SLI of each published monitor that has one. */
    void forEachSli(DoubleConsumer action) {
        for (Series s : series.values()) {
            double v = s.sli;
            if (!Double.isNaN(v)) {
                action.accept(v);
            }
        }
    }

    // ------------------------------------------------------------------ collect

    /**
     * Updates every monitor's gauges, recomputes the SLI {@code mean}, {@code min} and {@code max}
     * over the monitors that have time (on every binding of the registry), and removes the series of
     * monitors no longer in the pool. Does nothing once closed.
     */
    public void collect() {
        collectLock.lock();
        try {
            if (closed) {
                return;
            }
            Set<String> present = new HashSet<>();
            for (String name : pool.names()) {
                Optional<Monitor> m = pool.get(name);
                if (m.isEmpty()) {
                    continue;
                }
                present.add(name);
                Series s = series(m.get());
                if (s != null) {
                    s.update(m.get(), registry);
                }
            }
            for (Series s : series.values()) {
                if (!present.contains(s.name)) {
                    drop(s);
                }
            }
            unpublished.retainAll(present);
            share.updateAggregates();
        } finally {
            collectLock.unlock();
        }
    }

    /** A running periodic collection; {@link #close()} stops it. */
    public interface Trigger extends AutoCloseable {
        /** Stops the periodic collection; a collection in progress finishes. Idempotent. */
        @Override
        void close();
    }

    /**
     * Calls {@link #collect()} every {@code interval} on the shared {@code poolkit-scheduler}
     * thread until the returned trigger is closed (golib's {@code TriggerCollectMetrics}, which
     * panics for a non-positive interval; this rejects it).
     *
     * @param interval the period, positive
     * @return the trigger; close it to stop
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     * @throws NullPointerException if {@code interval} is null
     */
    public Trigger collectEvery(Duration interval) {
        validate(interval);
        Scheduler shared = SharedScheduler.acquire();
        return start(interval, shared, () -> SharedScheduler.release(shared));
    }

    /**
     * Calls {@link #collect()} every {@code interval} on the given scheduler until the returned
     * trigger is closed.
     *
     * @param interval the period, positive
     * @param scheduler the scheduler; not owned, never closed
     * @return the trigger; close it to stop
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     * @throws NullPointerException if an argument is null
     */
    public Trigger collectEvery(Duration interval, Scheduler scheduler) {
        validate(interval);
        requireNonNull(scheduler, "scheduler");
        return start(interval, scheduler, () -> {});
    }

    private static void validate(Duration interval) {
        Checks.positive(interval, "interval");
    }

    private Trigger start(Duration interval, Scheduler scheduler, Runnable onClose) {
        PeriodicCollect p = new PeriodicCollect(interval, scheduler, onClose);
        triggers.add(p);
        p.arm();
        return p;
    }

    private final class PeriodicCollect implements Trigger, Runnable {
        private final Duration interval;
        private final Scheduler scheduler;
        private final Runnable onClose;
        private final ReentrantLock lock = new ReentrantLock();
        private Scheduler.Cancellable next; // guarded by lock
        private boolean stopped; // guarded by lock

        PeriodicCollect(Duration interval, Scheduler scheduler, Runnable onClose) {
            this.interval = interval;
            this.scheduler = scheduler;
            this.onClose = onClose;
        }

        void arm() {
            lock.lock();
            try {
                if (!stopped) {
                    next = scheduler.schedule(this, interval);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run() {
            try {
                collect();
            } catch (RuntimeException e) {
                LOG.warn("Monitor metrics: collect failed", e);
            }
            arm();
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                stopped = true;
                if (next != null) {
                    next.cancel();
                }
            } finally {
                lock.unlock();
            }
            triggers.remove(this);
            onClose.run();
        }
    }

    /**
     * Stops every periodic collection it started, stops listening to the pool and removes every meter
     * this binding registered (golib's {@code UnregisterMetrics}); the SLI aggregates are recomputed
     * over the registry's other bindings, or removed with the last one. Idempotent.
     */
    @Override
    public void close() {
        // outside collectLock: closing the last trigger may stop the shared scheduler thread, which
        // may be waiting for collectLock in collect()
        triggers.forEach(PeriodicCollect::close);
        collectLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pool.removeCheckListener(listener);
            series.values().forEach(this::drop);
            share.leave(this);
        } finally {
            collectLock.unlock();
        }
    }
}
