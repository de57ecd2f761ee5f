package dev.poolkit.cli.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.ClientAllowList;
import dev.poolkit.net.tunnel.TunnelConnection;
import dev.poolkit.net.tunnel.TunnelPoolMetrics;
import dev.poolkit.net.tunnel.TunnelServerConfig;
import dev.poolkit.net.tunnel.TunnelServerPool;
import dev.poolkit.net.tunnel.TunnelTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of {@code poolkit tunnel}: a {@link TunnelServerPool} that accepts the client's
 * pre-warmed tunnel connections, and a control listener for the client's control connection. For
 * each {@code OPEN} the client sends, it takes a pooled tunnel connection, connects to the target,
 * answers {@code PAIR} with the connection's ID and relays between the two; the client relays its
 * local connection over its end of the same tunnel connection. See {@code docs/tunnel.md}.
 *
 * <p>One client at a time: a new control connection replaces the current one (the client
 * restarted, or its old connection is half-open) and flushes the pool, whose connections belong to
 * the old client. Relays in progress continue. Threads: the control acceptor {@code
 * poolkit-tunnel-<name>-control}, and virtual threads {@code poolkit-tunnel-<name>-relay-<n>} for
 * the control session and the relays; {@link #close()} ends them all.
 *
 * <p>Thread-safe.
 */
final class TunnelServer extends TunnelEnd {

    /** How long an {@code OPEN} waits for a pooled tunnel connection. */
    static final Duration DEFAULT_PAIR_TIMEOUT = Duration.ofSeconds(5);
    /** A control connection that sends nothing for this long (the client pings) is dropped. */
    static final Duration CONTROL_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(TunnelServer.class);

    /**
     * What the server does.
     *
     * @param name the tunnel's name, in logs, threads and metrics
     * @param listen where tunnel connections are accepted
     * @param control where the control connection is accepted
     * @param target where each relayed connection goes
     * @param tls TLS for tunnel and control connections, or empty for plain TCP
     * @param allowList the client addresses accepted, on both listeners
     * @param pairTimeout how long an {@code OPEN} waits for a pooled tunnel connection
     */
    record Settings(
            String name,
            InetSocketAddress listen,
            InetSocketAddress control,
            HostAndPort target,
            Optional<TlsServerConfig> tls,
            ClientAllowList allowList,
            Duration pairTimeout) {
        Settings {
            requireNonNull(name, "name");
            requireNonNull(listen, "listen");
            requireNonNull(control, "control");
            requireNonNull(target, "target");
            requireNonNull(tls, "tls");
            requireNonNull(allowList, "allowList");
            requireNonNull(pairTimeout, "pairTimeout");
        }
    }

    private final Settings settings;
    private final TunnelServerPool pool;
    private final ServerSocket controlListener;
    private final Dialer dialer = Dialer.tcp();
    private final TunnelPoolMetrics poolMetrics;
    private final Map<String, Relay.End> pairs = new ConcurrentHashMap<>();

    private TunnelServer(
            Settings settings, TunnelServerPool pool, ServerSocket controlListener, MeterRegistry registry) {
        super("server", settings.name(), "control", registry);
        this.settings = settings;
        this.pool = pool;
        this.controlListener = controlListener;
        this.poolMetrics = TunnelPoolMetrics.bind(pool, registry);
    }

    /**
     * Binds both listeners and starts serving.
     *
     * @param settings what to do
     * @param registry where the metrics go
     * @return the running server
     * @throws IOException if an address cannot be bound; the message names it
     */
    static TunnelServer start(Settings settings, MeterRegistry registry) throws IOException {
        TunnelServerConfig.Builder config =
                TunnelServerConfig.builder().name(settings.name()).allowList(settings.allowList());
        settings.tls().ifPresent(config::tls);
        InetSocketAddress listen = resolve(settings.listen(), "--listen");
        InetSocketAddress controlAddress = resolve(settings.control(), "--control");
        TunnelServerPool pool;
        try {
            pool = TunnelServerPool.bind(listen, config.build());
        } catch (IOException e) {
            throw cannotListen(settings.listen(), "--listen", e);
        }
        ServerSocket control = null;
        try {
            control = new ServerSocket();
            control.setReuseAddress(true);
            control.bind(controlAddress, 64);
        } catch (IOException e) {
            pool.close();
            if (control != null) {
                control.close();
            }
            throw cannotListen(settings.control(), "--control", e);
        }
        TunnelServer server = new TunnelServer(settings, pool, control, registry);
        pool.start();
        server.startAccepting();
        LOG.info(
                "{}: tunnel connections on {}, control on {}, target {}, TLS {}",
                server.label,
                SocketAddresses.describe(server.tunnelAddress()),
                SocketAddresses.describe(server.controlAddress()),
                settings.target(),
                settings.tls().isPresent() ? "on" : "off");
        return server;
    }

    static IOException cannotListen(InetSocketAddress address, String option, IOException e) {
        return new IOException(
                "cannot listen on " + SocketAddresses.describe(address) + " (" + option + "): " + e.getMessage(), e);
    }

    private static InetSocketAddress resolve(InetSocketAddress address, String option) throws IOException {
        try {
            return SocketAddresses.resolve(address);
        } catch (IOException e) {
            throw new IOException("cannot resolve " + SocketAddresses.describe(address) + " (" + option + ")", e);
        }
    }

    /** Where tunnel connections are accepted (the actual port if 0 was asked for). */
    InetSocketAddress tunnelAddress() {
        return pool.localAddress();
    }

    /** Where the control connection is accepted. */
    InetSocketAddress controlAddress() {
        return (InetSocketAddress) controlListener.getLocalSocketAddress();
    }

    /** The tunnel pool, for its stats. */
    TunnelServerPool pool() {
        return pool;
    }

    @Override
    int pooled() {
        return pool.active();
    }

    /** Control connections refused or failed so far. */
    long controlRefused() {
        return (long) metrics.controlRefused.count();
    }

    // ------------------------------------------------------------------ control connections

    @Override
    void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = controlListener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("{}: control listener failed, no longer accepting: {}", label, e.toString());
                }
                return;
            }
            if (!settings.allowList().allows(socket.getInetAddress())) {
                metrics.controlRefused.increment();
                LOG.warn(
                        "{}: refused control connection from {} (not in the allow-list)",
                        label,
                        socket.getInetAddress().getHostAddress());
                closeQuietly(socket);
                continue;
            }
            try {
                threads.execute(() -> session(socket));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    /** Greets a control connection, makes it the current one and answers its messages. */
    private void session(Socket accepted) {
        Control control;
        try {
            accepted.setTcpNoDelay(true);
            accepted.setKeepAlive(true);
            Socket secured = settings.tls().isPresent() ? settings.tls().get().secure(accepted) : accepted;
            secured.setSoTimeout((int) CONTROL_IDLE_TIMEOUT.toMillis());
            control = new Control(secured);
            String hello = control.read();
            if (!hello.equals("HELLO " + Control.PROTOCOL)) {
                control.trySend("REFUSED expected HELLO " + Control.PROTOCOL);
                throw new ProtocolException("expected HELLO " + Control.PROTOCOL + ", but got '" + hello + "'");
            }
        } catch (IOException | RuntimeException e) {
            metrics.controlRefused.increment();
            LOG.warn(
                    "{}: control connection from {} failed: {}",
                    label,
                    accepted.getInetAddress().getHostAddress(),
                    e.toString());
            closeQuietly(accepted);
            return;
        }
        // the pooled connections came from the previous client, if any: start afresh
        pool.flush();
        Control previous = this.control.getAndSet(control);
        if (previous != null) {
            LOG.info("{}: a new client control connection replaces the previous one", label);
            previous.close();
        }
        control.trySend("WELCOME " + Control.PROTOCOL);
        LOG.info(
                "{}: client connected from {}", label, accepted.getInetAddress().getHostAddress());
        try {
            while (!closed) {
                String message = control.read();
                String[] words = message.split(" ");
                switch (words[0]) {
                    case "PING" -> control.send("PONG");
                    case "OPEN" -> {
                        String request = words.length == 2 ? words[1] : "?";
                        threads.execute(() -> open(control, request));
                    }
                    case "LOST" -> {
                        Relay.End pair = words.length == 2 ? pairs.remove(words[1]) : null;
                        if (pair != null) {
                            pair.close();
                        }
                    }
                    default -> throw new ProtocolException("unknown control message '" + message + "'");
                }
            }
        } catch (EOFException | SocketException e) {
            if (!closed && this.control.get() == control) {
                LOG.info("{}: client control connection closed ({})", label, e.getMessage());
            }
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            if (!closed) {
                LOG.warn("{}: client control connection dropped: {}", label, e.toString());
            }
        } finally {
            this.control.compareAndSet(control, null);
            control.close();
        }
    }

    /** Answers one {@code OPEN}: takes a tunnel connection, connects to the target, pairs and relays. */
    private void open(Control control, String request) {
        TunnelConnection tunnel;
        try {
            tunnel = pool.take(settings.pairTimeout());
        } catch (TunnelTimeoutException e) {
            fail(
                    control,
                    request,
                    "no tunnel connection ready within "
                            + settings.pairTimeout().toMillis() + " ms");
            return;
        } catch (InterruptedException | RuntimeException e) {
            fail(control, request, "the server is closing");
            return;
        }
        Socket target;
        try {
            target = dialer.dial(settings.target());
        } catch (IOException e) {
            tunnel.close();
            fail(control, request, "cannot connect to the target " + settings.target() + ": " + e.getMessage());
            return;
        }
        Relay.End tunnelEnd = new Relay.End(tunnel.socket(), tunnel.input(), tunnel.output());
        Relay.End targetEnd;
        try {
            targetEnd = new Relay.End(target, target.getInputStream(), target.getOutputStream());
        } catch (IOException e) {
            tunnel.close();
            closeQuietly(target);
            fail(control, request, "the target connection failed: " + e.getMessage());
            return;
        }
        pairs.put(tunnel.id(), tunnelEnd);
        try {
            control.send("PAIR " + request + " " + tunnel.id());
        } catch (IOException e) {
            pairs.remove(tunnel.id());
            tunnelEnd.close();
            targetEnd.close();
            metrics.failed.increment();
            return;
        }
        metrics.paired.increment();
        metrics.active.incrementAndGet();
        try {
            Relay.run(threads, targetEnd, tunnelEnd, metrics.down::increment, metrics.up::increment);
        } finally {
            metrics.active.decrementAndGet();
            pairs.remove(tunnel.id());
        }
    }

    private void fail(Control control, String request, String reason) {
        metrics.failed.increment();
        LOG.warn("{}: request {} failed: {}", label, request, reason);
        control.trySend("FAIL " + request + " " + Control.reason(reason));
    }

    /**
     * Stops accepting, closes the control connection, every relay and the pool. When it returns no
     * thread or socket of the server is left.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closeControl();
        closeQuietly(controlListener);
        pool.close();
        pairs.values().forEach(Relay.End::close);
        stopThreads();
        pairs.values().forEach(Relay.End::close);
        poolMetrics.close();
    }
}
