package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server around a {@link WorkerPool}: binds a listening socket, sets {@code TCP_NODELAY} on
 * every accepted connection, submits it to the pool, and answers a connection the pool rejects as busy
 * with an optional busy reply before closing it (what pool-manager's example does by hand). With an
 * idle timeout it also watches every connection with an {@link IdleReaper} (golib's TCP server, GS-5):
 * a connection on which nothing is read or written for that long is closed.
 *
 * <p>The loop owns the pool's lifecycle: {@link Builder#start()} starts the pool (unless it already
 * runs), {@link #stop(Duration)} stops it, {@link #close()} closes it. A loop runs once; to listen
 * again, build a new one over the same pool.
 *
 * <p>One daemon thread, {@code poolkit-worker-<pool name>-acceptor}, accepts; the reaper ticks on the
 * injected scheduler or on a thread of its own. Accept failures (such as running out of file
 * descriptors) are logged at WARN and retried with a back-off from 5 ms to 1 s, never in a tight
 * loop. The listening socket is channel-backed, so every accepted socket is its {@link
 * Socket#getChannel() channel}'s own, in blocking mode (a relay may hand it to a selector); its
 * streams follow the channel's rules: an I/O error on a closed socket is a {@link
 * java.nio.channels.ClosedChannelException}, and interrupting a thread blocked in its I/O closes it.
 * Thread-safe.
 *
 * {@snippet :
 * WorkerPool pool = WorkerPool.forSessions(relay) // see docs/worker.md for a relay
 *         .name("relay")
 *         .threadMode(ThreadMode.VIRTUAL)
 *         .maxWorkers(5_000)
 *         .build();
 * AcceptLoop server = AcceptLoop.builder(pool)
 *         .address(new InetSocketAddress("0.0.0.0", 6380)) // default: loopback, port 0
 *         .busyReply("-ERR busy\r\n".getBytes(StandardCharsets.US_ASCII))
 *         .idleTimeout(Duration.ofMinutes(5)) // silent sessions are closed
 *         .start();
 * int port = server.port(); // the port chosen when binding port 0
 * // ...
 * boolean drained = server.stop(Duration.ofSeconds(10));
 * server.close(); // closes the pool
 * }
 */
public final class AcceptLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptLoop.class);

    /** The default listen backlog; the kernel caps it at {@code net.core.somaxconn}. */
    public static final int DEFAULT_BACKLOG = 1024;
    /**
     * The longest busy reply, in bytes: it must fit into a new connection's send buffer, so that
     * writing it never blocks the accepting thread.
     */
    public static final int MAX_BUSY_REPLY = 4096;
    /** The default idle tick, golib's 1 s. */
    public static final Duration DEFAULT_IDLE_TICK = IdleReaper.Builder.DEFAULT_TICK;

    private static final long MAX_BACKOFF_MILLIS = 1000;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerPool pool;
    private final ServerSocket server;
    private final IdleReaper reaper; // null when idle reaping is off
    private final byte[] busyReply;
    private final boolean tcpNoDelay;
    private final Thread acceptor;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean stopping; // written under lock

    private AcceptLoop(WorkerPool pool, ServerSocket server, IdleReaper reaper, byte[] busyReply, boolean tcpNoDelay) {
        this.pool = pool;
        this.server = server;
        this.reaper = reaper;
        this.busyReply = busyReply;
        this.tcpNoDelay = tcpNoDelay;
        this.acceptor = Thread.ofPlatform()
                .name("poolkit-worker-" + pool.name() + "-acceptor")
                .daemon(true)
                .unstarted(this::acceptAll);
    }

    /**
     * Starts building a server around {@code pool}.
     *
     * @param pool the pool that serves the accepted connections; the loop takes over its lifecycle
     * @return a builder: loopback address with an ephemeral port, backlog 1024, no busy reply, no idle
     *     reaping, {@code TCP_NODELAY} on
     * @throws NullPointerException if {@code pool} is null
     */
    public static Builder builder(WorkerPool pool) {
        return new Builder(requireNonNull(pool, "pool"));
    }

    private void acceptAll() {
        long backoffMillis = 0;
        while (!stopping) {
            Socket socket;
            try {
                socket = server.accept();
                backoffMillis = 0;
            } catch (IOException e) {
                if (stopping || server.isClosed()) {
                    return;
                }
                backoffMillis = backoffMillis == 0 ? 5 : Math.min(MAX_BACKOFF_MILLIS, 2 * backoffMillis);
                LOG.warn("AcceptLoop '{}': accept failed ({}); retrying in {} ms", pool.name(), e, backoffMillis);
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMillis);
                } catch (InterruptedException stop) {
                    return; // stop() interrupts a sleeping acceptor
                }
                continue;
            }
            dispatch(socket);
        }
    }

    private void dispatch(Socket socket) {
        try {
            socket.setTcpNoDelay(tcpNoDelay);
            if (!pool.offer(socket, reaper)) {
                rejectBusy(socket);
            }
        } catch (PoolNotRunningException e) {
            closeQuietly(socket); // the loop is stopping
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("AcceptLoop '{}': dropping {}: {}", pool.name(), socket, e.toString());
            closeQuietly(socket); // reset before it could be served
        } catch (RuntimeException | Error e) {
            LOG.warn("AcceptLoop '{}': could not serve {}", pool.name(), socket, e);
            closeQuietly(socket);
        }
    }

    /**
     * Writes the busy reply, ends the output, and discards what the client already sent, so that the
     * close sends a FIN after the reply rather than a reset that could overtake it.
     */
    private void rejectBusy(Socket socket) {
        try {
            if (busyReply.length > 0) {
                socket.getOutputStream().write(busyReply);
            }
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            for (int waiting = in.available(); waiting > 0; waiting = in.available()) {
                in.skipNBytes(waiting);
            }
        } catch (IOException e) {
            LOG.debug("AcceptLoop '{}': busy reply to {} failed: {}", pool.name(), socket, e.toString());
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing more to release
        }
    }

    /**
     * Stops gracefully: closes the listening socket (new clients are refused by the kernel), then
     * stops the pool with {@code timeout} (see {@link WorkerPool#stop(Duration)}), then closes the idle
     * reaper. Returns within about {@code timeout} plus the pool's force grace. Idempotent.
     *
     * @param timeout how long running handlers may take to finish
     * @return true if every connection finished within {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean stop(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        lock.lock();
        try {
            stopping = true;
        } finally {
            lock.unlock();
        }
        closeQuietly(server);
        // not when stop() runs on the acceptor itself, nor when start() failed before it was started
        if (Thread.currentThread() != acceptor && acceptor.getState() != Thread.State.NEW) {
            acceptor.interrupt(); // ends a back-off sleep; accept() itself ends with the closed socket
            try {
                acceptor.join(JOIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean drained = pool.stop(timeout);
        if (reaper != null) {
            reaper.close();
        }
        return drained;
    }

    /** Stops at once ({@code stop(Duration.ZERO)}) and closes the pool. Idempotent. */
    @Override
    public void close() {
        stop(Duration.ZERO);
        pool.close();
    }

    /**
     * Returns the address the server listens on, with the port the system chose when the builder asked
     * for port 0.
     *
     * @return the bound address
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port the server listens on
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Returns the pool that serves the connections.
     *
     * @return the pool that serves the connections
     */
    public WorkerPool pool() {
        return pool;
    }

    /**
     * Returns the idle reaper watching the connections, or empty when idle reaping is off.
     *
     * @return the idle reaper watching the connections, or empty when idle reaping is off
     */
    public Optional<IdleReaper> reaper() {
        return Optional.ofNullable(reaper);
    }

    /**
     * Returns true until {@link #stop} or {@link #close()} is called.
     *
     * @return true until {@link #stop} or {@link #close()} is called
     */
    public boolean isRunning() {
        return !stopping;
    }

    @Override
    public String toString() {
        return "AcceptLoop[" + pool.name() + " on " + server.getLocalSocketAddress() + "]";
    }

    /** Collects an {@link AcceptLoop}'s settings; {@link #start()} checks them. Not thread-safe. */
    public static final class Builder {
        private final WorkerPool pool;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int backlog = DEFAULT_BACKLOG;
        private byte[] busyReply = new byte[0];
        private Duration idleTimeout = Duration.ZERO;
        private Duration idleTick = DEFAULT_IDLE_TICK;
        private boolean tcpNoDelay = true;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;

        private Builder(WorkerPool pool) {
            this.pool = pool;
        }

        /**
         * Sets {@code address}.
         *
         * @param address where to listen; port 0 picks a free port ({@link AcceptLoop#port()} tells
         *     which); an unresolved address is resolved by {@link #start()}. Default: loopback, port 0
         * @return this builder
         */
        public Builder address(InetSocketAddress address) {
            this.address = address;
            return this;
        }

        /**
         * Sets {@code address}.
         *
         * @param address where to listen, as an operator writes it ({@code 0.0.0.0:6380})
         * @return this builder
         * @throws NullPointerException if {@code address} is null
         */
        public Builder address(HostAndPort address) {
            this.address = address.toUnresolved();
            return this;
        }

        /**
         * Sets {@code backlog}.
         *
         * @param backlog how many connections the kernel may queue before they are accepted; >= 1
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * Sets {@code busyReply}.
         *
         * @param busyReply written to a connection the pool rejects as busy, before it is closed; empty
         *     (the default) closes it without a word; at most {@link #MAX_BUSY_REPLY} bytes; copied
         * @return this builder
         * @throws NullPointerException if {@code busyReply} is null
         */
        public Builder busyReply(byte[] busyReply) {
            this.busyReply = busyReply.clone();
            return this;
        }

        /**
         * Sets how long a connection may stay silent (nothing read or written through its {@link
         * ClientConnection} streams) before it is closed, counted in whole idle ticks as golib does:
         * it is closed after more than {@code floor(idleTimeout / idleTick)} and at most one more tick
         * of silence. Zero (the default) turns idle reaping off; so does a timeout shorter than one
         * tick (golib's rule, GS-5), which is logged at WARN.
         *
         * @param idleTimeout not negative
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets {@code idleTick}.
         *
         * @param idleTick the idle reaper's tick; positive; default 1 s
         * @return this builder
         */
        public Builder idleTick(Duration idleTick) {
            this.idleTick = idleTick;
            return this;
        }

        /**
         * Sets {@code tcpNoDelay}.
         *
         * @param tcpNoDelay whether to set {@code TCP_NODELAY} on accepted connections; default on
         *     (design §8: a small request and its reply otherwise wait for delayed ACKs)
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Sets {@code ticker}.
         *
         * @param ticker the idle reaper's time source; default {@link Ticker#system()}
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Sets {@code scheduler}.
         *
         * @param scheduler runs the idle reaper's ticks; not closed by the loop. By default the reaper
         *     runs a thread of its own, {@code poolkit-worker-<pool name>-reaper}
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Binds the listening socket, starts the pool (unless it runs already), the idle reaper and the
         * accepting thread.
         *
         * @return the running loop
         * @throws UnknownHostException if the address cannot be resolved
         * @throws BindException if the address cannot be bound (in use, not local, no permission); the
         *     message names the address
         * @throws IOException if the listening socket cannot be opened
         * @throws IllegalArgumentException if a setting is out of range; the message names it and its value
         * @throws IllegalStateException if the pool was closed
         * @throws NullPointerException if a setting is null (the scheduler may be left unset)
         */
        public AcceptLoop start() throws IOException {
            requireNonNull(address, "address");
            Checks.argument(backlog >= 1, "backlog must be >= 1, but was %d", backlog);
            Checks.argument(
                    busyReply.length <= MAX_BUSY_REPLY,
                    "busyReply must be at most %d bytes, but was %d bytes",
                    MAX_BUSY_REPLY,
                    busyReply.length);
            Checks.notNegative(idleTimeout, "idleTimeout");
            Checks.positive(idleTick, "idleTick");
            requireNonNull(ticker, "ticker");
            IdleReaper reaper = null;
            if (idleTimeout.compareTo(idleTick) >= 0) {
                reaper = IdleReaper.builder()
                        .name(pool.name())
                        .idleTimeout(idleTimeout)
                        .tick(idleTick)
                        .ticker(ticker)
                        .scheduler(scheduler)
                        .build();
            } else if (!idleTimeout.isZero()) {
                LOG.warn(
                        "AcceptLoop '{}': idleTimeout {} is shorter than one idle tick ({}); idle reaping is off",
                        pool.name(),
                        idleTimeout,
                        idleTick);
            }
            ServerSocket server = bind();
            AcceptLoop loop = new AcceptLoop(pool, server, reaper, busyReply, tcpNoDelay);
            try {
                if (!pool.isRunning()) {
                    pool.start();
                }
                if (reaper != null) {
                    reaper.start();
                }
                loop.acceptor.start();
            } catch (RuntimeException | Error e) {
                loop.stop(Duration.ZERO);
                throw e;
            }
            LOG.info("AcceptLoop '{}': listening on {}", pool.name(), server.getLocalSocketAddress());
            return loop;
        }

        private ServerSocket bind() throws IOException {
            InetSocketAddress target = SocketAddresses.resolve(address);
            // channel-backed, in blocking mode: accepted sockets then have a channel that a handler may
            // switch to non-blocking and hand to a selector; their streams behave as a plain socket's
            ServerSocket server = ServerSocketChannel.open().socket();
            try {
                server.setReuseAddress(true);
                server.bind(target, backlog);
                return server;
            } catch (BindException e) {
                server.close();
                BindException named = new BindException(
                        "cannot listen on " + SocketAddresses.describe(address) + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
