package dev.poolkit.net.host;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolBuilder;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of TCP connections to one address (pooly's {@code Pool}), built on a core {@link Pool}:
 * connections are dialled through a {@link Dialer} on demand up to {@code maxSize}, kept ready down
 * to {@code minIdle} (pooly's prespawn), probed before reuse, closed after {@code idleTimeout}, and
 * handed out as {@link Connection}s that score the host when they are given back.
 *
 * {@snippet class=dev.poolkit.net.host.ExamplesTest region=host-pool}
 *
 * <h2>Dialling</h2>
 *
 * A creation dials up to {@code dialAttempts} times, waiting an exponentially growing, jittered
 * delay between attempts ({@link HostPoolConfig#dialRetryDelay()}); the background refill to
 * {@code minIdle} backs off between failed creations as well, so a dead host is never redialled in
 * a tight loop. A caller's {@code acquireTimeout} bounds its wait for a creation; the creation goes
 * on and its connection goes to the next caller.
 *
 * <h2>Validation</h2>
 *
 * With {@code validateOnAcquire} (the default), a connection that has been idle longer than {@code
 * validationIdleThreshold} (500 ms) is probed before it is handed out, and replaced if the probe
 * fails; {@code validationInterval} probes idle connections in the background too. The probe reads
 * one byte ahead with the shortest timeout a {@code java.net.Socket} allows: it first tries without
 * waiting, so a peer that closed (FIN) or reset (RST) the connection is seen at once, and a healthy
 * idle connection costs a 1 ms wait. A byte the peer sent meanwhile (a server greeting) is kept and
 * returned first by {@link Connection#input()}.
 *
 * <p>The probe cannot see a peer that vanished without a FIN or RST (a crashed machine, a network
 * partition, a firewall or NAT that dropped the connection's state): the connection looks idle and
 * healthy until a request's read timeout, or TCP keep-alive after hours, finds out. Nor can it see a
 * server process that hangs with its socket open, or a close that happens after the probe. Set a
 * read timeout ({@link dev.poolkit.net.DialerConfig#readTimeout()}) and let the release of a failed
 * request score the host down.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} never blocks on leases: idle connections are closed at once and leased ones when
 * they are given back. {@link #close(Duration)} waits that long for them, then closes the rest
 * (pooly's {@code ForceClose}, without the hang of pooly's {@code Close}).
 *
 * <p>Thread-safe: any number of platform or virtual threads may acquire and release at once.
 */
public final class HostPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostPool.class);

    /** How a lease ended. */
    enum Outcome {
        RETURNED,
        DISCARDED,
        FATAL
    }

    private final String name;
    private final InetSocketAddress address;
    private final HostPoolConfig config;
    private final Ticker ticker;
    private final ConnectionListener listener;
    private final boolean listening;
    private final Predicate<Throwable> fatalErrors;
    private final SocketFactory factory;
    private final Pool<PooledSocket> pool;

    private final LongAdder returned = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final LongAdder fatalReleases = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();

    private HostPool(Builder builder) {
        this.address = builder.address;
        this.name = builder.name != null ? builder.name : SocketAddresses.describe(address);
        HostPoolConfig given = requireNonNull(builder.config, "config");
        this.config = given.toBuilder()
                .pool(given.pool().toBuilder().name(name).build())
                .build();
        this.ticker = builder.ticker;
        this.listener = builder.listener;
        this.listening = listener != ConnectionListener.noop();
        this.fatalErrors = config.fatalErrors();
        Dialer dialer = builder.dialer != null ? builder.dialer : Dialer.tcp(config.dialer());
        this.factory = new SocketFactory(name, address, dialer, config);
        PoolBuilder<PooledSocket> core =
                Pool.builder(factory).from(config.pool()).ticker(ticker);
        if (builder.scheduler != null) {
            core.scheduler(builder.scheduler);
        }
        if (builder.executor != null) {
            core.executor(builder.executor);
        }
        this.pool = core.build();
        LOG.debug("Host pool '{}': started for {}", name, SocketAddresses.describe(address));
    }

    /**
     * Starts building a pool of connections to {@code address}.
     *
     * @param address where to connect; may be unresolved, in which case the dialer resolves it on
     *     every dial, so a DNS change is seen by the next connection
     * @return a builder with {@link HostPoolConfig#defaults()}
     * @throws IllegalArgumentException if the port is 0
     * @throws NullPointerException if {@code address} is null
     */
    public static Builder builder(InetSocketAddress address) {
        return new Builder(address);
    }

    /**
     * Creates and starts a pool of connections to {@code address} with the system ticker, a TCP
     * dialer from {@code config.dialer()} and core's shared scheduler.
     *
     * @param address where to connect; may be unresolved
     * @param config the configuration
     * @return the started pool; it dials {@code minIdle} connections in the background
     * @throws IllegalArgumentException if the port is 0
     * @throws NullPointerException if an argument is null
     */
    public static HostPool create(InetSocketAddress address, HostPoolConfig config) {
        return builder(address).config(config).build();
    }

    /**
     * Leases a connection, waiting at most the configured {@code acquireTimeout}.
     *
     * @return the connection; give it back exactly once
     * @throws PoolTimeoutException if no connection became available in time
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a connection had to be dialled for this call and every
     *     attempt failed; the last dial's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting
     * @see #acquire(Duration)
     */
    public Connection acquire() throws InterruptedException {
        Lease<PooledSocket> lease = pool.acquire();
        return new Connection(this, lease, ticker.nanoTime());
    }

    /**
     * Leases a connection, waiting at most {@code timeout}: an idle one at once (probed first if it
     * has been idle for a while), otherwise a new one dialled for this caller if the pool is below
     * {@code maxSize}, otherwise the first one given back by another holder. Callers are served in
     * arrival order.
     *
     * @param timeout the longest the call may take, dialling and probing included
     * @return the connection; give it back exactly once
     * @throws PoolTimeoutException if no connection became available in time
     * @throws PoolClosedException if the pool was closed before or during the wait
     * @throws ResourceCreationException if a connection had to be dialled for this call and every
     *     attempt failed; the last dial's exception is the cause
     * @throws InterruptedException if the thread was interrupted while waiting; no connection is lost
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public Connection acquire(Duration timeout) throws InterruptedException {
        Lease<PooledSocket> lease = pool.acquire(timeout);
        return new Connection(this, lease, ticker.nanoTime());
    }

    /**
     * Leases an idle connection if one is available now and nobody is waiting; never blocks, never
     * dials and never probes.
     *
     * @return the connection, or empty if none was idle
     * @throws PoolClosedException if the pool is closed
     */
    public Optional<Connection> tryAcquire() {
        return pool.tryAcquire().map(lease -> new Connection(this, lease, ticker.nanoTime()));
    }

    /**
     * Returns the pool's name: the builder's, or {@code host:port} by default.
     *
     * @return the name, also the core pool's name (in its thread names and exceptions)
     */
    public String name() {
        return name;
    }

    /**
     * Returns the address the pool connects to.
     *
     * @return the address given to the builder
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the configuration; its {@code pool().name()} is this pool's name.
     *
     * @return the configuration
     */
    public HostPoolConfig config() {
        return config;
    }

    /**
     * Returns a snapshot of the pool's state and counters. Cheap: no lock is taken.
     *
     * @return the snapshot
     */
    public HostPoolStats stats() {
        return new HostPoolStats(
                pool.stats(),
                factory.dials.sum(),
                factory.dialFailures.sum(),
                returned.sum(),
                discarded.sum(),
                fatalReleases.sum(),
                listenerFailures.sum());
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return true once closing has started
     */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /**
     * Closes the pool without waiting: new acquires fail with {@link PoolClosedException}, idle
     * connections are closed now and leased ones when they are given back (they keep working
     * until then), dials under way are interrupted. Idempotent.
     */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * Closes the pool like {@link #close()}, then waits up to {@code timeout} for leased
     * connections to be given back, and closes those still leased after that (their holders then
     * see a closed socket).
     *
     * @param timeout how long to wait for leases
     * @return true if every lease ended in time
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean close(Duration timeout) {
        return pool.close(timeout);
    }

    @Override
    public String toString() {
        return "HostPool[" + name + ", " + pool.stats() + "]";
    }

    // ---------------------------------------------------------------- for Connection

    long nanoTime() {
        return ticker.nanoTime();
    }

    boolean isFatal(Throwable error) {
        try {
            return fatalErrors.test(error);
        } catch (RuntimeException e) {
            LOG.warn("Host pool '{}': fatalErrors threw for {}; treating it as fatal", name, error, e);
            return true;
        }
    }

    void ended(Connection connection, long heldNanos, Outcome outcome) {
        switch (outcome) {
            case RETURNED -> returned.increment();
            case DISCARDED -> discarded.increment();
            case FATAL -> fatalReleases.increment();
        }
        if (listening) {
            try {
                listener.ended(connection, Duration.ofNanos(heldNanos), outcome == Outcome.FATAL);
            } catch (RuntimeException e) {
                listenerFailed("ended", e);
            }
        }
    }

    void scored(Connection connection, double score, long latencyNanos) {
        if (listening) {
            try {
                listener.scored(connection, score, Duration.ofNanos(latencyNanos));
            } catch (RuntimeException e) {
                listenerFailed("scored", e);
            }
        }
    }

    private void listenerFailed(String method, RuntimeException e) {
        listenerFailures.increment();
        LOG.warn("Host pool '{}': connection listener's {} threw", name, method, e);
    }

    /**
     * Builds a {@link HostPool}: its {@link HostPoolConfig} plus the runtime collaborators (dialer,
     * ticker, scheduler, executor, listener). Not thread-safe.
     */
    public static final class Builder {
        private final InetSocketAddress address;
        private HostPoolConfig config = HostPoolConfig.defaults();
        private String name;
        private Dialer dialer;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;
        private Executor executor;
        private ConnectionListener listener = ConnectionListener.noop();

        private Builder(InetSocketAddress address) {
            this.address = requireNonNull(address, "address");
            Checks.argument(
                    address.getPort() >= 1,
                    "address port must be between 1 and 65535, but was %d in %s",
                    address.getPort(),
                    SocketAddresses.describe(address));
        }

        /**
         * Sets the configuration.
         *
         * @param config the configuration
         * @return this builder
         * @throws NullPointerException if {@code config} is null
         */
        public Builder config(HostPoolConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets the pool's name, used in thread names, log lines, exceptions and the {@code pool}
         * metric tag. Defaults to the address as {@code host:port}.
         *
         * @param name the name, not blank
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            requireNonNull(name, "name");
            Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
            this.name = name;
            return this;
        }

        /**
         * Sets the dialer that opens every connection (a {@link dev.poolkit.net.tls.TlsDialer} for
         * TLS). Defaults to {@code Dialer.tcp(config.dialer())}.
         *
         * @param dialer the dialer
         * @return this builder
         * @throws NullPointerException if {@code dialer} is null
         */
        public Builder dialer(Dialer dialer) {
            this.dialer = requireNonNull(dialer, "dialer");
            return this;
        }

        /**
         * Sets the time source for idle times, lifetimes and lease durations (see {@link
         * PoolBuilder#ticker(Ticker)}). Defaults to {@link Ticker#system()}.
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
         * Sets the scheduler that times background work (see {@link PoolBuilder#scheduler(Scheduler)});
         * defaults to core's shared scheduler thread.
         *
         * @param scheduler the scheduler; the pool never closes it
         * @return this builder
         * @throws NullPointerException if {@code scheduler} is null
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets the executor that runs dials, probes and closes (see {@link PoolBuilder#executor(Executor)});
         * defaults to a virtual thread per call.
         *
         * @param executor the executor; the pool never shuts it down
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(Executor executor) {
            this.executor = requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets the listener told how each connection was used. Defaults to {@link
         * ConnectionListener#noop()}, which costs nothing.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(ConnectionListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds and starts the pool; the background refill dials {@code minIdle} connections at
         * once.
         *
         * @return the pool
         */
        public HostPool build() {
            return new HostPool(this);
        }
    }
}
