package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.poolkit.monitor.internal.GoDurations;
import dev.poolkit.monitor.internal.SharedScheduler;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
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
 *   <li>An exception thrown by a check is a failure whose message is the exception's message (Go's
 *       "panic recovered" case); no check registered is the failure {@code "missing healthcheck"}.
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
 * daemon thread ({@code poolkit-monitor-scheduler}) that lives while at least one such monitor runs.
 * Each check runs on a new virtual thread ({@code poolkit-monitor-<name>}) unless an executor is
 * given, so a thousand monitors cost one platform thread. {@link #stop()} cancels the in-flight check,
 * waits for it at most {@code checkTimeout}, and guarantees that no result is recorded and no check
 * starts after it returns. A started monitor is referenced by its scheduler until it is stopped:
 * stop or close monitors that are no longer needed.
 *
 * <p>All methods are thread-safe. Status reads ({@link #status()}, {@link #latency()}, ...) read one
 * volatile snapshot: they never lock and never allocate.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /** The message of a check run without a health check, kept verbatim from golib. */
    public static final String MISSING_HEALTHCHECK = "missing healthcheck";

    static final JsonFactory JSON = new JsonFactory();
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Info info;
    private final Ticker ticker;
    private final Scheduler givenScheduler;
    private final Executor givenExecutor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition checkEnded = lock.newCondition();

    private volatile MonitorConfig config;
    private volatile HealthCheck healthCheck;
    private volatile MonitorState state;
    private volatile List<String> metricNames = List.of();
    private volatile MetricsCollector collector;
    private final CheckListeners listeners = new CheckListeners();
    private volatile Executor virtualExecutor; // created on first use, named after the monitor

    // guarded by lock
    private Run current;
    private boolean closed;

    private Monitor(Builder b) {
        this.info = b.info;
        this.ticker = b.ticker;
        this.givenScheduler = b.scheduler;
        this.givenExecutor = b.executor;
        this.healthCheck = b.healthCheck;
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
     * static data.
     *
     * @param config the configuration
     * @throws NullPointerException if {@code config} is null
     */
    public void setConfig(MonitorConfig config) {
        MonitorConfig normalized = requireNonNull(config, "config").normalized();
        this.config = normalized;
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
     */
    public void start() {
        Run previous;
        lock.lock();
        try {
            if (closed) {
                throw new MonitorClosedException("monitor '" + name() + "' is closed");
            }
            previous = current;
            current = null;
            if (previous != null) {
                deactivate(previous);
            }
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            finishStop(previous);
        }
        Scheduler scheduler = givenScheduler != null ? givenScheduler : SharedScheduler.acquire();
        Run run = new Run(scheduler, givenScheduler == null);
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = closed;
            if (wasClosed || current != null) {
                run.active = false; // closed, or started concurrently: the other call wins
            } else {
                run.nextTick = scheduler.schedule(run.tick, config.intervalCheck());
                current = run;
            }
        } catch (RejectedExecutionException e) {
            run.active = false;
            throw new MonitorException("monitor '" + name() + "': scheduler rejected the first check", e);
        } finally {
            lock.unlock();
            if (!run.active) {
                releaseScheduler(run);
            }
        }
        if (wasClosed) {
            throw new MonitorClosedException("monitor '" + name() + "' is closed");
        }
    }

    /**
     * Stops periodic checks: cancels the next tick, cancels the in-flight check (its context and an
     * interrupt of its thread) and waits for it to end, at most {@code checkTimeout}. After this
     * returns no check starts and no result is recorded. Idempotent.
     */
    public void stop() {
        Run run;
        lock.lock();
        try {
            run = current;
            current = null;
            if (run == null) {
                return;
            }
            deactivate(run);
        } finally {
            lock.unlock();
        }
        finishStop(run);
    }

    /** Stops, then starts ({@link #stop()}, {@link #start()}). */
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
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the monitor for good: later {@link #start()} calls fail. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        stop();
    }

    /**
     * Returns a stopped copy with the same info, configuration, health check, time source, scheduler,
     * executor and last state (golib's {@code Clone}); the copy is started if this monitor is running.
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

    // guarded by lock
    private void deactivate(Run run) {
        run.active = false;
        if (run.nextTick != null) {
            run.nextTick.cancel();
        }
        if (run.watchdog != null) {
            run.watchdog.cancel();
            run.watchdogArmed = false;
        }
        if (run.inFlight != null) {
            run.inFlight.cancelByStop();
        }
    }

    private void finishStop(Run run) {
        lock.lock();
        try {
            long waitNanos = config.checkTimeout().toNanos();
            while (run.inFlight != null && run.inFlightThread != Thread.currentThread()) {
                if (waitNanos <= 0) {
                    LOG.warn(
                            "Monitor '{}': health check ignored cancellation; stopped without waiting for it,"
                                    + " its result will be dropped",
                            name());
                    break;
                }
                waitNanos = checkEnded.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        releaseScheduler(run);
    }

    private static void releaseScheduler(Run run) {
        if (run.ownsShared && !run.released) {
            run.released = true;
            SharedScheduler.release(run.scheduler);
        }
    }

    // ------------------------------------------------------------------ the check cycle

    /** One start-to-stop period: its scheduler, its pending tick and its in-flight check. */
    private final class Run {
        final Scheduler scheduler;
        final boolean ownsShared;
        final Runnable tick = this::dispatch;
        final Runnable cycle = this::cycle;
        final Runnable watch = this::watchdog;
        // guarded by lock
        boolean active = true;
        boolean watchdogArmed;
        Scheduler.Cancellable watchdog;
        boolean released;
        Scheduler.Cancellable nextTick;
        CheckContext inFlight;
        Thread inFlightThread;

        Run(Scheduler scheduler, boolean ownsShared) {
            this.scheduler = scheduler;
            this.ownsShared = ownsShared;
        }

        /** Runs on the scheduler: hands the check to its executor, never blocks the scheduler. */
        private void dispatch() {
            if (!active) {
                return;
            }
            try {
                executor().execute(cycle);
            } catch (RejectedExecutionException e) {
                LOG.warn("Monitor '{}': executor rejected a check, monitor stopped", name());
                stop();
            }
        }

        private void cycle() {
            runCycle(this);
        }

        /**
         * The check-timeout watchdog. Rather than arming and cancelling a timer around every check (two
         * operations on the scheduler's queue per check), one watchdog per run is armed when a check
         * starts and none is pending; when it fires it expires the in-flight check if that check's
         * deadline has passed, re-arms itself for the in-flight check's deadline if not, and goes idle
         * when no check is in flight. Deadlines stay exact; a quick check costs no timer work.
         */
        private void watchdog() {
            CheckContext expired = null;
            lock.lock();
            try {
                CheckContext ctx = inFlight;
                if (!active || ctx == null) {
                    watchdogArmed = false;
                    return;
                }
                long left = ctx.deadlineNanos() - ticker.nanoTime();
                if (left <= 0) {
                    watchdogArmed = false;
                    expired = ctx;
                } else {
                    watchdog = scheduler.schedule(watch, Duration.ofNanos(left));
                }
            } catch (RejectedExecutionException e) {
                watchdogArmed = false; // the scheduler is closing: stop() cancels the check itself
            } finally {
                lock.unlock();
            }
            if (expired != null) {
                expired.expire();
            }
        }
    }

    private Executor executor() {
        Executor e = givenExecutor;
        return e != null ? e : virtualThreads();
    }

    private Executor virtualThreads() {
        Executor e = virtualExecutor;
        if (e == null) {
            ThreadFactory factory =
                    Thread.ofVirtual().name("poolkit-monitor-" + name()).factory();
            e = task -> factory.newThread(task).start();
            virtualExecutor = e;
        }
        return e;
    }

    /**
     * One check: run the user check under its deadline, then, if the run is still active, record the
     * result, arm the next tick, and tell the collector and the listeners. Runs on the executor's
     * thread; the scheduler's thread only hands it over ({@link Run#dispatch()}).
     */
    private void runCycle(Run run) {
        MonitorConfig cfg = config;
        HealthCheck check = healthCheck;
        boolean success;
        String msg;
        long latency;
        long end;
        CheckContext ctx = null;
        if (check == null) {
            success = false;
            msg = MISSING_HEALTHCHECK;
            latency = 0;
            end = ticker.nanoTime();
        } else {
            long start = ticker.nanoTime();
            Thread self = Thread.currentThread();
            ctx = new CheckContext(ticker, start + cfg.checkTimeout().toNanos(), self);
            lock.lock();
            try {
                if (!run.active) {
                    return;
                }
                run.inFlight = ctx;
                run.inFlightThread = self;
                if (!run.watchdogArmed) {
                    run.watchdog = run.scheduler.schedule(run.watch, cfg.checkTimeout());
                    run.watchdogArmed = true;
                }
            } catch (RejectedExecutionException e) {
                // the scheduler was closed by a concurrent stop: the context is cancelled already
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                check.check(ctx);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                failure = t;
            }
            end = ticker.nanoTime();
            String cancelled = ctx.finish();
            latency = end - start;
            success = failure == null;
            msg = success ? "" : failureMessage(failure, cancelled);
        }
        lock.lock();
        try {
            if (run.inFlight == ctx) {
                run.inFlight = null;
                run.inFlightThread = null;
            }
            checkEnded.signalAll();
            if (!run.active) {
                return; // stopped while the check ran: the result is dropped
            }
            MonitorState next = state.next(success, msg, latency, end, cfg);
            state = next;
            MonitorConfig now = config;
            Duration interval =
                    next.rise() ? now.intervalRise() : next.fall() ? now.intervalFall() : now.intervalCheck();
            try {
                run.nextTick = run.scheduler.schedule(run.tick, interval);
            } catch (RejectedExecutionException e) {
                LOG.warn("Monitor '{}': scheduler rejected the next check, monitor stopped", name());
                run.active = false;
                current = null;
            }
        } finally {
            lock.unlock();
        }
        notifyAfterCheck();
    }

    private static String failureMessage(Throwable failure, String cancelled) {
        if (cancelled != null && causedByInterrupt(failure)) {
            return cancelled;
        }
        String m = failure.getMessage();
        return m != null && !m.isEmpty() ? m : failure.getClass().getName();
    }

    private static boolean causedByInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException
                    || c instanceof InterruptedIOException
                    || c instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private void notifyAfterCheck() {
        List<String> names = metricNames;
        MetricsCollector c = collector;
        if (c != null && !names.isEmpty()) {
            try {
                c.collect(this, names);
            } catch (RuntimeException e) {
                LOG.warn("Monitor '{}': metrics collector failed", name(), e);
            }
        }
        listeners.tell(this);
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
        lock.lock();
        try {
            List<String> merged = new ArrayList<>(metricNames);
            for (String n : names) {
                if (!merged.contains(requireNonNull(n, "name"))) {
                    merged.add(n);
                }
            }
            metricNames = List.copyOf(merged);
        } finally {
            lock.unlock();
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
     * Adds a listener told after every check.
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
        appendText(sb);
        return sb.toString();
    }

    void appendText(StringBuilder sb) {
        MonitorState s = state;
        sb.append(s.status()).append(": ").append(name());
        int mark = sb.length();
        sb.append(" (");
        int infoStart = sb.length();
        info.appendText(sb);
        if (sb.length() == infoStart) {
            sb.setLength(mark);
        } else {
            sb.append(')');
        }
        sb.append(" | ");
        GoDurations.appendWithDays(sb, truncate(s.latency(), NANOS_PER_MILLI));
        sb.append(" / ");
        GoDurations.appendWithDays(sb, truncate(s.uptime(), NANOS_PER_SECOND));
        sb.append(" / ");
        GoDurations.appendWithDays(sb, truncate(s.downtime(), NANOS_PER_SECOND));
        if (!s.message().isEmpty()) {
            sb.append(" | ").append(s.message());
        }
    }

    private static long truncate(Duration d, long unit) {
        long n = d.toNanos();
        return n - n % unit;
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
     * {@code _ms} value is whole milliseconds and the {@code _epoc} values whole seconds.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    void writeJson(JsonGenerator g) throws IOException {
        MonitorState s = state;
        g.writeStartObject();
        g.writeStringField("status", s.status().toString());
        g.writeStringField("name", name());
        g.writeObjectFieldStart("info");
        g.writeStringField("name", info.name());
        g.writeObjectFieldStart("data");
        for (Map.Entry<String, Object> e : info.data().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        long latency = truncate(s.latency(), NANOS_PER_MILLI);
        g.writeStringField("latency", GoDurations.formatWithDays(latency));
        g.writeNumberField("latency_ms", TimeUnit.NANOSECONDS.toMillis(latency));
        writeTime(g, "uptime", s.uptime());
        writeTime(g, "downtime", s.downtime());
        writeTime(g, "risetime", s.riseTime());
        writeTime(g, "falltime", s.fallTime());
        g.writeStringField("message", s.message());
        g.writeEndObject();
    }

    private static void writeTime(JsonGenerator g, String key, Duration d) throws IOException {
        long n = truncate(d, NANOS_PER_SECOND);
        g.writeStringField(key, GoDurations.formatWithDays(n));
        g.writeNumberField(key + "_epoc", n / NANOS_PER_SECOND);
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Number n) {
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                g.writeNumber(n.longValue());
            } else {
                g.writeNumber(n.doubleValue());
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
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
         * closes it. Default: the shared {@code poolkit-monitor-scheduler} thread.
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
