package dev.poolkit.net.service;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.strategy.StrategyRegistry;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostPool;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolException;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named service of several hosts (pooly's {@code Service}): a {@link HostPool} per host, a
 * {@link Strategy} from poolkit-balance that picks the host of each request, and pooly's host
 * scores, fed by the outcome of every connection.
 *
 * {@snippet class=dev.poolkit.net.service.ExamplesTest region=service}
 *
 * <h2>A request</h2>
 *
 * {@link #getConnection()} runs the balance protocol of {@link Strategy}: it refreshes the hosts'
 * scores when a memoize interval has passed, lets the strategy select among the enabled hosts (in
 * the order they were added), counts the request on the host ({@link Host#begin()}) and leases a
 * connection from its pool. The {@link Connection}'s release ends the request ({@link Host#end()}),
 * rates the host and feeds the strategy with the score and the time the connection was held; a
 * fatal error scores {@code HOST_DOWN}. A try that fails (the pool timed out, or could not dial)
 * ends the request at once, rates the host {@code HOST_DOWN}, feeds the strategy a failure, and
 * tries again, {@code getAttempts} times (PY-14), on a host the strategy picks among the others:
 * hosts that failed a try of the same request are left out while any other is enabled. (pooly
 * selects among all of them again, and since scores are memoized for 100 ms, a strategy that reads
 * them picks the host that just failed again.)
 *
 * <h2>Hosts</h2>
 *
 * {@link #add} and {@link #remove} take effect before they return; any number of threads may call
 * them while requests run. A removed host drains: its connections still leased keep working, and
 * are closed when they are given back, or after {@code closeDeadline}. {@link #disable} and {@link
 * #enable} take a host out of rotation and back without touching its pool or score (a health
 * monitor does this). A host added again after a removal is a new host: new pool, new score, and a
 * new round-robin slot, as in pooly.
 *
 * <h2>Closing</h2>
 *
 * After {@link #close()}, every method that changes or uses the service ({@code getConnection},
 * {@code add}, {@code remove}, {@code enable}, {@code disable}) fails at once with {@link
 * PoolClosedException}; the snapshots ({@code status}, {@code hosts}) still answer.
 *
 * <p>Thread-safe: any number of platform or virtual threads may use a service at once.
 * Selection and the lease take no service-wide lock; adding, removing, enabling and disabling
 * hosts take a short one.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private static final VarHandle NEXT_REFRESH;

    static {
        try {
            NEXT_REFRESH = MethodHandles.lookup().findVarHandle(Service.class, "nextRefreshNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a selection works on: rebuilt under the lock at every change, read without it. */
    private record Rotation(List<Member> all, List<Host> enabled, Map<Host, Member> byHost) {
        static final Rotation EMPTY = new Rotation(List.of(), List.of(), Map.of());
    }

    private final String name;
    private final ServiceConfig config;
    private final Ticker ticker;
    private final dev.poolkit.balance.Ticker balanceTicker;
    private final Strategy strategy;
    private final Consumer<HostPool.Builder> hostPools;
    private final int tries;
    private final long memoizeNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<HostAndPort, Member> members = new LinkedHashMap<>(); // guarded by lock
    private final List<ServiceMetrics> bindings = new ArrayList<>(); // guarded by lock
    private volatile Rotation rotation = Rotation.EMPTY;
    private volatile boolean closed;

    /** Removed hosts whose leased connections are still out, with the thread that waits for them. */
    private final Map<Member, Thread> draining = new ConcurrentHashMap<>();

    @SuppressWarnings("unused") // accessed through NEXT_REFRESH
    private volatile long nextRefreshNanos;

    private Service(Builder builder) {
        this.name = builder.name;
        this.config = builder.config;
        this.ticker = builder.ticker;
        this.balanceTicker = builder.ticker::nanoTime;
        StrategyFactory factory =
                builder.strategy != null ? builder.strategy : StrategyRegistry.factory(config.strategy());
        this.strategy = requireNonNull(factory.create(builder.random, balanceTicker), "strategy");
        this.hostPools = builder.hostPools;
        this.tries = config.getAttempts() + 1;
        this.memoizeNanos = config.hostScore().memoizeInterval().toNanos();
        this.nextRefreshNanos = ticker.nanoTime();
        LOG.info("Service '{}': started with strategy {}", name, strategy.name());
    }

    /**
     * Starts building a service.
     *
     * @param name the service's name, used in pool names, log lines, exceptions and the {@code
     *     service} metric tag; not blank
     * @return a builder with {@link ServiceConfig#defaults()}
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws NullPointerException if {@code name} is null
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Creates a service with the system ticker, TCP dialers from {@code config.hostPool().dialer()}
     * and the strategy {@code config.strategy()} names (pooly's {@code NewService}).
     *
     * @param name the service's name; not blank
     * @param config the configuration
     * @return the service, without hosts
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws NullPointerException if an argument is null
     */
    public static Service create(String name, ServiceConfig config) {
        return builder(name).config(config).build();
    }

    // ---------------------------------------------------------------- hosts

    /**
     * Adds a host, in rotation, after the hosts already there; its pool starts dialling its {@code
     * minIdle} connections in the background. Adding a host that is already there does nothing (as
     * in pooly).
     *
     * @param address the host
     * @return true if the host was added, false if it was already there
     * @throws PoolClosedException if the service is closed
     * @throws IllegalArgumentException if a metrics binding of the service refuses the host's pool
     *     (another pool is bound under the same tags); the host is then not added
     * @throws NullPointerException if {@code address} is null
     */
    public boolean add(HostAndPort address) {
        requireNonNull(address, "address");
        lock.lock();
        try {
            checkOpen();
            if (members.containsKey(address)) {
                return false;
            }
            HostPool.Builder pool = HostPool.builder(address.toUnresolved());
            hostPools.accept(pool);
            pool.name(name + "/" + address).config(config.hostPool()).ticker(ticker);
            Member member = new Member(
                    address,
                    new Host(address.toString(), new HostScore(config.hostScore(), balanceTicker)),
                    strategy,
                    pool);
            try {
                for (ServiceMetrics binding : bindings) {
                    binding.added(member);
                }
            } catch (RuntimeException e) {
                bindings.forEach(b -> b.removed(member));
                member.pool.close();
                throw e;
            }
            members.put(address, member);
            publish();
        } finally {
            lock.unlock();
        }
        LOG.info("Service '{}': added {}", name, address);
        return true;
    }

    /**
     * Removes a host: it leaves the rotation before this method returns, its idle connections are
     * closed and it dials no more; connections leased from it keep working and are closed when they
     * are given back, or {@code closeDeadline} after the removal. Removing a host that is not there
     * does nothing.
     *
     * @param address the host
     * @return true if the host was removed, false if it was not there
     * @throws PoolClosedException if the service is closed
     * @throws NullPointerException if {@code address} is null
     */
    public boolean remove(HostAndPort address) {
        requireNonNull(address, "address");
        Member member;
        lock.lock();
        try {
            checkOpen();
            member = members.remove(address);
            if (member == null) {
                return false;
            }
            publish();
            for (ServiceMetrics binding : bindings) {
                binding.removed(member);
            }
        } finally {
            lock.unlock();
        }
        member.pool.close();
        if (member.pool.stats().pool().size() > 0) {
            drain(member);
        }
        LOG.info("Service '{}': removed {}", name, address);
        return true;
    }

    /** Waits for the leases of a removed host, at most closeDeadline, then closes what is left. */
    private void drain(Member member) {
        Thread thread = Thread.ofVirtual()
                .name("poolkit-service-" + name + "-drain-" + member.label)
                .unstarted(() -> {
                    try {
                        boolean clean = member.pool.close(config.closeDeadline());
                        if (!clean && !Thread.currentThread().isInterrupted()) { // interrupted: the service closed
                            LOG.warn(
                                    "Service '{}': closed connections of removed host {} still leased after {} ms",
                                    name,
                                    member.label,
                                    config.closeDeadline().toMillis());
                        }
                    } finally {
                        draining.remove(member);
                    }
                });
        draining.put(member, thread);
        thread.start();
    }

    /**
     * Takes a host out of rotation without touching its pool or its score: connections already
     * leased keep working and scoring it, its idle ones stay ready. For health monitors.
     *
     * @param address the host
     * @return true if the host is there (now disabled), false if it is not
     * @throws PoolClosedException if the service is closed
     * @throws NullPointerException if {@code address} is null
     */
    public boolean disable(HostAndPort address) {
        return setEnabled(address, false);
    }

    /**
     * Puts a disabled host back into rotation, in its place in insertion order, with the pool and
     * score it had.
     *
     * @param address the host
     * @return true if the host is there (now enabled), false if it is not
     * @throws PoolClosedException if the service is closed
     * @throws NullPointerException if {@code address} is null
     */
    public boolean enable(HostAndPort address) {
        return setEnabled(address, true);
    }

    private boolean setEnabled(HostAndPort address, boolean enabled) {
        requireNonNull(address, "address");
        lock.lock();
        try {
            checkOpen();
            Member member = members.get(address);
            if (member == null) {
                return false;
            }
            if (member.enabled() != enabled) {
                member.enabled(enabled);
                publish();
                LOG.info("Service '{}': {} {}", name, enabled ? "enabled" : "disabled", address);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds the rotation from the members; under the lock. */
    private void publish() {
        List<Member> all = List.copyOf(members.values());
        List<Host> enabled = new ArrayList<>(all.size());
        Map<Host, Member> byHost = new IdentityHashMap<>();
        for (Member m : all) {
            if (m.enabled()) {
                enabled.add(m.host);
                byHost.put(m.host, m);
            }
        }
        rotation = new Rotation(all, List.copyOf(enabled), byHost);
    }

    private void checkOpen() {
        if (closed) {
            throw new PoolClosedException(name);
        }
    }

    // ---------------------------------------------------------------- requests

    /**
     * Leases a connection from the host the strategy picks (pooly's {@code GetConn}); give it back
     * with {@link Connection#release(Throwable, double)} or one of its variants, which scores the
     * host.
     *
     * <p>Each try leases from the chosen host's pool with the pool's {@code acquireTimeout}; a try
     * that fails scores the host {@code HOST_DOWN} and the next try asks the strategy again, up to
     * {@code getAttempts + 1} tries. Without any enabled host, a try fails at once (pooly retries
     * immediately too).
     *
     * @return the connection
     * @throws NoHostAvailableException if no try gave a connection; the last host's failure ({@link
     *     dev.poolkit.pool.PoolTimeoutException}, {@link dev.poolkit.pool.ResourceCreationException})
     *     is the cause
     * @throws PoolClosedException if the service is closed, before or during the call
     * @throws InterruptedException if the thread was interrupted while waiting; the host is not
     *     scored for it
     * @throws IllegalStateException if the strategy selected a host that was not a candidate (a
     *     broken custom strategy)
     */
    public Connection getConnection() throws InterruptedException {
        List<PoolException> failures = null;
        List<Host> failed = null;
        for (int attempt = 0; attempt < tries; attempt++) {
            Rotation r = rotation;
            checkOpen();
            if (r.enabled.isEmpty()) {
                continue;
            }
            long start = ticker.nanoTime();
            refreshScores(r, start);
            Host host = strategy.select(failed == null ? r.enabled : without(r.enabled, failed));
            Member member = r.byHost.get(host);
            if (member == null) {
                throw new IllegalStateException(
                        "strategy " + strategy.name() + " selected " + host + ", which is not one of the candidates");
            }
            host.begin();
            Connection connection;
            try {
                connection = member.pool.acquire();
            } catch (PoolException e) {
                host.end();
                if (e instanceof PoolClosedException) {
                    checkOpen(); // else the host was removed after this try read the rotation: not its fault
                } else {
                    member.failed(ticker.nanoTime() - start);
                }
                if (failures == null) {
                    failures = new ArrayList<>(tries);
                    failed = new ArrayList<>(tries);
                }
                failures.add(e);
                failed.add(host);
                continue;
            } catch (Throwable e) { // interrupted, or an unexpected error: no request happened
                host.end();
                throw e;
            }
            // From here the connection's release ends the request (Member.ended).
            member.leased(ticker.nanoTime() - start);
            return connection;
        }
        throw noHost(failures);
    }

    /**
     * The candidates without the hosts that failed earlier tries of the same request, unless that
     * leaves none. Scores are memoized, so a strategy that reads them would pick the host that just
     * failed again within the same memoize interval (pooly does); an allocation on the failure path
     * only.
     */
    private static List<Host> without(List<Host> enabled, List<Host> failed) {
        List<Host> rest = new ArrayList<>(enabled.size());
        for (Host h : enabled) {
            if (!failed.contains(h)) {
                rest.add(h);
            }
        }
        return rest.isEmpty() ? enabled : rest;
    }

    private NoHostAvailableException noHost(List<PoolException> failures) {
        if (failures == null) {
            return new NoHostAvailableException(name, tries, null);
        }
        NoHostAvailableException e = new NoHostAvailableException(name, tries, failures.get(failures.size() - 1));
        for (int i = 0; i < failures.size() - 1; i++) {
            e.addSuppressed(failures.get(i));
        }
        return e;
    }

    /** pooly's memoize ticker, lazily: at most once per memoize interval, by whichever request comes first. */
    private void refreshScores(Rotation r, long now) {
        long due = nextRefreshNanos;
        if (now - due >= 0 && NEXT_REFRESH.compareAndSet(this, due, now + memoizeNanos)) {
            for (Member m : r.all) {
                m.host.score().refresh();
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Returns the service's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public ServiceConfig config() {
        return config;
    }

    /**
     * Returns the strategy that picks the hosts.
     *
     * @return the strategy; its {@code name()} says which one
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * Returns pooly's {@code Status()}: each host, in insertion order, with the number of its
     * connections open or being dialled. Disabled hosts are included; removed ones are not.
     *
     * @return an immutable map from host to connection count
     */
    public Map<HostAndPort, Integer> status() {
        Map<HostAndPort, Integer> status = new LinkedHashMap<>();
        for (Member m : rotation.all) {
            status.put(m.address, m.pool.stats().pool().size());
        }
        return Collections.unmodifiableMap(status);
    }

    /**
     * Returns a snapshot of every host, in insertion order: rotation state, score, load, counters and
     * pool. Cheap: no lock is taken.
     *
     * @return an immutable list, one entry per host
     */
    public List<HostStatus> hosts() {
        List<Member> all = rotation.all;
        long total = 0;
        for (Member m : all) {
            total += m.gets.sum();
        }
        List<HostStatus> hosts = new ArrayList<>(all.size());
        for (Member m : all) {
            hosts.add(m.status(total));
        }
        return List.copyOf(hosts);
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return true once closing has started
     */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the service without waiting: every later call that uses it fails with {@link
     * PoolClosedException}, every host's pool is closed (idle connections now, leased ones when they
     * are given back), and metrics bindings remove their meters. Idempotent.
     */
    @Override
    public void close() {
        closeNow();
        draining.values().forEach(Thread::interrupt);
    }

    /**
     * Closes the service like {@link #close()}, then waits up to {@code timeout} for every leased
     * connection, removed hosts' included, to be given back, and closes those still leased after
     * that.
     *
     * @param timeout how long to wait for leases
     * @return true if every lease ended in time
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean close(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Member> pools = closeNow();
        pools.addAll(draining.keySet());
        boolean clean = true;
        for (Member m : pools) {
            clean &= m.pool.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        draining.values().forEach(Thread::interrupt);
        return clean;
    }

    /** Marks the service closed, takes every host out of rotation and closes the pools; returns the hosts. */
    private List<Member> closeNow() {
        List<Member> all;
        List<ServiceMetrics> unbound;
        lock.lock();
        try {
            all = new ArrayList<>(members.values());
            if (closed) {
                return all;
            }
            closed = true;
            rotation = new Rotation(List.copyOf(all), List.of(), Map.of());
            unbound = new ArrayList<>(bindings);
            bindings.clear();
        } finally {
            lock.unlock();
        }
        unbound.forEach(ServiceMetrics::serviceClosed);
        for (Member m : all) {
            m.pool.close();
        }
        LOG.info("Service '{}': closed", name);
        return all;
    }

    // ---------------------------------------------------------------- for ServiceMetrics

    /** Subscribes a binding to membership changes, after giving it the current hosts. */
    void subscribe(ServiceMetrics binding) {
        lock.lock();
        try {
            checkOpen();
            for (Member m : members.values()) {
                binding.added(m); // may throw: then nothing is subscribed (the caller removes what was added)
            }
            bindings.add(binding);
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe(ServiceMetrics binding) {
        lock.lock();
        try {
            bindings.remove(binding);
        } finally {
            lock.unlock();
        }
    }

    /** The hosts now, for service-wide gauges. */
    List<Member> members() {
        return rotation.all;
    }

    @Override
    public String toString() {
        return "Service[" + name + ", " + strategy.name() + ", " + rotation.all + "]";
    }

    /**
     * Builds a {@link Service}: its {@link ServiceConfig} plus the runtime collaborators (strategy
     * factory, seed source, ticker, and what the host pools are built with). Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private ServiceConfig config = ServiceConfig.defaults();
        private StrategyFactory strategy;
        private RandomGenerator random = RandomGenerator.getDefault();
        private Ticker ticker = Ticker.system();
        private Consumer<HostPool.Builder> hostPools = pool -> {};

        private Builder(String name) {
            requireNonNull(name, "name");
            Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
            this.name = name;
        }

        /**
         * Sets the configuration.
         *
         * @param config the configuration
         * @return this builder
         * @throws NullPointerException if {@code config} is null
         */
        public Builder config(ServiceConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets the strategy by its factory, instead of by {@link ServiceConfig#strategy()}'s name:
         * for a strategy of one's own, or one configured in code.
         *
         * @param strategy creates the service's one strategy instance when the service is built
         * @return this builder
         * @throws NullPointerException if {@code strategy} is null
         */
        public Builder strategy(StrategyFactory strategy) {
            this.strategy = requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Sets the seed source for the strategy (drawn from once, when the service is built); a seeded
         * generator makes a randomised strategy repeatable. Defaults to {@link
         * RandomGenerator#getDefault()}.
         *
         * @param random the seed source
         * @return this builder
         * @throws NullPointerException if {@code random} is null
         */
        public Builder random(RandomGenerator random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets the time source of the scores (decay, memoize), the strategy, the lease durations and
         * the pools. Defaults to {@link Ticker#system()}.
         *
         * @param ticker the time source
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets what every host's pool is built with besides the service's own settings: a {@link
         * HostPool.Builder#dialer dialer} (a {@link dev.poolkit.net.tls.TlsDialer} for TLS backends),
         * a {@link HostPool.Builder#scheduler scheduler}, an {@link HostPool.Builder#executor
         * executor}. Called for each host as it is added; the service then sets the pool's name
         * ({@code <service>/<host:port>}), config ({@link ServiceConfig#hostPool()}), ticker and
         * listener, whatever the customizer set for them. By default, nothing: TCP dialers from
         * {@code config.hostPool().dialer()}, core's shared scheduler, a virtual thread per dial.
         *
         * {@snippet :
         * Service service = Service.builder("backends")
         *         .hostPools(pool -> pool.dialer(tlsDialer))
         *         .build();
         * }
         *
         * @param hostPools applied to each host's pool builder; must not block
         * @return this builder
         * @throws NullPointerException if {@code hostPools} is null
         */
        public Builder hostPools(Consumer<HostPool.Builder> hostPools) {
            this.hostPools = requireNonNull(hostPools, "hostPools");
            return this;
        }

        /**
         * Builds the service, without hosts.
         *
         * @return the service
         */
        public Service build() {
            return new Service(this);
        }
    }
}
