package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of a tunnel (NodePass's server pool): it accepts connections from {@link
 * TunnelClientPool}s (or any client speaking NodePass's protocol), checks the client's address
 * against an allow-list, performs the TLS handshake if configured, names each connection with a
 * fresh random ID that it writes to the client as 8 lowercase hex ASCII bytes, and pools it.
 * {@link #take()} hands out the oldest pooled connection with its ID; the application sends the ID
 * to the client side over its own control channel, and the client side calls {@link
 * TunnelClientPool#get(String)} to get the other end of the same connection.
 *
 * <p>Accepting runs on a thread of its own, {@code poolkit-tunnel-<name>-acceptor}; each
 * connection's handshake and ID write run on a virtual thread ({@code
 * poolkit-tunnel-<name>-handshake-<n>}), so a slow client never holds up the others. Unlike
 * NodePass: IDs are unique among the pooled connections and the ones being handed out, an ID
 * becomes visible exactly when its connection is pooled, accept errors back off instead of
 * spinning, and {@link #close()} closes the listener too.
 *
 * <p>Thread-safe: every method may be called from any thread, platform or virtual.
 */
public final class TunnelServerPool extends TunnelPool {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelServerPool.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Duration ACCEPT_RETRY_INITIAL = Duration.ofMillis(10);
    private static final Duration ACCEPT_RETRY_MAX = Duration.ofSeconds(1);

    private final TunnelServerConfig config;
    private final ServerSocket listener;
    private final Ticker ticker;

    private Thread acceptor; // guarded by lifecycle
    private ExecutorService handshakers; // guarded by lifecycle

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong handshakeFailures = new AtomicLong();
    private final AtomicLong handshakeNanos = new AtomicLong();

    private TunnelServerPool(ServerSocket listener, TunnelServerConfig config, Ticker ticker) {
        super("server", config.name(), config.maxPooled());
        this.listener = listener;
        this.config = config;
        this.ticker = ticker;
    }

    /**
     * Creates a pool that accepts on {@code listener}, with the system ticker. The pool owns the
     * listener from now on and closes it in {@link #close()}. Call {@link #start()} to accept.
     *
     * @param listener a bound server socket; NodePass returns nil for a nil listener, poolkit throws
     * @param config the pool's settings
     * @return the pool, not started
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code listener} is not bound or already closed
     */
    public static TunnelServerPool create(ServerSocket listener, TunnelServerConfig config) {
        return builder(listener, config).build();
    }

    /**
     * Opens a listener on {@code address} (backlog 1024, address reuse on) and creates a pool on it.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #localAddress()})
     * @param config the pool's settings
     * @return the pool, not started
     * @throws IOException if the address cannot be bound
     * @throws NullPointerException if an argument is null
     */
    public static TunnelServerPool bind(InetSocketAddress address, TunnelServerConfig config) throws IOException {
        requireNonNull(address, "address");
        requireNonNull(config, "config");
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, 1024);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return create(listener, config);
    }

    /**
     * Returns a builder, to set the time source.
     *
     * @param listener a bound server socket
     * @param config the pool's settings
     * @return a new builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(ServerSocket listener, TunnelServerConfig config) {
        return new Builder(requireNonNull(listener, "listener"), requireNonNull(config, "config"));
    }

    /**
     * Starts accepting. Idempotent.
     *
     * @throws IllegalStateException if the pool was closed
     */
    public void start() {
        lifecycle.lock();
        try {
            if (!markStarted()) {
                return;
            }
            handshakers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                    .name("poolkit-tunnel-" + name + "-handshake-", 0)
                    .factory());
            acceptor = Thread.ofPlatform()
                    .name("poolkit-tunnel-" + name + "-acceptor")
                    .daemon(true)
                    .start(this::acceptLoop);
            LOG.info(
                    "{}: accepting on {} ({}, clients {})",
                    label,
                    listener.getLocalSocketAddress(),
                    config.tls() == null ? "plain" : "TLS 1.3",
                    config.allowList().allowsAll() ? "any" : config.allowList().entries());
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Takes the oldest pooled connection, waiting as long as it takes for one; NodePass's {@code
     * ServerGet()}. Dead connections (the client closed or reset them) are closed and skipped; the
     * liveness check blocks for about a millisecond at most and never loses a byte.
     *
     * @return the connection with its {@link TunnelConnection#id() ID}, now owned by the caller
     * @throws TunnelClosedException if the pool was closed before or during the wait (message
     *     {@code ... context canceled}, as NodePass's)
     * @throws InterruptedException if the thread was interrupted while waiting; nothing is lost
     */
    public TunnelConnection take() throws InterruptedException {
        return take(-1, null);
    }

    /**
     * Takes the oldest pooled connection, waiting at most {@code timeout}; see {@link #take()}.
     *
     * @param timeout the longest wait, in real time; {@link Duration#ZERO} takes only what is pooled now
     * @return the connection, now owned by the caller
     * @throws TunnelTimeoutException if no live connection arrived within {@code timeout}
     * @throws TunnelClosedException if the pool was closed before or during the wait
     * @throws InterruptedException if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public TunnelConnection take(Duration timeout) throws InterruptedException {
        Checks.notNegative(timeout, "timeout");
        return take(timeout.toNanos(), timeout);
    }

    private TunnelConnection take(long timeoutNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (closed) {
                throw new TunnelClosedException(name);
            }
            long remaining = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
            TunnelConnection connection = queue.take(remaining);
            if (connection == null) {
                if (queue.isClosed()) {
                    throw new TunnelClosedException(name);
                }
                throw new TunnelTimeoutException(name, timeout);
            }
            if (alive(connection)) {
                return connection;
            }
        }
    }

    /**
     * Returns the address the listener is bound to.
     *
     * @return the local address, with the actual port when bound to port 0
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /**
     * Returns a snapshot of the state and counters. Cheap; never blocks on I/O.
     *
     * @return the snapshot
     */
    public TunnelServerStats stats() {
        return new TunnelServerStats(
                queue.size(),
                accepted.get(),
                rejected.get(),
                handshakes.get(),
                handshakeFailures.get(),
                Duration.ofNanos(handshakeNanos.get()),
                discarded.get(),
                errors.get());
    }

    /**
     * Returns the pool's settings.
     *
     * @return the configuration
     */
    public TunnelServerConfig config() {
        return config;
    }

    /**
     * Closes the listener, stops accepting, aborts handshakes in progress, closes every pooled
     * connection and wakes every {@link #take()} with {@link TunnelClosedException}. After it returns,
     * no thread of the pool is left and no socket it accepted is open. Idempotent.
     */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        Thread acceptorThread;
        ExecutorService handshakeThreads;
        lifecycle.lock();
        try {
            acceptorThread = acceptor;
            handshakeThreads = handshakers;
        } finally {
            lifecycle.unlock();
        }
        closeQuietly(listener);
        if (acceptorThread != null) {
            acceptorThread.interrupt(); // in case it waits out an accept back-off
            join(acceptorThread);
        }
        establishing.forEach(TunnelPool::closeQuietly);
        if (handshakeThreads != null) {
            handshakeThreads.shutdownNow();
            try {
                if (!handshakeThreads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: handshakes did not stop within {}", label, CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnections();
    }

    private void join(Thread thread) {
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.warn("{}: acceptor did not stop within {}", label, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ accepting

    private void acceptLoop() {
        Backoff backoff = new Backoff(ACCEPT_RETRY_INITIAL, ACCEPT_RETRY_MAX);
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
                backoff.reset();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                if (listener.isClosed()) {
                    LOG.error("{}: listener was closed from outside; no longer accepting", label);
                    return;
                }
                errors.incrementAndGet();
                Duration delay = backoff.next();
                LOG.warn("{}: accept failed ({}); retrying in {} ms", label, e, delay.toMillis());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return; // close()
                }
                continue;
            }
            accepted.incrementAndGet();
            if (!config.allowList().allows(socket.getInetAddress())) {
                rejected.incrementAndGet();
                LOG.debug("{}: refused {} (not in the allow-list)", label, socket.getInetAddress());
                closeQuietly(socket);
                continue;
            }
            try {
                handshakers.execute(() -> handshake(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket); // close() is under way
            }
        }
    }

    /** Sets the socket up, performs TLS, writes a fresh ID and pools the connection. */
    private void handshake(Socket socket) {
        establishing.add(socket);
        String reservedId = null;
        try {
            if (closed) {
                closeQuietly(socket);
                return;
            }
            socket.setTcpNoDelay(config.tcpNoDelay());
            if (config.keepAlive().isZero()) {
                socket.setKeepAlive(false);
            } else {
                KeepAlive.apply(socket, config.keepAlive());
            }
            long start = ticker.nanoTime();
            Socket secured = config.tls() == null ? socket : config.tls().secure(socket);
            reservedId = queue.reserve();
            if (reservedId == null) {
                if (!closed) {
                    rejected.incrementAndGet();
                    LOG.debug(
                            "{}: refused {} ({} connections already pooled)",
                            label,
                            socket.getInetAddress(),
                            config.maxPooled());
                }
                closeQuietly(secured);
                return;
            }
            OutputStream out = secured.getOutputStream();
            out.write(TunnelIds.encode(reservedId));
            out.flush();
            TunnelConnection connection = new TunnelConnection(reservedId, secured);
            handshakeNanos.addAndGet(ticker.nanoTime() - start);
            handshakes.incrementAndGet();
            if (queue.offer(connection)) {
                reservedId = null;
            } else {
                connection.close(); // closed meanwhile
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (!closed) {
                handshakeFailures.incrementAndGet();
                errors.incrementAndGet();
                LOG.debug("{}: handshake with {} failed: {}", label, socket.getInetAddress(), e.toString());
            }
        } finally {
            if (reservedId != null) {
                queue.unreserve(reservedId);
            }
            establishing.remove(socket);
        }
    }

    @Override
    public String toString() {
        InetSocketAddress local = localAddress();
        return "TunnelServerPool[" + name + ", "
                + SocketAddresses.describe(local.getAddress().getHostAddress(), local.getPort()) + ", active="
                + active() + (closed ? ", closed" : "") + "]";
    }

    /** Collects a {@link TunnelServerPool}'s collaborators; not thread-safe. */
    public static final class Builder {
        private final ServerSocket listener;
        private final TunnelServerConfig config;
        private Ticker ticker = Ticker.system();

        private Builder(ServerSocket listener, TunnelServerConfig config) {
            this.listener = listener;
            this.config = config;
        }

        /**
         * Sets the time source for handshake times. Default {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the pool, not started.
         *
         * @return the pool
         * @throws IllegalArgumentException if the listener is not bound or already closed
         */
        public TunnelServerPool build() {
            Checks.argument(
                    listener.isBound() && !listener.isClosed(),
                    "listener must be bound and open, but was %s",
                    listener);
            return new TunnelServerPool(listener, config, ticker);
        }
    }
}
