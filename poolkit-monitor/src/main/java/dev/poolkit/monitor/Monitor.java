package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.internal.CheckLoop;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A health monitor: runs a {@link HealthCheck} periodically and turns the results into a
 * {@link Status} with golib's rise/fall state machine, time accounting and encodings, exactly
 * (reference §1.3; design §5).
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li>A new monitor is KO with the message {@code "no healcheck still run"} (golib's typo, kept
 *       because it is observable output) and the name {@code "not named"} until a config names it.
 *   <li>The first check runs one {@code intervalCheck} after {@link #start()}, never at once. After
 *       each check the next one is armed {@code intervalRise} later while rising, {@code
 *       intervalFall} later while falling, else {@code intervalCheck} later; the interval counts
 *       from the end of the check.
 *   <li>A check gets a {@link CheckContext} that is cancelled, and its thread interrupted, after
 *       {@code checkTimeout}. A check that ignores it is not aborted; its latency is what it took.
 *   <li>Anything a check throws is a failure whose message is the exception's message, or its class
 *       name when it has none (Go's "panic recovered" case); a {@link VirtualMachineError} (such as
 *       a {@link StackOverflowError}) is a failure whose message is its class name, and is also
 *       logged at ERROR the first time. The monitor keeps its schedule either way. No check
 *       registered is the failure {@code "missing healthcheck"}.
 *   <li>OK to KO takes {@code fallCountWarn + fallCountKo} consecutive failures, KO to OK takes
 *       {@code riseCountKo + riseCountWarn} consecutive successes; the time since the previous
 *       result is credited to the status held before it (uptime for OK, downtime for Warn and KO;
 *       rise time and fall time for the intervals of a rise or fall). Accumulators survive stop and
 *       start, and the first check credits the time since the monitor was created (golib's
 *       behaviour, kept).
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Ticks are scheduled on a {@link Scheduler}: the one given to the builder, or else a single shared
 * daemon thread ({@code poolkit-scheduler}, shared with poolkit-core's pools) that lives while at least one such monitor runs.
 * Each check runs on a new virtual thread ({@code poolkit-monitor-<name>}) unless an executor is
 * given, so a thousand monitors cost one platform thread. {@link #stop()} cancels the in-flight check,
 * waits for it at most {@code checkTimeout}, and guarantees that no result is recorded and no check
 * starts after it returns. A started monitor is referenced by its scheduler until it is stopped:
 * stop or close monitors that are no longer needed.
 *
 * <h2>Observing checks</h2>
 *
 * {@link #addCheckListener} registers a {@link CheckListener} told after every check, once the new
 * state is visible; it runs on the check's thread and must not block.
 *
 * <p>All methods are thread-safe. Status reads ({@link #status()}, {@link #latency()}, ...) read one
 * volatile snapshot: they never lock and never allocate.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /** The message of a check run without a health check, kept verbatim from golib. */
    public static final String MISSING_HEALTHCHECK = CheckLoop.MISSING_HEALTHCHECK;

    private final Info info;
    private final Ticker ticker;
    private final Scheduler givenScheduler;
    private final Executor givenExecutor;
    private final CheckLoop loop;
    private final ReentrantLock configLock = new ReentrantLock();

    private volatile MonitorConfig config;
    private volatile HealthCheck healthCheck;
    private volatile CheckLoop.Probe probe;
    private volatile MonitorState state;
    private volatile List<String> metricNames = List.of();
    private volatile MetricsCollector collector;
    private final CheckListeners listeners = new CheckListeners();
    private int pools; // how many pools hold this monitor; guarded by configLock

    private Monitor(Builder b) {
        this.info = b.info;
        this.ticker = b.ticker;
        this.givenScheduler = b.scheduler;
        this.givenExecutor = b.executor;
        this.loop = new CheckLoop(new Engine(), b.ticker, b.scheduler, b.executor);
        setHealthCheck(b.healthCheck);
        this.state = MonitorState.initial(ticker.nanoTime());
        this.config = MonitorConfig.defaults();
        if (b.config != null) {
            setConfig(b.config);
        }
    }

    /**
     * Creates a stopped monitor with the default configuration, the system ticker and the shared
     * scheduler.
     *
     * @param info what the monitor watches
     * @return the monitor
     * @throws NullPointerException if {@code info} is null ("info cannot be nil", golib's message)
     */
    public static Monitor create(Info info) {
        return builder(info).build();
    }

    /**
     * Starts building a monitor.
     *
     * @param info what the monitor watches
     * @return a builder
     * @throws NullPointerException if {@code info} is null ("info cannot be nil", golib's message)
     */
    public static Builder builder(Info info) {
        // golib's message, kept verbatim (design §2)
        requireNonNull(info, "info cannot be nil");
        return new Builder(info);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Returns the monitor's name, from its configuration ({@code "not named"} by default; the
     * {@link Info} name is not used).
     *
     * @return the name
     */
    public String name() {
        return config.name();
    }

    /**
     * Returns the normalised configuration in use.
     *
     * @return the configuration
     */
    public MonitorConfig config() {
        return config;
    }

    /**
     * Replaces the configuration, normalised (see {@link MonitorConfig}); allowed while running, the
     * new intervals apply from the next check on. A non-empty {@code data} also replaces the info's
     * static data. Each value that normalisation changed is logged once (DEBUG for a zero value,
     * which means "use the default"; INFO for a non-zero value below the minimum).
     *
     * <p>A monitor that is in a {@link MonitorPool} keeps its name: the pool stores it under that
     * name, and the metrics publish it under that name.
     *
     * @param config the configuration
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalStateException if the monitor is in a pool and {@code config} would rename it;
     *     remove it from the pool, rename it, and add it again
     */
    public void setConfig(MonitorConfig config) {
        MonitorConfig normalized = requireNonNull(config, "config").normalized();
        configLock.lock();
        try {
            String current = this.config.name();
            if (pools > 0 && !normalized.name().equals(current)) {
                throw new IllegalStateException(
                        "monitor '" + current + "' is in a monitor pool and cannot be renamed to '" + normalized.name()
                                + "'; remove it from the pool, rename it, then add it again");
            }
            this.config = normalized;
        } finally {
            configLock.unlock();
        }
        config.logNormalization(normalized);
        if (!normalized.data().isEmpty()) {
            info.setData(normalized.data());
        }
    }

    /**
     * Sets the health check.
     *
     * @param healthCheck the check; {@code null} makes every check fail with "missing healthcheck"
     */
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
        this.probe = healthCheck == null ? null : c -> healthCheck.check(new CheckContext(c));
    }

    /**
     * Returns the health check.
     *
     * @return the check, or null if none is set
     */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /**
     * Returns the info.
     *
     * @return the info
     */
    public Info info() {
        return info;
    }

    /**
     * Returns the info's name.
     *
     * @return the info name
     */
    public String infoName() {
        return info.name();
    }

    /**
     * Returns the info's data.
     *
     * @return the data, sorted by key
     */
    public SortedMap<String, Object> infoData() {
        return info.data();
    }

    // ------------------------------------------------------------------ status (no lock, no allocation)

    /**
     * Returns the current status. Never locks, never allocates.
     *
     * @return the status
     */
    public Status status() {
        return state.status();
    }

    /**
     * Returns the message of the last check: empty after a success, the failure's text otherwise.
     *
     * @return the message
     */
    public String message() {
        return state.message();
    }

    /**
     * Returns whether the monitor is rising (successes on the way from KO to OK).
     *
     * @return the rise flag
     */
    public boolean isRise() {
        return state.rise();
    }

    /**
     * Returns whether the monitor is falling (failures on the way from OK to KO).
     *
     * @return the fall flag
     */
    public boolean isFall() {
        return state.fall();
    }

    /**
     * Returns how long the last check took.
     *
     * @return the latency
     */
    public Duration latency() {
        return state.latency();
    }

    /**
     * Returns the total time credited while the status was OK.
     *
     * @return the uptime
     */
    public Duration uptime() {
        return state.uptime();
    }

    /**
     * Returns the total time credited while the status was Warn or KO.
     *
     * @return the downtime
     */
    public Duration downtime() {
        return state.downtime();
    }

    /**
     * Returns the total time of intervals that ended in a success while rising from KO or Warn.
     *
     * @return the rise time
     */
    public Duration riseTime() {
        return state.riseTime();
    }

    /**
     * Returns the total time of intervals that ended in a failure while falling from OK or Warn.
     *
     * @return the fall time
     */
    public Duration fallTime() {
        return state.fallTime();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts periodic checks; the first one runs one {@code intervalCheck} from now. Starting a
     * running monitor restarts it (there is never more than one check stream). Returns at once.
     *
     * @throws MonitorClosedException if the monitor was closed
     * @throws MonitorException if the scheduler rejected the first check
     */
    public void start() {
        boolean started;
        try {
            started = loop.start(config.intervalCheck());
        } catch (RejectedExecutionException e) {
            throw new MonitorException("monitor '" + name() + "': scheduler rejected the first check", e);
        }
        if (!started) {
            throw new MonitorClosedException("monitor '" + name() + "' is closed");
        }
    }

    /**
     * Stops periodic checks: cancels the next tick, cancels the in-flight check (its context and an
     * interrupt of its thread) and waits for it to end, at most {@code checkTimeout}. After this
     * returns no check starts and no result is recorded. Idempotent.
     */
    public void stop() {
        loop.stop();
    }

    /**
     * Stops, then starts ({@link #stop()}, {@link #start()}).
     *
     * @throws MonitorClosedException if the monitor was closed
     * @throws MonitorException if the scheduler rejected the first check
     */
    public void restart() {
        stop();
        start();
    }

    /**
     * Returns whether periodic checks are running.
     *
     * @return true between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Stops the monitor for good: later {@link #start()} calls fail. Idempotent. */
    @Override
    public void close() {
        loop.close();
    }

    /**
     * Returns a stopped copy with the same info, configuration, health check, time source, scheduler,
     * executor and last state (golib's {@code Clone}); the copy is started if this monitor is running.
     * The copy is in no pool.
     *
     * @return the copy
     */
    public Monitor copy() {
        Monitor copy = new Builder(info)
                .ticker(ticker)
                .scheduler(givenScheduler)
                .executor(givenExecutor)
                .healthCheck(healthCheck)
                .config(config)
                .build();
        copy.state = state;
        copy.metricNames = metricNames;
        copy.collector = collector;
        if (isRunning()) {
            copy.start();
        }
        return copy;
    }

    MonitorState state() {
        return state;
    }

    /**
     * Registers one more pool holding this monitor; while any does, {@link #setConfig} refuses a new
     * name.
     *
     * @return the name the pool must store it under, read atomically with the registration
     */
    String joinPool() {
        configLock.lock();
        try {
            pools++;
            return config.name();
        } finally {
            configLock.unlock();
        }
    }

    /** Undoes one {@link #joinPool()}. */
    void leavePool() {
        configLock.lock();
        try {
            pools--;
        } finally {
            configLock.unlock();
        }
    }

    /** The monitor's side of its check loop: golib's state machine and the after-check hooks. */
    private final class Engine implements CheckLoop.Host {
        @Override
        public String name() {
            return Monitor.this.name();
        }

        @Override
        public Duration checkTimeout() {
            return config.checkTimeout();
        }

        @Override
        public CheckLoop.Probe probe() {
            return probe;
        }

        @Override
        public Duration record(boolean success, String message, long latencyNanos, long endNanos) {
            MonitorConfig cfg = config;
            MonitorState next = state.next(success, message, latencyNanos, endNanos, cfg);
            state = next;
            return next.rise() ? cfg.intervalRise() : next.fall() ? cfg.intervalFall() : cfg.intervalCheck();
        }

        @Override
        public void afterCheck() {
            List<String> names = metricNames;
            MetricsCollector c = collector;
            if (c != null && !names.isEmpty()) {
                try {
                    c.collect(Monitor.this, names);
                } catch (RuntimeException e) {
                    LOG.warn("Monitor '{}': metrics collector failed", name(), e);
                }
            }
            listeners.tell(Monitor.this);
        }
    }

    // ------------------------------------------------------------------ metrics hooks

    /**
     * Replaces the metric names passed to the collector (golib's {@code RegisterMetricsName}).
     *
     * @param names the names
     * @throws NullPointerException if a name is null
     */
    public void registerMetricsName(String... names) {
        metricNames = List.copyOf(Arrays.asList(names));
    }

    /**
     * Appends the names that are not registered yet (golib's {@code RegisterMetricsAddName}).
     *
     * @param names the names
     * @throws NullPointerException if a name is null
     */
    public void registerMetricsAddName(String... names) {
        configLock.lock();
        try {
            List<String> merged = new ArrayList<>(metricNames);
            for (String n : names) {
                if (!merged.contains(requireNonNull(n, "name"))) {
                    merged.add(n);
                }
            }
            metricNames = List.copyOf(merged);
        } finally {
            configLock.unlock();
        }
    }

    /**
     * Returns the registered metric names.
     *
     * @return the names, in registration order
     */
    public List<String> metricsNames() {
        return metricNames;
    }

    /**
     * Registers the collector called after every check when at least one metric name is registered
     * (golib's {@code RegisterCollectMetrics}).
     *
     * @param collector the collector, or null to remove it
     */
    public void registerCollectMetrics(MetricsCollector collector) {
        this.collector = collector;
    }

    /**
     * Adds a listener told after every recorded check, on the check's thread, once the new state is
     * visible through this monitor's getters. A result dropped by {@link #stop()} is not told.
     * <b>The listener must be fast and must not block</b>; one that throws is logged at WARN and the
     * others are still told.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public void addCheckListener(CheckListener listener) {
        listeners.add(listener);
    }

    /**
     * Removes a listener added with {@link #addCheckListener}; no effect if absent.
     *
     * @param listener the listener
     */
    public void removeCheckListener(CheckListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ encodings

    /**
     * Returns golib's text form: {@code <status>: <name>[ (<info>)] | <latency> / <uptime> /
     * <downtime>[ | <message>]}, with the latency truncated to milliseconds and the times to seconds,
     * durations in Go's form with a day prefix, info keys sorted. A new monitor with info {@code db}
     * reads {@code KO: not named (db) | 0s / 0s / 0s | no healcheck still run}.
     *
     * @return the text
     */
    public String toText() {
        StringBuilder sb = new StringBuilder(96);
        MonitorEncoder.appendText(this, sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /**
     * Returns golib's JSON form, an object with exactly the keys {@code status}, {@code name},
     * {@code info} ({@code {"name":..,"data":{..}}}), {@code latency}, {@code latency_ms}, {@code
     * uptime}, {@code uptime_epoc}, {@code downtime}, {@code downtime_epoc}, {@code risetime}, {@code
     * risetime_epoc}, {@code falltime}, {@code falltime_epoc} and {@code message}. Durations are
     * strings as in {@link #toText()} (latency to the millisecond, times to the second); the
     * {@code _ms} value is whole milliseconds and the {@code _epoc} values whole seconds. Info data
     * values are written as JSON values: numbers, booleans, arrays (collections and arrays) and
     * objects (maps, keys sorted), anything else as its {@link String#valueOf} text.
     *
     * @return the JSON text
     */
    public String toJson() {
        return MonitorEncoder.toJson(this);
    }

    // ------------------------------------------------------------------ builder

    /** Builds a {@link Monitor}. Not thread-safe. */
    public static final class Builder {
        private final Info info;
        private MonitorConfig config;
        private HealthCheck healthCheck;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;
        private Executor executor;

        private Builder(Info info) {
            this.info = info;
        }

        /**
         * Sets the configuration (normalised on build).
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(MonitorConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets the health check.
         *
         * @param healthCheck the check, or null for none
         * @return this builder
         */
        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        /**
         * Sets the time source for latency, deadlines and time accounting (default: system).
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets the scheduler for ticks and check timeouts. The monitor does not own it and never
         * closes it. Default: the shared {@code poolkit-scheduler} thread.
         *
         * @param scheduler the scheduler, or null for the shared one
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Sets where checks run. Default: a new virtual thread per check. {@code Runnable::run} runs
         * them on the scheduler's thread (tests with a manual scheduler; checks that never block).
         *
         * @param executor the executor, or null for virtual threads
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Builds the stopped monitor.
         *
         * @return the monitor
         */
        public Monitor build() {
            return new Monitor(this);
        }
    }
}
