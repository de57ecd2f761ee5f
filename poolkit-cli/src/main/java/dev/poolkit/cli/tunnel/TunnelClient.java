package dev.poolkit.cli.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsDialer;
import dev.poolkit.net.tunnel.TunnelClientConfig;
import dev.poolkit.net.tunnel.TunnelClientPool;
import dev.poolkit.net.tunnel.TunnelConnection;
import dev.poolkit.net.tunnel.TunnelPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of {@code poolkit tunnel}: it listens for local clients and serves each over a
 * pre-warmed tunnel connection from a {@link TunnelClientPool}. For a local connection it sends
 * {@code OPEN} over the control connection, the server answers {@code PAIR} with the ID of the
 * tunnel connection it took (and has connected to the target), and the client relays the local
 * connection over its end of that connection ({@link TunnelClientPool#get(String)}). See {@code
 * docs/tunnel.md}.
 *
 * <p>The control connection is re-established with exponential back-off (100 ms doubling to 5 s,
 * with jitter) whenever it drops, for as long as the client runs; each new one flushes the pool,
 * whose connections went to the previous server. While it is down, local connections are accepted
 * and closed at once. Threads: the local acceptor {@code poolkit-tunnel-<name>-listen}, and
 * virtual threads {@code poolkit-tunnel-<name>-relay-<n>} for the control connection and the
 * relays, plus the pool's own; {@link #close()} ends them all.
 *
 * <p>Thread-safe.
 */
final class TunnelClient extends TunnelEnd {

    /** How long a local connection waits for the server's {@code PAIR}. */
    static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(10);
    /** How often the client pings over an idle control connection. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    /** How long a paired ID may take to appear in the pool (the server pools first, the client a moment later). */
    static final Duration PAIR_ARRIVAL_WAIT = Duration.ofSeconds(2);

    private static final Duration RECONNECT_INITIAL = Duration.ofMillis(100);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(TunnelClient.class);

    /**
     * What the client does.
     *
     * @param name the tunnel's name, in logs, threads and metrics
     * @param server where the server accepts tunnel connections
     * @param control where the server accepts the control connection
     * @param listen where local clients connect
     * @param tls TLS for tunnel and control connections ({@link TlsClientConfig#none()} for plain TCP)
     * @param openTimeout how long a local connection waits for its pairing
     */
    record Settings(
            String name,
            HostAndPort server,
            HostAndPort control,
            InetSocketAddress listen,
            TlsClientConfig tls,
            Duration openTimeout) {
        Settings {
            requireNonNull(name, "name");
            requireNonNull(server, "server");
            requireNonNull(control, "control");
            requireNonNull(listen, "listen");
            requireNonNull(tls, "tls");
            requireNonNull(openTimeout, "openTimeout");
        }
    }

    private final Settings settings;
    private final TunnelClientPool pool;
    private final TlsDialer controlDialer;
    private final ServerSocket listener;
    private final TunnelPoolMetrics poolMetrics;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();

    private TunnelClient(Settings settings, ServerSocket listener, MeterRegistry registry) {
        super("client", settings.name(), "listen", registry);
        this.settings = settings;
        this.listener = listener;
        this.pool = TunnelClientPool.create(TunnelClientConfig.builder(settings.server())
                .name(settings.name())
                .tls(settings.tls())
                .build());
        this.controlDialer = new TlsDialer(Dialer.tcp(), settings.tls());
        this.poolMetrics = TunnelPoolMetrics.bind(pool, registry);
    }

    /**
     * Binds the local listener and starts: the control connection (in the background, retried until
     * it succeeds), then the pool.
     *
     * @param settings what to do
     * @param registry where the metrics go
     * @return the running client
     * @throws IOException if the local address cannot be bound; the message names it
     */
    static TunnelClient start(Settings settings, MeterRegistry registry) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(SocketAddresses.resolve(settings.listen()), 1024);
        } catch (IOException e) {
            listener.close();
            throw new IOException(
                    "cannot listen on " + SocketAddresses.describe(settings.listen()) + " (--listen): "
                            + e.getMessage(),
                    e);
        }
        TunnelClient client = new TunnelClient(settings, listener, registry);
        client.threads.execute(client::controlLoop);
        client.startAccepting();
        LOG.info(
                "{}: local clients on {}, server {} (control {}), TLS {}",
                client.label,
                SocketAddresses.describe(client.localAddress()),
                settings.server(),
                settings.control(),
                settings.tls().mode());
        return client;
    }

    /** Where local clients connect (the actual port if 0 was asked for). */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The tunnel pool, for its stats. */
    TunnelClientPool pool() {
        return pool;
    }

    @Override
    int pooled() {
        return pool.active();
    }

    /** Control connections established so far (1 after the first, 2 after a reconnect, ...). */
    long sessions() {
        return sessions.get();
    }

    // ------------------------------------------------------------------ the control connection

    /** Connects, greets, answers, and reconnects when the connection drops, until closed. */
    private void controlLoop() {
        Duration delay = RECONNECT_INITIAL;
        while (!closed) {
            Control connection = null;
            try {
                Socket socket = controlDialer.dial(settings.control());
                socket.setSoTimeout((int) (3 * PING_INTERVAL.toMillis()));
                connection = new Control(socket);
                connection.send("HELLO " + Control.PROTOCOL);
                String answer = connection.read();
                if (!answer.equals("WELCOME " + Control.PROTOCOL)) {
                    throw new ProtocolException("the server answered '" + answer + "'");
                }
                if (sessions.incrementAndGet() == 1) {
                    pool.start();
                } else {
                    pool.flush(); // those went to the previous server
                }
                control.set(connection);
                delay = RECONNECT_INITIAL;
                LOG.info("{}: connected to the server at {}", label, settings.control());
                Control current = connection;
                threads.execute(() -> ping(current));
                read(connection);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (control.get() == connection && connection != null) {
                    LOG.warn("{}: control connection lost: {}", label, e.toString());
                } else {
                    metrics.controlRefused.increment();
                    LOG.warn(
                            "{}: cannot reach the server at {}: {}; retrying in {} ms",
                            label,
                            settings.control(),
                            e.toString(),
                            delay.toMillis());
                }
            } finally {
                if (connection != null) {
                    control.compareAndSet(connection, null);
                    connection.close();
                }
                failPending("the control connection to the server was lost");
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(jitter(delay));
            } catch (InterruptedException e) {
                break; // close()
            }
            delay = delay.multipliedBy(2).compareTo(RECONNECT_MAX) > 0 ? RECONNECT_MAX : delay.multipliedBy(2);
        }
    }

    /** A wait in (d/2, d], so that many clients do not reconnect in step. */
    private static Duration jitter(Duration delay) {
        long nanos = delay.toNanos();
        return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2) + 1);
    }

    private void read(Control connection) throws IOException {
        while (!closed) {
            String message = connection.read();
            String[] words = message.split(" ", 3);
            switch (words[0]) {
                case "PONG" -> {}
                case "PAIR", "FAIL" -> {
                    if (words.length < 3) {
                        throw new ProtocolException("malformed control message '" + message + "'");
                    }
                    CompletableFuture<String> waiting = pending.remove(parse(words[1], message));
                    if (waiting != null && words[0].equals("PAIR")) {
                        waiting.complete(words[2]);
                    } else if (waiting != null) {
                        waiting.completeExceptionally(new IOException("the server refused: " + words[2]));
                    } else if (words[0].equals("PAIR")) {
                        connection.send("LOST " + words[2]); // the local client gave up meanwhile
                    }
                }
                default -> throw new ProtocolException("unknown control message '" + message + "'");
            }
        }
    }

    private static long parse(String request, String message) throws ProtocolException {
        try {
            return Long.parseLong(request);
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed control message '" + message + "'");
        }
    }

    private void ping(Control connection) {
        while (!closed && control.get() == connection) {
            try {
                Thread.sleep(PING_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            if (control.get() == connection) {
                connection.trySend("PING");
            }
        }
    }

    private void failPending(String reason) {
        for (Long request : pending.keySet()) {
            CompletableFuture<String> waiting = pending.remove(request);
            if (waiting != null) {
                waiting.completeExceptionally(new IOException(reason));
            }
        }
    }

    // ------------------------------------------------------------------ local clients

    @Override
    void acceptLoop() {
        while (!closed) {
            Socket local;
            try {
                local = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("{}: local listener failed, no longer accepting: {}", label, e.toString());
                }
                return;
            }
            try {
                threads.execute(() -> serve(local));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(local);
            }
        }
    }

    /** Pairs a local connection with a tunnel connection and relays; closes it if that fails. */
    private void serve(Socket local) {
        TunnelConnection tunnel;
        try {
            local.setTcpNoDelay(true);
            tunnel = pair();
        } catch (IOException e) {
            metrics.failed.increment();
            LOG.warn("{}: closing local connection from {}: {}", label, local.getRemoteSocketAddress(), e.getMessage());
            closeQuietly(local);
            return;
        }
        metrics.paired.increment();
        metrics.active.incrementAndGet();
        try {
            Relay.run(
                    threads,
                    new Relay.End(local, local.getInputStream(), local.getOutputStream()),
                    new Relay.End(tunnel.socket(), tunnel.input(), tunnel.output()),
                    metrics.up::increment,
                    metrics.down::increment);
        } catch (IOException e) {
            closeQuietly(local);
            tunnel.close();
        } finally {
            metrics.active.decrementAndGet();
        }
    }

    /** Asks the server for a tunnel connection and returns this end of it. */
    private TunnelConnection pair() throws IOException {
        Control connection = control.get();
        if (connection == null) {
            throw new IOException("the server is not connected");
        }
        long request = requests.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(request, answer);
        String id;
        try {
            connection.send("OPEN " + request);
            id = answer.get(settings.openTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(
                    "the server did not answer within " + settings.openTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the client is closing");
        } finally {
            pending.remove(request);
        }
        // The server pooled its end before writing the ID that our end reads; only a connection
        // made a moment ago can still be on its way into our pool.
        long deadline = System.nanoTime() + PAIR_ARRIVAL_WAIT.toNanos();
        TunnelConnection tunnel;
        while ((tunnel = pool.get(id)) == null && System.nanoTime() < deadline && !closed) {
            LockSupport.parkNanos(1_000_000);
        }
        if (tunnel == null) {
            connection.trySend("LOST " + id);
            throw new IOException("the server paired tunnel connection " + id + ", which this client does not have");
        }
        return tunnel;
    }

    /**
     * Stops accepting, closes the control connection, every relay and the pool. When it returns no
     * thread or socket of the client is left.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closeControl();
        closeQuietly(listener);
        failPending("the client is closing");
        pool.close();
        stopThreads();
        poolMetrics.close();
    }
}
