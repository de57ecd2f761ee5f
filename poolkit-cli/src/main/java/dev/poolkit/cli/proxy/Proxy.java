package dev.poolkit.cli.proxy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.cli.admin.MetricsRoutes;
import dev.poolkit.cli.admin.MonitorRoutes;
import dev.poolkit.cli.admin.StatsPageRoutes;
import dev.poolkit.cli.config.Durations;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.net.Dialer;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.service.Service;
import dev.poolkit.net.service.ServiceMetrics;
import dev.poolkit.net.tls.TlsDialer;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.worker.AcceptLoop;
import dev.poolkit.net.worker.WorkerPool;
import dev.poolkit.net.worker.WorkerPoolMetrics;
import dev.poolkit.pool.PoolClosedException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code poolkit proxy}: the listening socket and its worker pool, the {@link Service}
 * with a pre-warmed pool per backend, a health monitor per backend that takes it out of rotation and
 * back, the metrics, and the admin endpoint (with the stats page at {@code /}) if one is configured.
 *
 * <p>Monitors act on status changes only: a backend is disabled when its monitor turns KO and
 * enabled when it turns OK. A backend disabled by hand ({@code POST /hosts/{host}/disable}) stays
 * out until it is enabled by hand or its monitor next turns OK.
 *
 * <p>Thread-safe. {@link #stop(Duration)} and {@link #close()} are idempotent.
 */
public final class Proxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

    private final ProxyConfig config;
    private final ProxyMetrics metrics;
    private final Service service;
    private final MonitorPool monitors;
    private final Relay relay;
    private final Set<HostAndPort> downByMonitor = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> bindings = new ArrayList<>();
    private final ReentrantLock stopLock = new ReentrantLock();
    private volatile AcceptLoop loop; // set once while starting; the admin endpoint may read it before
    private volatile AdminServer admin;
    private boolean stopped; // guarded by stopLock

    private Proxy(ProxyConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.metrics = new ProxyMetrics(ProxyConfig.NAME, registry);
        Dialer dialer = dialer(config);
        this.service = Service.builder(ProxyConfig.NAME)
                .config(config.service())
                .hostPools(b -> b.dialer(dialer))
                .build();
        this.monitors = MonitorPool.create();
        this.relay = new Relay(service, metrics, config.bufferSize(), config.relayThreads());
    }

    /**
     * Starts a proxy: adds the backends (their pools start dialling {@code minIdle} connections),
     * starts the monitors, binds the listening socket and the admin endpoint.
     *
     * @param config what to run
     * @param registry the registry every component's meters go to; the admin endpoint's {@code
     *     /metrics} scrapes it
     * @return the running proxy
     * @throws IOException if the listen or admin address cannot be bound (in use, not local) or
     *     resolved; the message names the address. Whatever was started is closed again.
     * @throws NullPointerException if an argument is null
     */
    public static Proxy start(ProxyConfig config, PrometheusMeterRegistry registry) throws IOException {
        requireNonNull(config, "config");
        requireNonNull(registry, "registry");
        Proxy proxy = new Proxy(config, registry);
        try {
            proxy.startAll(registry);
        } catch (IOException | RuntimeException | Error e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /**
     * Binds the two addresses first, so that a port in use fails before any backend is dialled; a
     * client that connects in the moment before the backends are added is closed at once.
     */
    private void startAll(PrometheusMeterRegistry registry) throws IOException {
        if (config.admin().isPresent()) {
            List<AdminRoute> routes = new ArrayList<>();
            routes.addAll(MetricsRoutes.of(registry));
            routes.addAll(ProxyRoutes.of(this));
            routes.addAll(MonitorRoutes.of(monitors));
            routes.addAll(StatsPageRoutes.of());
            admin = AdminServer.start(config.admin().get(), routes);
        }
        WorkerPool pool = WorkerPool.forSessions(relay).from(config.workers()).build();
        loop = AcceptLoop.builder(pool)
                .address(config.listen())
                .busyReply(config.busyReply().getBytes(StandardCharsets.UTF_8))
                .idleTimeout(config.idleTimeout())
                .start();
        bindings.add(WorkerPoolMetrics.bind(loop, registry));
        bindings.add(ServiceMetrics.bind(service, registry));
        Dialer checkDialer = checkDialer(config);
        for (HostAndPort backend : config.backends()) {
            service.add(backend);
            String name = backend.toString();
            Monitor monitor = Monitor.builder(Info.of(name))
                    .config(config.monitor().toBuilder().name(name).build())
                    .healthCheck(context -> {
                        try (Socket s = checkDialer.dial(backend)) {
                            // connected (and handshaken, with TLS): the backend is there
                        }
                    })
                    .build();
            monitor.addCheckListener(m -> onCheck(backend, m));
            monitors.add(monitor);
        }
        bindings.add(MonitorMetrics.bind(monitors, registry));
        monitors.start();
        LOG.info(
                "Proxy '{}': listening on {}, {} backend(s), strategy {}{}",
                ProxyConfig.NAME,
                SocketAddresses.describe(loop.localAddress()),
                config.backends().size(),
                service.strategy().name(),
                admin == null ? "" : ", admin endpoint " + admin.url());
    }

    /** Channel-backed plain sockets: the relay's event loop takes them (TLS sockets cannot go there). */
    private static Dialer dialer(ProxyConfig config) {
        Dialer plain = Dialer.tcpChannel(config.service().hostPool().dialer());
        return config.tls().mode() == TlsMode.NONE ? plain : new TlsDialer(plain, config.tls());
    }

    /** The monitors' dialer: the backends' with a connect timeout within the check timeout. */
    private static Dialer checkDialer(ProxyConfig config) {
        DialerConfig base = config.service().hostPool().dialer();
        Duration checkTimeout = config.monitor().normalized().checkTimeout();
        DialerConfig forChecks = base.toBuilder()
                .connectTimeout(min(base.connectTimeout(), checkTimeout))
                .readTimeout(checkTimeout)
                .build();
        Dialer plain = Dialer.tcp(forChecks);
        return config.tls().mode() == TlsMode.NONE ? plain : new TlsDialer(plain, config.tls());
    }

    private static Duration min(Duration a, Duration b) {
        return a.isZero() ? b : a.compareTo(b) <= 0 ? a : b;
    }

    private void onCheck(HostAndPort backend, Monitor monitor) {
        Status now = monitor.status();
        try {
            if (now == Status.KO && downByMonitor.add(backend)) {
                service.disable(backend);
                LOG.warn(
                        "Proxy '{}': backend {} is down ({}); out of rotation",
                        ProxyConfig.NAME,
                        backend,
                        monitor.message());
            } else if (now == Status.OK && downByMonitor.remove(backend)) {
                service.enable(backend);
                LOG.info("Proxy '{}': backend {} is up again; back in rotation", ProxyConfig.NAME, backend);
            }
        } catch (PoolClosedException e) {
            // the proxy is stopping
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Returns the address clients connect to, with the real port when port 0 was asked for.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        AcceptLoop l = loop;
        return l == null ? config.listen() : l.localAddress();
    }

    /**
     * Returns the admin endpoint's base URL.
     *
     * @return the URL such as {@code http://127.0.0.1:9900}, or empty without an admin endpoint
     */
    public Optional<String> adminUrl() {
        return Optional.ofNullable(admin).map(AdminServer::url);
    }

    /**
     * Returns the configuration the proxy runs with.
     *
     * @return the configuration
     */
    public ProxyConfig config() {
        return config;
    }

    /**
     * Returns the service that holds the backends.
     *
     * @return the service
     */
    public Service service() {
        return service;
    }

    /**
     * Returns the backends' health monitors, named after their backends ({@code host:port}).
     *
     * @return the monitor pool
     */
    public MonitorPool monitors() {
        return monitors;
    }

    /**
     * Returns the proxy's session counters.
     *
     * @return the counters
     */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Returns the client-side worker pool.
     *
     * @return the pool
     */
    public WorkerPool workers() {
        return loop.pool();
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops gracefully: stops accepting (new clients are refused by the kernel), lets open sessions
     * go on for up to {@code drain}, then closes the rest, the monitors, the backend pools and the
     * admin endpoint. Idempotent; a second call returns true at once.
     *
     * @param drain how long open sessions may take to finish
     * @return true if every session finished within {@code drain}
     * @throws NullPointerException if {@code drain} is null
     * @throws IllegalArgumentException if {@code drain} is negative
     */
    public boolean stop(Duration drain) {
        requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, but was " + drain);
        }
        stopLock.lock();
        try {
            if (stopped) {
                return true;
            }
            stopped = true;
            boolean drained = true;
            if (loop != null) {
                int open = loop.pool().busy();
                if (open > 0) {
                    LOG.info(
                            "Proxy '{}': draining {} open session(s) for up to {}",
                            ProxyConfig.NAME,
                            open,
                            Durations.format(drain));
                }
                drained = loop.stop(drain);
                loop.close();
            }
            relay.close(); // after the worker pool: no session is left on its selector threads
            monitors.close();
            for (AutoCloseable binding : bindings) {
                closeQuietly(binding);
            }
            service.close(Duration.ZERO);
            if (admin != null) {
                admin.close();
            }
            LOG.info(
                    "Proxy '{}': stopped{}",
                    ProxyConfig.NAME,
                    drained ? "" : " (sessions left after the drain time were closed)");
            return drained;
        } finally {
            stopLock.unlock();
        }
    }

    /** Stops at once: {@code stop(Duration.ZERO)}. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Proxy '{}': closing {} failed", ProxyConfig.NAME, c, e);
        }
    }
}
