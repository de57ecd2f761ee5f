package dev.poolkit.cli.proxy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.service.ServiceConfig;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.worker.ThreadMode;
import dev.poolkit.net.worker.WorkerPoolConfig;
import dev.poolkit.pool.PoolConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code poolkit proxy} runs with: where it listens, the backends, how it picks one
 * (the strategy, in {@link ServiceConfig}), the backend pools, TLS to the backends, the health
 * monitors' thresholds, the client-side limits, the relay and the admin endpoint.
 *
 * <p>Immutable and thread-safe; {@link #builder()} starts from the proxy's defaults.
 *
 * @param listen where clients connect (unresolved until the proxy binds it); port 0 picks a free one
 * @param backends the backends, in the order given; at least one, no duplicates
 * @param service the strategy, the get attempts and every backend's pool; see {@link
 *     #DEFAULT_SERVICE} for the proxy's defaults
 * @param tls TLS to the backends; {@link TlsClientConfig#none()} for plain TCP
 * @param monitor the thresholds of every backend's health monitor (golib's keys); each monitor is
 *     named after its backend, whatever name this has
 * @param workers the client-side worker pool: how many sessions at once, in which thread mode
 * @param idleTimeout a client session with no traffic either way for this long is closed; zero
 *     for never
 * @param busyReply written to a client refused because {@code workers.maxWorkers()} sessions are
 *     open, before the connection is closed; empty for none (a TCP proxy does not know the protocol)
 * @param bufferSize the relay's buffer per direction and session, in bytes
 * @param relayThreads how many selector threads relay sessions ({@code poolkit-proxy-relay-N});
 *     by default as many as there are processors
 * @param drainTimeout on SIGTERM or SIGINT, how long open sessions may go on before they are closed
 * @param admin the admin endpoint, or empty for none
 */
public record ProxyConfig(
        InetSocketAddress listen,
        List<HostAndPort> backends,
        ServiceConfig service,
        TlsClientConfig tls,
        MonitorConfig monitor,
        WorkerPoolConfig workers,
        Duration idleTimeout,
        String busyReply,
        int bufferSize,
        int relayThreads,
        Duration drainTimeout,
        Optional<AdminConfig> admin) {

    /**
     * The default strategy: power of two choices over the sessions open on each backend, which
     * spreads sessions evenly over healthy backends (like HAProxy's {@code leastconn}), never lets a
     * fresh or returning backend attract a herd, and sends fewer new sessions to a slow backend,
     * whose sessions stay open longer. Backends that fail are left to the health monitors and to the
     * service's retries on another backend. {@code thompson-cd}, the service's own default, learns
     * which backend is best and concentrates traffic on it, which suits a client library better
     * than a load balancer.
     */
    public static final String DEFAULT_STRATEGY = "p2c-least-outstanding";
    /** The default most connections per backend: each open session holds one. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default backend connections kept dialled ahead of demand, per backend. */
    public static final int DEFAULT_MIN_IDLE = 8;
    /** The default longest wait for a backend connection, per try. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(3);
    /** The default connect timeout to a backend. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The default most client sessions at once. */
    public static final int DEFAULT_MAX_SESSIONS = 4096;
    /** The default idle timeout of a client session. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** The default relay buffer per direction, in bytes (HAProxy's {@code tune.bufsize}). */
    public static final int DEFAULT_BUFFER_SIZE = 16 * 1024;
    /** The smallest relay buffer, in bytes. */
    public static final int MIN_BUFFER_SIZE = 512;
    /** The largest relay buffer, in bytes. */
    public static final int MAX_BUFFER_SIZE = 1024 * 1024;
    /** The most relay threads. */
    public static final int MAX_RELAY_THREADS = 256;
    /** The default drain time on SIGTERM or SIGINT. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** The name of the service, the worker pool and their metrics' tags: {@value}. */
    public static final String NAME = "proxy";

    /** The proxy's service defaults: {@link #DEFAULT_STRATEGY} and pools sized for sessions. */
    public static final ServiceConfig DEFAULT_SERVICE = ServiceConfig.builder()
            .strategy(DEFAULT_STRATEGY)
            .hostPool(HostPoolConfig.builder()
                    .pool(HostPoolConfig.DEFAULT_POOL.toBuilder()
                            .maxSize(DEFAULT_MAX_CONNECTIONS)
                            .minIdle(DEFAULT_MIN_IDLE)
                            .acquireTimeout(DEFAULT_ACQUIRE_TIMEOUT)
                            .build())
                    .dialer(DialerConfig.builder()
                            .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                            .build())
                    .build())
            .build();

    /** The proxy's client-side defaults: a virtual thread per session, {@link #DEFAULT_MAX_SESSIONS}. */
    public static final WorkerPoolConfig DEFAULT_WORKERS = WorkerPoolConfig.builder()
            .name(NAME)
            .threadMode(ThreadMode.VIRTUAL)
            .maxWorkers(DEFAULT_MAX_SESSIONS)
            .build();

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException if {@code backends} is empty or holds a backend twice, {@code
     *     bufferSize} is outside {@value #MIN_BUFFER_SIZE}..{@value #MAX_BUFFER_SIZE}, {@code
     *     relayThreads} outside 1..{@value #MAX_RELAY_THREADS}, or a duration is negative
     * @throws NullPointerException if a field is null
     */
    public ProxyConfig {
        requireNonNull(listen, "listen");
        requireNonNull(backends, "backends");
        requireNonNull(service, "service");
        requireNonNull(tls, "tls");
        requireNonNull(monitor, "monitor");
        requireNonNull(workers, "workers");
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(busyReply, "busyReply");
        requireNonNull(drainTimeout, "drainTimeout");
        requireNonNull(admin, "admin");
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("backends must not be empty, but was []");
        }
        Set<HostAndPort> seen = new HashSet<>();
        for (HostAndPort b : backends) {
            if (!seen.add(b)) {
                throw new IllegalArgumentException("backends must be distinct, but " + b + " was given twice");
            }
        }
        if (bufferSize < MIN_BUFFER_SIZE || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("bufferSize must be between " + MIN_BUFFER_SIZE + " and "
                    + MAX_BUFFER_SIZE + ", but was " + bufferSize);
        }
        if (relayThreads < 1 || relayThreads > MAX_RELAY_THREADS) {
            throw new IllegalArgumentException(
                    "relayThreads must be between 1 and " + MAX_RELAY_THREADS + ", but was " + relayThreads);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, but was " + idleTimeout);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, but was " + drainTimeout);
        }
    }

    /**
     * Returns a builder with the proxy's defaults and neither a listen address nor backends.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.listen = listen;
        b.backends = new ArrayList<>(backends);
        b.service = service;
        b.tls = tls;
        b.monitor = monitor;
        b.workers = workers;
        b.idleTimeout = idleTimeout;
        b.busyReply = busyReply;
        b.bufferSize = bufferSize;
        b.relayThreads = relayThreads;
        b.drainTimeout = drainTimeout;
        b.admin = admin;
        return b;
    }

    /** Collects a {@link ProxyConfig}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress listen;
        private List<HostAndPort> backends = new ArrayList<>();
        private ServiceConfig service = DEFAULT_SERVICE;
        private TlsClientConfig tls = TlsClientConfig.none();
        private MonitorConfig monitor = MonitorConfig.defaults();
        private WorkerPoolConfig workers = DEFAULT_WORKERS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private String busyReply = "";
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private int relayThreads =
                Math.min(MAX_RELAY_THREADS, Runtime.getRuntime().availableProcessors());
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Optional<AdminConfig> admin = Optional.empty();

        private Builder() {}

        /**
         * Sets where clients connect.
         *
         * @param listen the address; port 0 picks a free one
         * @return this builder
         */
        public Builder listen(InetSocketAddress listen) {
            this.listen = listen;
            return this;
        }

        /**
         * Returns the listen address set so far.
         *
         * @return the address, or null if none was set
         */
        public InetSocketAddress listen() {
            return listen;
        }

        /**
         * Replaces the backends.
         *
         * @param backends the backends, in order
         * @return this builder
         */
        public Builder backends(List<HostAndPort> backends) {
            this.backends = new ArrayList<>(backends);
            return this;
        }

        /**
         * Returns the backends set so far.
         *
         * @return a copy of the list
         */
        public List<HostAndPort> backends() {
            return List.copyOf(backends);
        }

        /**
         * Sets the service: strategy, get attempts, every backend's pool.
         *
         * @param service the service configuration
         * @return this builder
         */
        public Builder service(ServiceConfig service) {
            this.service = service;
            return this;
        }

        /**
         * Returns the service configuration set so far.
         *
         * @return the configuration
         */
        public ServiceConfig service() {
            return service;
        }

        /**
         * Sets only the strategy of the service.
         *
         * @param strategy a strategy name ({@code StrategyRegistry})
         * @return this builder
         */
        public Builder strategy(String strategy) {
            this.service = service.toBuilder().strategy(strategy).build();
            return this;
        }

        /**
         * Sets only the core pool settings of every backend's pool.
         *
         * @param pool the pool settings; the name is replaced by each backend's
         * @return this builder
         */
        public Builder pool(PoolConfig pool) {
            this.service = service.toBuilder()
                    .hostPool(service.hostPool().toBuilder().pool(pool).build())
                    .build();
            return this;
        }

        /**
         * Sets TLS to the backends.
         *
         * @param tls the client side of TLS
         * @return this builder
         */
        public Builder tls(TlsClientConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets the health monitors' thresholds.
         *
         * @param monitor the monitor configuration; its name is replaced by each backend's
         * @return this builder
         */
        public Builder monitor(MonitorConfig monitor) {
            this.monitor = monitor;
            return this;
        }

        /**
         * Sets the client-side worker pool.
         *
         * @param workers the worker pool configuration; its name becomes {@value ProxyConfig#NAME}
         * @return this builder
         */
        public Builder workers(WorkerPoolConfig workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Returns the worker pool configuration set so far.
         *
         * @return the configuration
         */
        public WorkerPoolConfig workers() {
            return workers;
        }

        /**
         * Sets the idle timeout of client sessions.
         *
         * @param idleTimeout the timeout; zero for none
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets the busy reply.
         *
         * @param busyReply the text (sent as UTF-8), empty for none
         * @return this builder
         */
        public Builder busyReply(String busyReply) {
            this.busyReply = busyReply;
            return this;
        }

        /**
         * Sets the relay buffer size.
         *
         * @param bufferSize bytes per direction and session
         * @return this builder
         */
        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        /**
         * Sets how many selector threads relay sessions.
         *
         * @param relayThreads 1..{@value #MAX_RELAY_THREADS}; by default the number of processors
         * @return this builder
         */
        public Builder relayThreads(int relayThreads) {
            this.relayThreads = relayThreads;
            return this;
        }

        /**
         * Sets the drain time.
         *
         * @param drainTimeout how long sessions may go on after SIGTERM or SIGINT
         * @return this builder
         */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /**
         * Sets the admin endpoint.
         *
         * @param admin the endpoint, or empty for none
         * @return this builder
         */
        public Builder admin(Optional<AdminConfig> admin) {
            this.admin = admin;
            return this;
        }

        /**
         * Returns the admin endpoint set so far.
         *
         * @return the endpoint, or empty
         */
        public Optional<AdminConfig> admin() {
            return admin;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a rule of {@link ProxyConfig} is broken
         * @throws NullPointerException if the listen address or another field is missing
         */
        public ProxyConfig build() {
            return new ProxyConfig(
                    listen,
                    backends,
                    service,
                    tls,
                    monitor,
                    workers.toBuilder().name(NAME).build(),
                    idleTimeout,
                    busyReply,
                    bufferSize,
                    relayThreads,
                    drainTimeout,
                    admin);
        }
    }
}
