package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.PoolMetricNames.*;
import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a pool's {@link PoolStats} (names in {@link PoolMetricNames}, tag {@code
 * pool}). It reads {@code stats()} when the registry is scraped, keeps a strong reference to the
 * source, and removes its meters on {@link #close()}.
 *
 * <p>{@link #bind(Pool, MeterRegistry)} binds a core {@link Pool}; {@link #bind(String, Iterable,
 * Supplier, MeterRegistry)} binds any source of {@code PoolStats}, such as one key of a keyed pool
 * (with a {@code key} tag) or its totals.
 *
 * <p>Thread-safe.
 */
public final class PoolMetrics implements AutoCloseable {

    private final Supplier<PoolStats> stats; // strong reference: the gauges read it
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private PoolMetrics(Supplier<PoolStats> stats, MeterRegistry registry) {
        this.stats = stats;
        this.registry = registry;
    }

    /**
     * Binds a pool's statistics, tagged {@code pool=<pool.name()>}.
     *
     * @param pool the pool
     * @param registry the registry
     * @return the binding; close it (when the pool closes) to remove the meters
     * @throws NullPointerException if an argument is null
     */
    public static PoolMetrics bind(Pool<?> pool, MeterRegistry registry) {
        requireNonNull(pool, "pool");
        return bind(pool.name(), Tags.empty(), pool::stats, registry);
    }

    /**
     * Binds any source of pool statistics.
     *
     * @param poolName the value of the {@code pool} tag
     * @param extraTags more tags, such as {@code key} for one key of a keyed pool
     * @param stats returns a fresh snapshot; called at scrape time, <b>must be cheap and must not
     *     block</b>
     * @param registry the registry
     * @return the binding; close it to remove the meters
     * @throws NullPointerException if an argument is null
     */
    public static PoolMetrics bind(
            String poolName, Iterable<Tag> extraTags, Supplier<PoolStats> stats, MeterRegistry registry) {
        requireNonNull(poolName, "poolName");
        requireNonNull(extraTags, "extraTags");
        requireNonNull(stats, "stats");
        requireNonNull(registry, "registry");
        PoolMetrics m = new PoolMetrics(stats, registry);
        Tags tags = Tags.of(TAG_POOL, poolName).and(extraTags);
        m.gauge(ACTIVE, "Resources leased now", tags, PoolStats::leased);
        m.gauge(IDLE, "Idle resources now", tags, PoolStats::idle);
        m.gauge(PENDING, "Callers waiting for a resource now", tags, PoolStats::waiting);
        m.gauge(SIZE, "Resources that exist now", tags, PoolStats::size);
        m.gauge(MAX, "Maximum number of resources", tags, PoolStats::maxSize);
        m.gauge(MIN, "Minimum number of idle resources", tags, PoolStats::minIdle);
        m.meters.add(FunctionTimer.builder(
                        ACQUIRE,
                        m,
                        x -> x.stats.get().acquired(),
                        x -> x.stats.get().totalWait().toNanos(),
                        TimeUnit.NANOSECONDS)
                .description("Successful acquires and the time callers waited for them")
                .tags(tags)
                .register(registry));
        m.counter(TIMEOUTS, "Acquires that timed out", tags, PoolStats::timeouts);
        m.counter(CREATIONS, "Resources created", tags, PoolStats::created);
        m.counter(DESTRUCTIONS, "Resources destroyed", tags, PoolStats::destroyed);
        m.counter(CREATION_FAILURES, "Resource creations that failed", tags, PoolStats::creationFailures);
        m.counter(LEAKS, "Leases reported as held too long", tags, PoolStats::leaks);
        return m;
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<PoolStats> f) {
        meters.add(Gauge.builder(name, this, x -> f.applyAsDouble(x.stats.get()))
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    private void counter(String name, String help, Tags tags, ToDoubleFunction<PoolStats> f) {
        meters.add(FunctionCounter.builder(name, this, x -> f.applyAsDouble(x.stats.get()))
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
