package dev.poolkit.net.service;

import static dev.poolkit.net.service.ServiceMetricNames.*;
import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.metrics.PoolMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a {@link Service}: pooly's statsd set (names in {@link
 * ServiceMetricNames}), the per-host scores, and each host's pool through {@link PoolMetrics}, all
 * tagged {@code service} and, per host, {@code host}. Hosts added later get their meters when they
 * are added; a removed host's meters go with it; closing the service, or this binding, removes
 * every meter. Meters read the service's counters when the registry is scraped: nothing is
 * recorded on the request path but a few {@link java.util.concurrent.atomic.LongAdder}s.
 *
 * {@snippet class=dev.poolkit.net.service.ExamplesTest region=metrics}
 *
 * <p>A service is bound once per registry, and no two services of the same name share one: a
 * second binding fails with {@link IllegalArgumentException} (Micrometer would otherwise merge the
 * two bindings' meters, and closing either would remove both).
 *
 * <p>Thread-safe.
 */
public final class ServiceMetrics implements AutoCloseable {

    /** Orders the "is this service bound here already" check with the registration it guards. */
    private static final ReentrantLock BIND_LOCK = new ReentrantLock();

    private final Service service; // strong reference: the gauges read it
    private final MeterRegistry registry;
    private final Tags tags;

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Meter> serviceMeters = new ArrayList<>(); // guarded by lock
    private final Map<Member, HostMeters> hosts = new HashMap<>(); // guarded by lock
    private boolean closed; // guarded by lock

    private record HostMeters(List<Meter> meters, PoolMetrics pool) {}

    private ServiceMetrics(Service service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
        this.tags = Tags.of(TAG_SERVICE, service.name());
    }

    /**
     * Binds a service's metrics, and those of every host it has or will have.
     *
     * @param service the service
     * @param registry the registry
     * @return the binding; closing it removes the meters (closing the service does too)
     * @throws IllegalArgumentException if a service of that name is already bound to {@code
     *     registry}, or a host's pool is (the message names it)
     * @throws dev.poolkit.pool.PoolClosedException if the service is closed
     * @throws NullPointerException if an argument is null
     */
    public static ServiceMetrics bind(Service service, MeterRegistry registry) {
        requireNonNull(service, "service");
        requireNonNull(registry, "registry");
        ServiceMetrics m = new ServiceMetrics(service, registry);
        BIND_LOCK.lock();
        try {
            if (registry.find(HOSTS).tags(m.tags).gauge() != null) {
                throw new IllegalArgumentException("service must be bound once per registry, but service '"
                        + service.name() + "' is already bound; close its ServiceMetrics first,"
                        + " or give the service a name of its own");
            }
            m.registerServiceMeters();
            try {
                service.subscribe(m);
            } catch (RuntimeException e) {
                m.removeAll();
                throw e;
            }
        } finally {
            BIND_LOCK.unlock();
        }
        return m;
    }

    private void registerServiceMeters() {
        lock.lock();
        try {
            serviceMeters.add(Gauge.builder(HOSTS, service, s -> s.members().size())
                    .description("Hosts of the service, enabled or not")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry));
            serviceMeters.add(Gauge.builder(CONNS, service, ServiceMetrics::connections)
                    .description("Connections open or being dialled, summed over the service's hosts")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry));
        } finally {
            lock.unlock();
        }
    }

    private static double connections(Service service) {
        long sum = 0;
        for (Member m : service.members()) {
            sum += m.pool.stats().pool().size();
        }
        return sum;
    }

    /** A host joined the service; called under the service's lock. */
    void added(Member member) {
        Tags hostTags = tags.and(TAG_HOST, member.label);
        List<Meter> meters = new ArrayList<>();
        PoolMetrics pool = null;
        try {
            gauge(
                    meters,
                    HOST_SCORE,
                    "The host's pooly score in [0, 1], -1 before it was first computed",
                    hostTags,
                    member,
                    m -> m.host.score().current());
            gauge(
                    meters,
                    HOST_ENABLED,
                    "Whether the host is in rotation (1) or disabled (0)",
                    hostTags,
                    member,
                    m -> m.enabled() ? 1 : 0);
            gauge(
                    meters,
                    HOST_OUTSTANDING,
                    "Connections leased from the host and not yet given back",
                    hostTags,
                    member,
                    m -> m.host.outstanding());
            counter(
                    meters,
                    CONNS_FAILS,
                    "Failed dials, dead connections found by the probe, and fatal releases",
                    hostTags,
                    member,
                    m -> m.pool.stats().failures());
            counter(
                    meters,
                    CONNS_PUT,
                    "Leases of the host's connections that ended",
                    hostTags,
                    member,
                    m -> m.pool.stats().releases());
            counter(
                    meters,
                    CONNS_GET,
                    "Connections the service handed out from the host",
                    hostTags,
                    member,
                    m -> m.gets.sum());
            counter(
                    meters,
                    CONNS_GET_FAILS,
                    "Tries to lease from the host that failed",
                    hostTags,
                    member,
                    m -> m.getFailures.sum());
            meters.add(FunctionTimer.builder(
                            CONNS_GET_DELAY,
                            member,
                            m -> m.gets.sum(),
                            m -> m.getDelayNanos.sum(),
                            TimeUnit.NANOSECONDS)
                    .description("Successful leases from the host and the time they took")
                    .tags(hostTags)
                    .register(registry));
            meters.add(FunctionTimer.builder(
                            CONNS_ACTIVE_PERIOD,
                            member,
                            m -> m.pool.stats().releases(),
                            m -> m.activeNanos.sum(),
                            TimeUnit.NANOSECONDS)
                    .description("Leases of the host's connections that ended, and the time they were held")
                    .tags(hostTags)
                    .register(registry));
            pool = PoolMetrics.bind(
                    member.pool.name(), hostTags, () -> member.pool.stats().pool(), registry);
        } catch (RuntimeException e) {
            meters.forEach(registry::remove);
            throw e;
        }
        lock.lock();
        try {
            if (closed) {
                meters.forEach(registry::remove);
                pool.close();
                return;
            }
            hosts.put(member, new HostMeters(meters, pool));
        } finally {
            lock.unlock();
        }
    }

    /** A host left the service; called under the service's lock. */
    void removed(Member member) {
        HostMeters gone;
        lock.lock();
        try {
            gone = hosts.remove(member);
        } finally {
            lock.unlock();
        }
        if (gone != null) {
            remove(gone);
        }
    }

    private void remove(HostMeters host) {
        host.meters.forEach(registry::remove);
        host.pool.close();
    }

    private void gauge(
            List<Meter> meters, String name, String help, Tags tags, Member member, ToDoubleFunction<Member> f) {
        meters.add(Gauge.builder(name, member, f)
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    private void counter(
            List<Meter> meters, String name, String help, Tags tags, Member member, ToDoubleFunction<Member> f) {
        meters.add(FunctionCounter.builder(name, member, f)
                .description(help)
                .tags(tags)
                .register(registry));
    }

    /** The service closed: it has already forgotten this binding. */
    void serviceClosed() {
        removeAll();
    }

    private void removeAll() {
        List<Meter> meters;
        List<HostMeters> gone;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            meters = new ArrayList<>(serviceMeters);
            gone = new ArrayList<>(hosts.values());
            serviceMeters.clear();
            hosts.clear();
        } finally {
            lock.unlock();
        }
        meters.forEach(registry::remove);
        gone.forEach(this::remove);
    }

    /** Removes every meter of this binding; the service's hosts get no more. Idempotent. */
    @Override
    public void close() {
        service.unsubscribe(this);
        removeAll();
    }
}
