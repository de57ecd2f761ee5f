package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.MonitorMetricNames.*;
import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.CheckListener;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.internal.SharedScheduler;
import dev.poolkit.pool.Scheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the nine golib monitor metrics of a {@link MonitorPool} to a Micrometer registry (see
 * {@link MonitorMetricNames}), each tagged {@code monitor=<name>}.
 *
 * <p>After every check of a monitor in the pool its latency is recorded in the histogram (golib's 16
 * buckets) and its gauges are updated; {@link #collect()} (called by hand or by
 * {@link #collectEvery}) updates every monitor's gauges, recomputes the SLI aggregates and drops the
 * series of monitors that left the pool. The SLI is availability (see {@link Sli}); a monitor with no
 * time yet has no SLI series and is left out of {@code mean}/{@code min}/{@code max}, which exist
 * only while at least one monitor has an SLI (never NaN). {@link #close()} removes every meter.
 *
 * <p>A monitor must not be named {@code mean}, {@code min} or {@code max}: its SLI series would clash
 * with the aggregates (as in golib).
 *
 * <p>Thread-safe.
 */
public final class MonitorMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorMetrics.class);

    private final MonitorPool pool; // strong reference: the gauges read it
    private final MeterRegistry registry;
    private final LatencyHistogram latency;
    private final CheckListener listener = this::onCheck;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final ReentrantLock collectLock = new ReentrantLock();
    private final List<Meter> aggregateMeters = new ArrayList<>(); // guarded by collectLock
    private final double[] aggregates = new double[3]; // mean, min, max; guarded by collectLock
    private final Set<PeriodicCollect> triggers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MonitorMetrics(MonitorPool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.latency = LatencyHistogram.create(registry);
    }

    /**
     * Binds the metrics of a pool to a registry and collects once.
     *
     * @param pool the pool
     * @param registry the registry
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

    private Series series(Monitor m) {
        return series.computeIfAbsent(m.name(), n -> new Series(n, registry));
    }

    private void onCheck(Monitor m) {
        if (closed) {
            return;
        }
        Series s = series(m);
        latency.record(s.name, m.latency());
        s.update(m, registry);
    }

    // ------------------------------------------------------------------ collect

    /**
     * Updates every monitor's gauges, recomputes the SLI {@code mean}, {@code min} and {@code max}
     * over the monitors that have time, and removes the series of monitors no longer in the pool.
     */
    public void collect() {
        collectLock.lock();
        try {
            if (closed) {
                return;
            }
            Set<String> present = new HashSet<>();
            double sum = 0;
            double min = 1;
            double max = 0;
            int n = 0;
            for (String name : pool.names()) {
                Optional<Monitor> m = pool.get(name);
                if (m.isEmpty()) {
                    continue;
                }
                present.add(name);
                Series s = series(m.get());
                s.update(m.get(), registry);
                double v = s.sli;
                if (!Double.isNaN(v)) {
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    n++;
                }
            }
            series.entrySet().removeIf(e -> {
                if (present.contains(e.getKey())) {
                    return false;
                }
                e.getValue().remove(registry);
                latency.remove(e.getKey());
                return true;
            });
            if (n == 0) {
                aggregateMeters.forEach(registry::remove);
                aggregateMeters.clear();
            } else {
                aggregates[0] = sum / n;
                aggregates[1] = min;
                aggregates[2] = max;
                if (aggregateMeters.isEmpty()) {
                    String[] labels = {"mean", "min", "max"};
                    for (int i = 0; i < labels.length; i++) {
                        int index = i;
                        aggregateMeters.add(Gauge.builder(SLI, aggregates, a -> a[index])
                                .description(HELP_SLI)
                                .tag(TAG_MONITOR, labels[i])
                                .strongReference(true)
                                .register(registry));
                    }
                }
            }
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
     * Calls {@link #collect()} every {@code interval} on the shared {@code poolkit-monitor-scheduler}
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
        requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, but was " + interval);
        }
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
     * this binding registered (golib's {@code UnregisterMetrics}). Idempotent.
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
            series.values().forEach(s -> s.remove(registry));
            series.clear();
            latency.close();
            aggregateMeters.forEach(registry::remove);
            aggregateMeters.clear();
        } finally {
            collectLock.unlock();
        }
    }
}
