package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelMetricNames.*;
import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer binder for a tunnel pool's stats (names in {@link TunnelMetricNames}, tags {@code
 * pool} and {@code side}). It reads {@code stats()} when the registry is scraped, keeps a strong
 * reference to the pool, and removes its meters on {@link #close()}.
 *
 * <p>Thread-safe.
 */
public final class TunnelPoolMetrics implements AutoCloseable {

    // One description per name: Prometheus has one HELP line per metric, whatever its tags.
    private static final String DIALS_HELP =
            "Connection attempts: kind=prewarm by the manager, kind=fresh by get() on the caller's thread";
    private static final String DIAL_FAILURES_HELP =
            "Connection attempts that failed, by stage: TCP connect, TLS handshake, or no valid ID in time";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private TunnelPoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds a client pool, tagged {@code pool=<name>, side=client}.
     *
     * @param pool the pool
     * @param registry the registry
     * @return the binding; close it (when the pool closes) to remove the meters
     * @throws NullPointerException if an argument is null
     */
    public static TunnelPoolMetrics bind(TunnelClientPool pool, MeterRegistry registry) {
        requireNonNull(pool, "pool");
        requireNonNull(registry, "registry");
        TunnelPoolMetrics m = new TunnelPoolMetrics(registry);
        Tags tags = Tags.of(TAG_POOL, pool.name(), TAG_SIDE, "client");
        Supplier<TunnelClientStats> stats = pool::stats; // strong reference: the meters read it
        m.common(
                tags,
                stats,
                TunnelClientStats::active,
                TunnelClientStats::handshakes,
                s -> s.handshakeTime().toNanos(),
                TunnelClientStats::discarded,
                TunnelClientStats::errors);
        m.gauge(CAPACITY, "The current adaptive capacity", tags, null, stats, TunnelClientStats::capacity);
        m.gauge(
                INTERVAL,
                "The current adaptive refill interval",
                tags,
                "seconds",
                stats,
                s -> s.interval().toNanos() / 1e9);
        m.counter(DIALS, DIALS_HELP, tags.and(TAG_KIND, "prewarm"), stats, s -> s.dials() - s.freshDials());
        m.counter(DIALS, DIALS_HELP, tags.and(TAG_KIND, "fresh"), stats, TunnelClientStats::freshDials);
        m.counter(
                DIAL_FAILURES,
                DIAL_FAILURES_HELP,
                tags.and(TAG_STAGE, "connect"),
                stats,
                TunnelClientStats::connectFailures);
        m.counter(
                DIAL_FAILURES,
                DIAL_FAILURES_HELP,
                tags.and(TAG_STAGE, "tls"),
                stats,
                TunnelClientStats::handshakeFailures);
        m.counter(DIAL_FAILURES, DIAL_FAILURES_HELP, tags.and(TAG_STAGE, "id"), stats, TunnelClientStats::idFailures);
        return m;
    }

    /**
     * Binds a server pool, tagged {@code pool=<name>, side=server}.
     *
     * @param pool the pool
     * @param registry the registry
     * @return the binding; close it (when the pool closes) to remove the meters
     * @throws NullPointerException if an argument is null
     */
    public static TunnelPoolMetrics bind(TunnelServerPool pool, MeterRegistry registry) {
        requireNonNull(pool, "pool");
        requireNonNull(registry, "registry");
        TunnelPoolMetrics m = new TunnelPoolMetrics(registry);
        Tags tags = Tags.of(TAG_POOL, pool.name(), TAG_SIDE, "server");
        Supplier<TunnelServerStats> stats = pool::stats; // strong reference: the meters read it
        m.common(
                tags,
                stats,
                TunnelServerStats::active,
                TunnelServerStats::handshakes,
                s -> s.handshakeTime().toNanos(),
                TunnelServerStats::discarded,
                TunnelServerStats::errors);
        m.counter(ACCEPTED, "Connections accepted", tags, stats, TunnelServerStats::accepted);
        m.counter(
                REJECTED,
                "Accepted connections closed at once: client not allowed, or pool full",
                tags,
                stats,
                TunnelServerStats::rejected);
        m.counter(
                HANDSHAKE_FAILURES,
                "Handshakes (TLS or ID write) that failed",
                tags,
                stats,
                TunnelServerStats::handshakeFailures);
        return m;
    }

    private <S> void common(
            Tags tags,
            Supplier<S> stats,
            ToDoubleFunction<S> pooled,
            ToLongFunction<S> handshakes,
            ToLongFunction<S> handshakeNanos,
            ToDoubleFunction<S> discarded,
            ToDoubleFunction<S> errors) {
        gauge(POOLED, "Connections pooled now, ready to be handed out", tags, null, stats, pooled);
        meters.add(FunctionTimer.builder(
                        HANDSHAKE,
                        stats,
                        s -> handshakes.applyAsLong(s.get()),
                        s -> handshakeNanos.applyAsLong(s.get()),
                        TimeUnit.NANOSECONDS)
                .description("Completed handshakes (TLS and ID exchange) and the time they took")
                .tags(tags)
                .register(registry));
        counter(DISCARDED, "Pooled connections found dead when handed out, and closed", tags, stats, discarded);
        gauge(ERRORS, "Errors since the last resetErrors()", tags, null, stats, errors);
    }

    private <S> void gauge(
            String name, String help, Tags tags, String baseUnit, Supplier<S> stats, ToDoubleFunction<S> f) {
        meters.add(Gauge.builder(name, stats, s -> f.applyAsDouble(s.get()))
                .description(help)
                .tags(tags)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry));
    }

    private <S> void counter(String name, String help, Tags tags, Supplier<S> stats, ToDoubleFunction<S> f) {
        meters.add(FunctionCounter.builder(name, stats, s -> f.applyAsDouble(s.get()))
                .description(help)
                .tags(tags)
                .register(registry));
    }

    /** Removes every meter of this binding. Idempotent. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
