package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named group of {@link Monitor}s that are started, stopped and restarted together, listed,
 * encoded and driven by shell commands, following golib's {@code monitor/pool} (reference §1.5).
 *
 * <p>Monitors are stored under their {@link Monitor#name()}, which therefore must be set: a monitor
 * whose config gives no name ({@code "not named"}) is rejected, so that two unnamed monitors cannot
 * silently replace each other. While a monitor is in a pool its name is fixed ({@link
 * Monitor#setConfig} refuses to rename it), so the pool's key, {@link #names()}, the shell commands
 * and the metrics always agree. Deliberate fixes of golib (design §5):
 *
 * <ul>
 *   <li>Listing, walking, encoding and the shell commands follow <b>insertion order</b> (golib
 *       iterates a Go map, in random order). Replacing a monitor keeps its place.
 *   <li>Adding a monitor under a name that is taken replaces the old monitor <b>and stops it</b>
 *       (golib leaves it running, unreachable).
 *   <li>{@link #close()} closes every monitor in the pool; afterwards {@link #add}, {@link #set},
 *       {@link #start()} and {@link #restart()} fail with {@link MonitorClosedException}, and no
 *       monitor of the pool can run again (golib's pool silently wipes itself once its context is
 *       cancelled).
 * </ul>
 *
 * <p>Kept from golib: {@code add(null)} does nothing; adding a stopped monitor to a running pool
 * starts it; {@link #remove} does not stop the removed monitor; {@link #uptime()} is the largest
 * monitor uptime (cumulative OK time), not the pool's age.
 *
 * <p>Thread-safe. Reads ({@link #get}, {@link #names()}, {@link #walk}) work on a snapshot and never
 * block writers.
 *
 * {@snippet :
 * MonitorPool pool = MonitorPool.create();
 * pool.add(Monitor.builder(Info.of("postgres"))
 *         .config(MonitorConfig.read(Path.of("db-monitor.yaml"))) // golib keys: interval-check: 5s, ...
 *         .healthCheck(HealthChecks.tcpConnect(address))
 *         .build());
 * pool.start();
 * MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
 * MonitorMetrics.Trigger trigger = metrics.collectEvery(Duration.ofSeconds(30));
 * // ... pool.toText(), registry.scrape(), MonitorCommands.of(pool) ...
 * trigger.close();
 * metrics.close();
 * pool.close();
 * }
 *
 * (Run as {@code ExamplesTest} in the module's tests; the shell commands over a pool are {@code
 * dev.poolkit.monitor.shell.MonitorCommands.of(pool)}.)
 */
public final class MonitorPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorPool.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final CheckListener relay = this::relay;
    private volatile Map<String, Monitor> monitors = Map.of();
    private final CheckListeners listeners = new CheckListeners();
    private boolean closed; // guarded by lock

    private MonitorPool() {}

    /**
     * Creates an empty pool.
     *
     * @return the pool
     */
    public static MonitorPool create() {
        return new MonitorPool();
    }

    // ------------------------------------------------------------------ CRUD

    /**
     * Adds a monitor under its name. If the pool is running and the monitor is not, the monitor is
     * started first (and not added if that fails). A monitor already stored under the name is
     * replaced, keeps its place in the order, and is stopped.
     *
     * @param monitor the monitor; {@code null} is ignored (golib's behaviour)
     * @throws IllegalArgumentException if the monitor has no name ({@code "not named"})
     * @throws MonitorClosedException if the pool was closed
     * @throws MonitorException if the monitor had to be started and could not be
     */
    public void add(Monitor monitor) {
        if (monitor == null) {
            return;
        }
        store(monitor, true);
    }

    /**
     * Stores a monitor: like {@link #add} for a new name; for a known name it replaces the stored
     * monitor (stopping the old one if it is a different object) without starting the new one.
     *
     * @param monitor the monitor
     * @throws NullPointerException if {@code monitor} is null ("nil monitor", golib's message)
     * @throws IllegalArgumentException if the monitor has no name ({@code "not named"})
     * @throws MonitorClosedException if the pool was closed
     * @throws MonitorException if the monitor had to be started and could not be
     */
    public void set(Monitor monitor) {
        // golib's message, kept verbatim (design §2)
        requireNonNull(monitor, "nil monitor");
        store(monitor, false);
    }

    private void store(Monitor monitor, boolean alwaysStartIfRunning) {
        Monitor old;
        String name = monitor.joinPool(); // from here on its name cannot change
        boolean stored = false;
        lock.lock();
        try {
            if (MonitorConfig.DEFAULT_NAME.equals(name)) {
                // golib's message for a nameless monitor, kept (design §2), with the way out
                throw new IllegalArgumentException("monitor name cannot be empty: the monitor of info '"
                        + monitor.infoName() + "' has no name; set one with MonitorConfig.builder().name(...)");
            }
            if (closed) {
                throw new MonitorClosedException("monitor pool is closed; cannot add monitor '" + name + "'");
            }
            boolean known = monitors.containsKey(name);
            if ((alwaysStartIfRunning || !known) && !monitor.isRunning() && isRunning()) {
                monitor.start();
            }
            LinkedHashMap<String, Monitor> next = new LinkedHashMap<>(monitors);
            old = next.put(name, monitor);
            monitors = Collections.unmodifiableMap(next);
            stored = old != monitor;
            if (stored) {
                monitor.addCheckListener(relay);
            }
        } finally {
            lock.unlock();
            if (!stored) {
                monitor.leavePool(); // rejected, or stored already
            }
        }
        if (old != null && old != monitor) {
            old.removeCheckListener(relay);
            old.leavePool();
            old.stop();
            LOG.debug("Monitor pool: replaced and stopped monitor '{}'", name);
        }
    }

    /**
     * Returns the monitor stored under a name.
     *
     * @param name the name; empty or unknown gives an empty result
     * @return the monitor, if any
     */
    public Optional<Monitor> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(monitors.get(name));
    }

    /**
     * Removes the monitor stored under a name, without stopping it (golib's behaviour). Empty or
     * unknown names are ignored.
     *
     * @param name the name
     * @return the removed monitor, if there was one; stop it if it should not run on
     */
    public Optional<Monitor> remove(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Monitor old;
        lock.lock();
        try {
            if (!monitors.containsKey(name)) {
                return Optional.empty();
            }
            LinkedHashMap<String, Monitor> next = new LinkedHashMap<>(monitors);
            old = next.remove(name);
            monitors = Collections.unmodifiableMap(next);
        } finally {
            lock.unlock();
        }
        old.removeCheckListener(relay);
        old.leavePool();
        return Optional.of(old);
    }

    /**
     * Returns the names of the stored monitors in insertion order.
     *
     * @return an unmodifiable list
     */
    public List<String> names() {
        return List.copyOf(monitors.keySet());
    }

    /**
     * Returns the number of stored monitors.
     *
     * @return the size
     */
    public int size() {
        return monitors.size();
    }

    /**
     * Visits the monitors in insertion order, or only those named, until {@code visitor} returns
     * false.
     *
     * @param visitor called with each name and monitor; returns false to stop the walk
     * @param validNames if not empty, only monitors with these names are visited (in pool order)
     * @throws NullPointerException if {@code visitor} is null
     */
    public void walk(BiPredicate<String, Monitor> visitor, String... validNames) {
        requireNonNull(visitor, "visitor");
        Set<String> filter = validNames.length == 0 ? null : Set.copyOf(Arrays.asList(validNames));
        for (Map.Entry<String, Monitor> e : monitors.entrySet()) {
            if (filter != null && !filter.contains(e.getKey())) {
                continue;
            }
            if (!visitor.test(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts every monitor (a running one is restarted, see {@link Monitor#start()}).
     *
     * @throws MonitorClosedException if the pool was closed
     * @throws MonitorException if some monitors failed to start; its message joins, in pool order,
     *     {@code error on starting monitor '<name>': <error>} parts with {@code ", \n"} (golib's
     *     text), and each failure is a suppressed exception. The other monitors are started.
     */
    public void start() {
        requireOpen("start");
        batch("starting", Monitor::start);
    }

    /**
     * Stops every monitor.
     *
     * @throws MonitorException if some monitors failed to stop, as for {@link #start()}
     */
    public void stop() {
        batch("stopping", Monitor::stop);
    }

    /**
     * Restarts every monitor.
     *
     * @throws MonitorClosedException if the pool was closed
     * @throws MonitorException if some monitors failed to restart, as for {@link #start()}
     */
    public void restart() {
        requireOpen("restart");
        batch("restarting", Monitor::restart);
    }

    private void requireOpen(String action) {
        if (isClosed()) {
            throw new MonitorClosedException("monitor pool is closed; cannot " + action + " it");
        }
    }

    private void batch(String verb, Consumer<Monitor> action) {
        List<RuntimeException> errors = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Monitor> e : monitors.entrySet()) {
            try {
                action.accept(e.getValue());
            } catch (RuntimeException ex) {
                if (!errors.isEmpty()) {
                    text.append(", \n");
                }
                text.append("error on ")
                        .append(verb)
                        .append(" monitor '")
                        .append(e.getKey())
                        .append("': ")
                        .append(ex.getMessage());
                errors.add(ex);
            }
        }
        if (!errors.isEmpty()) {
            MonitorException combined = new MonitorException(text.toString());
            errors.forEach(combined::addSuppressed);
            throw combined;
        }
    }

    /**
     * Returns whether at least one monitor runs.
     *
     * @return false for an empty pool
     */
    public boolean isRunning() {
        for (Monitor m : monitors.values()) {
            if (m.isRunning()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the largest {@link Monitor#uptime()} (cumulative OK time) of the monitors.
     *
     * @return the uptime, zero for an empty pool
     */
    public Duration uptime() {
        Duration max = Duration.ZERO;
        for (Monitor m : monitors.values()) {
            Duration u = m.uptime();
            if (u.compareTo(max) > 0) {
                max = u;
            }
        }
        return max;
    }

    /**
     * Closes every monitor (each stops at once and can never start again) and closes the pool: later
     * {@link #add}, {@link #set}, {@link #start()} and {@link #restart()} calls fail with {@link
     * MonitorClosedException}. The monitors stay listed, and can still be read, encoded and removed.
     * Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        for (Monitor m : monitors.values()) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.warn("Monitor pool: monitor '{}' failed to close", m.name(), e);
            }
        }
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ listeners

    /**
     * Adds a listener told after every check of every monitor in the pool (also monitors added
     * later).
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public void addCheckListener(CheckListener listener) {
        listeners.add(listener);
    }

    /**
     * Removes a listener; no effect if absent.
     *
     * @param listener the listener
     */
    public void removeCheckListener(CheckListener listener) {
        listeners.remove(listener);
    }

    private void relay(Monitor monitor) {
        listeners.tell(monitor);
    }

    // ------------------------------------------------------------------ encodings

    /**
     * Returns every monitor's {@link Monitor#toText()} followed by a newline, in pool order.
     *
     * @return the text; empty for an empty pool
     */
    public String toText() {
        return MonitorEncoder.poolText(monitors.values());
    }

    /**
     * Returns a JSON object mapping each name to the monitor's {@link Monitor#toJson()} object, in
     * pool order.
     *
     * @return the JSON text; {@code {}} for an empty pool
     */
    public String toJson() {
        return MonitorEncoder.poolJson(monitors);
    }

    @Override
    public String toString() {
        return "MonitorPool" + names();
    }
}
