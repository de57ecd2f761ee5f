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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a pool's {@link PoolStats} (names in {@link PoolMetricNames}, tag {@code
 * pool}). It reads {@code stats()} when the registry is scraped, keeps a strong reference to the
 * source, and removes its meters on {@link #close()}.
 *
 * <p><b>One snapshot per scrape.</b> All meters of a binding read the same {@code PoolStats}
 * snapshot, so the values of one scrape agree with each other ({@code active + idle <= size}). A
 * new snapshot is taken when a meter is read a second time, which is what the next scrape does;
 * no clock is involved.
 *
 * <p><b>One binding per name.</b> Binding a second source with the same tags to the same registry
 * fails with an {@link IllegalArgumentException} naming the pool: Micrometer would otherwise hand
 * the second binding the first one's meters, and closing either would remove both. Close the first
 * binding, or give the pool a name of its own (pool names are the {@code pool} tag).
 *
 * <p>{@link #bind(Pool, MeterRegistry)} binds a core {@link Pool}; {@link #bind(String, Iterable,
 * Supplier, MeterRegistry)} binds any source of {@code PoolStats}, such as one key of a keyed pool
 * (with a {@code key} tag) or its totals.
 *
 * <p>Thread-safe.
 */
public final class PoolMetrics implements AutoCloseable {

    /** Tags bound per registry, so that a second binding under the same tags is refused. */
    private static final Map<MeterRegistry, Set<Tags>> BOUND = new WeakHashMap<>();

    private static final ReentrantLock BOUND_LOCK = new ReentrantLock();

    private final Supplier<PoolStats> stats; // strong reference: the meters read it
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private PoolStats snapshot; // guarded by lock
    private long generation; // guarded by lock; counts snapshots
    private long[] seen = new long[0]; // guarded by lock; per reader, the generation it last read
    private boolean closed; // guarded by lock

    private PoolMetrics(Supplier<PoolStats> stats, MeterRegistry registry, Tags tags) {
        this.stats = stats;
        this.registry = registry;
        this.tags = tags;
    }

    /**
     * Binds a pool's statistics, tagged {@code pool=<pool.name()>}.
     *
     * @param pool the pool
     * @param registry the registry
     * @return the binding; close it (when the pool closes) to remove the meters
     * @throws IllegalArgumentException if a pool of that name is already bound to {@code registry}
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
     * @param stats returns a fresh snapshot; called once per scrape, <b>must be cheap and must not
     *     block</b> (a core pool's {@code stats()} is both)
     * @param registry the registry
     * @return the binding; close it to remove the meters
     * @throws IllegalArgumentException if a source with the same tags is already bound to {@code
     *     registry}; the message names the pool
     * @throws NullPointerException if an argument is null
     */
    public static PoolMetrics bind(
            String poolName, Iterable<Tag> extraTags, Supplier<PoolStats> stats, MeterRegistry registry) {
        requireNonNull(poolName, "poolName");
        requireNonNull(extraTags, "extraTags");
        requireNonNull(stats, "stats");
        requireNonNull(registry, "registry");
        Tags tags = Tags.of(TAG_POOL, poolName).and(extraTags);
        claim(poolName, tags, registry);
        PoolMetrics m = new PoolMetrics(stats, registry, tags);
        try {
            m.register();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private static void claim(String poolName, Tags tags, MeterRegistry registry) {
        BOUND_LOCK.lock();
        try {
            Set<Tags> bound = BOUND.computeIfAbsent(registry, r -> new HashSet<>());
            if (bound.contains(tags) || registeredElsewhere(tags, registry)) {
                throw new IllegalArgumentException("poolName must be bound once per registry, but pool '" + poolName
                        + "' is already bound with tags " + tags
                        + "; close its PoolMetrics first, or give the pool a name of its own");
            }
            bound.add(tags);
        } finally {
            BOUND_LOCK.unlock();
        }
    }

    /** Meters another binder registered under exactly these tags (find() also matches supersets). */
    private static boolean registeredElsewhere(Tags tags, MeterRegistry registry) {
        for (Meter meter : registry.find(SIZE).meters()) {
            if (Tags.of(meter.getId().getTags()).equals(tags)) {
                return true;
            }
        }
        return false;
    }

    private void register() {
        gauge(ACTIVE, "Resources leased now", PoolStats::leased);
        gauge(IDLE, "Idle resources now", PoolStats::idle);
        gauge(PENDING, "Callers waiting for a resource now", PoolStats::waiting);
        gauge(SIZE, "Resources that exist now", PoolStats::size);
        gauge(MAX, "Maximum number of resources", PoolStats::maxSize);
        gauge(MIN, "Minimum number of idle resources", PoolStats::minIdle);
        int acquireCount = reader();
        int acquireTime = reader();
        meters.add(FunctionTimer.builder(
                        ACQUIRE,
                        this,
                        x -> x.read(acquireCount).acquired(),
                        x -> x.read(acquireTime).totalWait().toNanos(),
                        TimeUnit.NANOSECONDS)
                .description("Successful acquires and the time callers waited for them")
                .tags(tags)
                .register(registry));
        int creationCount = reader();
        int creationTime = reader();
        meters.add(FunctionTimer.builder(
                        CREATION,
                        this,
                        x -> {
                            PoolStats s = x.read(creationCount);
                            return s.created() + s.creationFailures();
                        },
                        x -> x.read(creationTime).totalCreationTime().toNanos(),
                        TimeUnit.NANOSECONDS)
                .description("Calls to the resource factory, failed ones included, and the time they took")
                .tags(tags)
                .register(registry));
        counter(TIMEOUTS, "Acquires that timed out", PoolStats::timeouts);
        counter(DESTRUCTIONS, "Resources destroyed", PoolStats::destroyed);
        counter(CREATION_FAILURES, "Resource creations that failed", PoolStats::creationFailures);
        counter(DESTRUCTION_FAILURES, "Resource destructions that threw", PoolStats::destroyFailures);
        counter(LEAKS, "Leases reported as held too long", PoolStats::leaks);
    }

    /** Registers one more reader of the snapshot; each meter function is one. */
    private int reader() {
        lock.lock();
        try {
            seen = Arrays.copyOf(seen, seen.length + 1);
            return seen.length - 1;
        } finally {
            lock.unlock();
        }
    }

    /** The current scrape's snapshot; a reader that already read it starts the next scrape's. */
    private PoolStats read(int reader) {
        lock.lock();
        try {
            if (snapshot == null || seen[reader] == generation) {
                snapshot = stats.get();
                generation++;
            }
            seen[reader] = generation;
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    private void gauge(String name, String help, ToDoubleFunction<PoolStats> f) {
        int reader = reader();
        meters.add(Gauge.builder(name, this, x -> f.applyAsDouble(x.read(reader)))
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    private void counter(String name, String help, ToDoubleFunction<PoolStats> f) {
        int reader = reader();
        meters.add(FunctionCounter.builder(name, this, x -> f.applyAsDouble(x.read(reader)))
                .description(help)
                .tags(tags)
                .register(registry));
    }

    /** Removes every meter of this binding and frees its name in the registry. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        meters.forEach(registry::remove);
        BOUND_LOCK.lock();
        try {
            Set<Tags> bound = BOUND.get(registry);
            if (bound != null) {
                bound.remove(tags);
            }
        } finally {
            BOUND_LOCK.unlock();
        }
    }
}
