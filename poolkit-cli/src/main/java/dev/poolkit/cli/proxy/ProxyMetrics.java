package dev.poolkit.cli.proxy;

import dev.poolkit.net.HostAndPort;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's own counters (sessions by outcome, open sessions, bytes each way, backend failures
 * per host), kept as plain adders for {@code /hosts} and the demo and published as Micrometer
 * meters: {@code poolkit.proxy.sessions} ({@code outcome} tag), {@code poolkit.proxy.sessions.open},
 * {@code poolkit.proxy.bytes} ({@code direction} tag: {@code up} is client to backend), {@code
 * poolkit.proxy.backend.failures} ({@code host} tag).
 *
 * <p>Thread-safe.
 */
public final class ProxyMetrics {

    /** The name of the sessions counter. */
    public static final String SESSIONS = "poolkit.proxy.sessions";
    /** The name of the open sessions gauge. */
    public static final String SESSIONS_OPEN = "poolkit.proxy.sessions.open";
    /** The name of the relayed bytes counter. */
    public static final String BYTES = "poolkit.proxy.bytes";
    /** The name of the backend failures counter. */
    public static final String BACKEND_FAILURES = "poolkit.proxy.backend.failures";

    /** How a session ended. */
    public enum Outcome {
        /** Both directions reached their end. */
        COMPLETED,
        /** The client failed or went away, or the proxy stopped, before the session ended. */
        CLIENT_ERROR,
        /** The backend failed during the session; the client connection was closed. */
        BACKEND_ERROR,
        /** No backend could be leased; the client connection was closed at once. */
        NO_BACKEND;

        /**
         * Returns the tag value.
         *
         * @return the name in lower case with dashes, {@code no-backend}
         */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Which way bytes went. */
    public enum Direction {
        /** Client to backend. */
        UP,
        /** Backend to client. */
        DOWN
    }

    private final String proxy;
    private final MeterRegistry registry;
    private final Map<Outcome, LongAdder> sessions = new EnumMap<>(Outcome.class);
    private final Map<Direction, LongAdder> bytes = new EnumMap<>(Direction.class);
    private final Map<HostAndPort, LongAdder> backendFailures = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    /**
     * Creates the counters and registers them.
     *
     * @param proxy the value of the {@code proxy} tag
     * @param registry where the meters go
     */
    public ProxyMetrics(String proxy, MeterRegistry registry) {
        this.proxy = proxy;
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            LongAdder adder = new LongAdder();
            sessions.put(o, adder);
            FunctionCounter.builder(SESSIONS, adder, LongAdder::doubleValue)
                    .description("Client sessions that ended, by outcome")
                    .tags("proxy", proxy, "outcome", o.tag())
                    .register(registry);
        }
        for (Direction d : Direction.values()) {
            LongAdder adder = new LongAdder();
            bytes.put(d, adder);
            FunctionCounter.builder(BYTES, adder, LongAdder::doubleValue)
                    .description("Bytes relayed; up is client to backend, down is backend to client")
                    .baseUnit("bytes")
                    .tags("proxy", proxy, "direction", d.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder(SESSIONS_OPEN, open, AtomicInteger::get)
                .description("Client sessions open now")
                .tags("proxy", proxy)
                .register(registry);
    }

    /**
     * Creates the registry the command's components bind to, with the JVM's meters (memory,
     * threads, classes, uptime) already bound. (Micrometer's processor meters are left out: promtool
     * rejects two of their names, process_cpu_time_ns_total and system_cpu_count.)
     *
     * @return a new registry
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void session(Outcome outcome) {
        sessions.get(outcome).increment();
    }

    void bytes(Direction direction, int n) {
        bytes.get(direction).add(n);
    }

    void backendFailure(HostAndPort host) {
        backendFailures
                .computeIfAbsent(host, h -> {
                    LongAdder adder = new LongAdder();
                    FunctionCounter.builder(BACKEND_FAILURES, adder, LongAdder::doubleValue)
                            .description("Sessions a backend failed during (reset, write error), by host")
                            .tags("proxy", proxy, "host", h.toString())
                            .register(registry);
                    return adder;
                })
                .increment();
    }

    /**
     * Returns how many sessions ended with {@code outcome}.
     *
     * @param outcome the outcome
     * @return the count since the proxy started
     */
    public long sessions(Outcome outcome) {
        return sessions.get(outcome).sum();
    }

    /**
     * Returns the sessions open now.
     *
     * @return the count
     */
    public int open() {
        return open.get();
    }

    /**
     * Returns the bytes relayed in one direction.
     *
     * @param direction the direction
     * @return the bytes since the proxy started
     */
    public long bytes(Direction direction) {
        return bytes.get(direction).sum();
    }

    /**
     * Returns the sessions {@code host} failed during.
     *
     * @param host the backend
     * @return the count since the proxy started
     */
    public long backendFailures(HostAndPort host) {
        LongAdder adder = backendFailures.get(host);
        return adder == null ? 0 : adder.sum();
    }
}
