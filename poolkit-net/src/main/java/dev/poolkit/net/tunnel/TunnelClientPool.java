package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.TlsDialer;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import dev.poolkit.pool.Ticker;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialling side of a tunnel (NodePass's client pool): it keeps connections to a {@link
 * TunnelServerPool} (or any server speaking NodePass's protocol) established in advance, TLS
 * handshake and ID exchange done, so that {@link #get(String)} hands one out in microseconds (a
 * map removal under a lock) when the peer names its ID, where a fresh TLS connection takes
 * milliseconds.
 *
 * <p>A background manager runs refill cycles, exactly as NodePass's {@code ClientManager}: adjust
 * the interval, dial until {@link #active()} reaches {@link #capacity()}, adjust the capacity by how
 * many it had to create, then wait {@link #interval()}; the rules and their integer arithmetic are
 * NodePass's (see {@code docs/tunnel.md}). Every dial, TLS handshake and ID read happens there, on
 * the pool's executor, never in {@link #get(String)}. Unlike NodePass, the ID read has a timeout,
 * failed dials back off exponentially with jitter instead of retrying at once, and {@link #close()}
 * stops everything.
 *
 * {@snippet :
 * TunnelClientPool client = TunnelClientPool.create(TunnelClientConfig.builder(HostAndPort.parse("tunnel.example:10101"))
 *         .name("outbound")
 *         .minCapacity(4)
 *         .maxCapacity(16)
 *         .tls(TlsClientConfig.builder()
 *                 .mode(TlsMode.VERIFIED)
 *                 .serverName("tunnel.example")
 *                 .trustStore(TrustStores.load(Path.of("server-cert.pem"), null))
 *                 .build())
 *         .build());
 * client.start();
 * // ... the server side took (id, connection) and sent the id over the application's control channel:
 * TunnelConnection connection = client.get(id); // null if there is none with that ID
 * // ...
 * client.close();
 * }
 *
 * (Run, with the server side, as {@code TunnelExamplesTest} in the module's tests.)
 *
 * <p>Thread-safe: every method may be called from any thread, platform or virtual.
 */
public final class TunnelClientPool extends TunnelPool {

    /*
     * Notes.
     * - One cycle at a time: a cycle (or a refill resumed after a back-off) schedules its successor
     *   as its last step, so the manager's state (rules, back-off, created) has one writer.
     * - A socket between its connect and its pooling is in `establishing`, so that close() can
     *   close it and unblock the manager; establish() re-checks `closed` after adding it (close()
     *   sets `closed` before sweeping the set), so no socket escapes both.
     * - The default executor runs the manager on virtual threads: interrupting one (close() shuts
     *   the executor down) aborts a connect in progress, which a platform thread would sit out
     *   until the connect timeout.
     */

    private static final Logger LOG = LoggerFactory.getLogger(TunnelClientPool.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final TunnelClientConfig config;
    private final Dialer plainDialer;
    private final TlsDialer tlsDialer;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final ThreadScheduler ownScheduler;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final AdaptiveRules rules;
    private final Backoff backoff;
    private final int idReadTimeoutMillis;

    private Scheduler.Cancellable next; // guarded by lifecycle
    private int created; // manager only: connections pooled by the current cycle

    private final AtomicLong dials = new AtomicLong();
    private final AtomicLong freshDials = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong handshakeFailures = new AtomicLong();
    private final AtomicLong idFailures = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong handshakeNanos = new AtomicLong();

    private TunnelClientPool(Builder builder) {
        super("client", builder.config.name(), builder.config.maxCapacity());
        this.config = builder.config;
        this.plainDialer = builder.dialer != null ? builder.dialer : Dialer.tcp();
        this.tlsDialer = new TlsDialer(plainDialer, config.tls());
        this.ticker = builder.ticker;
        if (builder.scheduler != null) {
            this.scheduler = builder.scheduler;
            this.ownScheduler = null;
        } else {
            this.ownScheduler = Scheduler.newThreadScheduler("poolkit-tunnel-" + name + "-scheduler");
            this.scheduler = ownScheduler;
        }
        if (builder.executor != null) {
            this.executor = builder.executor;
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                    .name("poolkit-tunnel-" + name + "-manager-", 0)
                    .factory());
            this.executor = ownExecutor;
        }
        this.rules = new AdaptiveRules(
                config.minCapacity(), config.maxCapacity(), config.minInterval(), config.maxInterval());
        this.backoff = new Backoff(config.dialRetryInitialDelay(), config.dialRetryMaxDelay());
        this.idReadTimeoutMillis = (int)
                Math.min(Integer.MAX_VALUE, Math.max(1, config.idReadTimeout().toMillis()));
    }

    /**
     * Returns a builder for a pool with this configuration, to set the dialer, time source,
     * scheduler or executor.
     *
     * @param config the pool's settings
     * @return a new builder
     * @throws NullPointerException if {@code config} is null
     */
    public static Builder builder(TunnelClientConfig config) {
        return new Builder(requireNonNull(config, "config"));
    }

    /**
     * Creates a pool with the default dialer ({@link Dialer#tcp()}), the system ticker, and a
     * scheduler thread and manager executor of its own. Call {@link #start()} to begin pre-warming.
     *
     * @param config the pool's settings
     * @return the pool, not started
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalArgumentException if the TLS trust store cannot be used
     */
    public static TunnelClientPool create(TunnelClientConfig config) {
        return builder(config).build();
    }

    /**
     * Starts the manager: the first refill cycle runs at once, on the executor. Idempotent.
     *
     * @throws IllegalStateException if the pool was closed
     */
    public void start() {
        lifecycle.lock();
        try {
            if (!markStarted()) {
                return;
            }
            LOG.info(
                    "{}: pre-warming {} to {} connections to {} ({}{})",
                    label,
                    config.minCapacity(),
                    config.maxCapacity(),
                    config.server(),
                    config.tls().mode(),
                    config.single() ? ", single" : "");
            schedule(this::cycle, Duration.ZERO);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Takes the pooled connection with this ID, the client end of the connection the server handed
     * out under the same ID. Returns at once, whether or not it is there: there is no dial, no
     * handshake and no liveness check on this path.
     *
     * @param id the ID the server side received with its end of the connection
     * @return the connection, now owned by the caller; or {@code null} if no pooled connection has
     *     that ID (never pooled, already taken, flushed, or the pool is closed)
     * @throws NullPointerException if {@code id} is null
     */
    public TunnelConnection get(String id) {
        requireNonNull(id, "id");
        return queue.remove(id);
    }

    /**
     * Takes any pooled connection, oldest first, skipping (and closing) dead ones; NodePass's {@code
     * ClientGet("")}. Each candidate gets a liveness check that blocks for about a millisecond at
     * most and never loses a byte. <b>Only if nothing is pooled, it dials a fresh connection on the
     * calling thread</b>, in the pool's TLS mode and reading the server's ID (NodePass dials plain
     * TCP here even with TLS on): the one exception to "no handshake on the caller's path", counted
     * in {@link TunnelClientStats#freshDials()}. That dial takes up to the dialer's connect timeout
     * plus the handshake and ID timeouts.
     *
     * @return a connection owned by the caller, or {@code null} if the fresh dial failed or the pool
     *     is closed
     */
    public TunnelConnection get() {
        while (!closed) {
            TunnelConnection pooled = queue.poll();
            if (pooled == null) {
                break;
            }
            if (alive(pooled)) {
                return pooled;
            }
        }
        if (closed) {
            return null;
        }
        try {
            TunnelConnection fresh = establish(true);
            if (closed) {
                fresh.close();
                return null;
            }
            return fresh;
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: fresh dial for get() failed: {}", label, e.toString());
            return null;
        }
    }

    /**
     * Returns the current adaptive capacity.
     *
     * @return between {@code minCapacity} and {@code maxCapacity}
     */
    public int capacity() {
        return rules.capacity();
    }

    /**
     * Returns the current adaptive refill interval.
     *
     * @return between {@code minInterval} and {@code maxInterval}
     */
    public Duration interval() {
        return rules.interval();
    }

    /**
     * Returns a snapshot of the state and counters. Cheap; never blocks on I/O.
     *
     * @return the snapshot
     */
    public TunnelClientStats stats() {
        return new TunnelClientStats(
                queue.size(),
                rules.capacity(),
                rules.interval(),
                dials.get(),
                freshDials.get(),
                connectFailures.get(),
                handshakeFailures.get(),
                idFailures.get(),
                handshakes.get(),
                Duration.ofNanos(handshakeNanos.get()),
                discarded.get(),
                errors.get());
    }

    /**
     * Returns the pool's settings.
     *
     * @return the configuration
     */
    public TunnelClientConfig config() {
        return config;
    }

    /**
     * Stops the manager, aborts dials in progress, and closes every pooled connection. After it
     * returns, the pool's own threads have ended and no socket it opened is left open; with an
     * executor of your own, a dial in progress there cannot be interrupted and ends by itself (within
     * the dialer's connect timeout), closing its socket. Afterwards {@link #get()} and {@link
     * #get(String)} return {@code null}. Idempotent.
     */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        lifecycle.lock();
        try {
            if (next != null) {
                next.cancel();
            }
        } finally {
            lifecycle.unlock();
        }
        establishing.forEach(TunnelPool::closeQuietly);
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
            awaitTermination(ownExecutor);
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        closeConnections();
    }

    private void awaitTermination(ExecutorService service) {
        try {
            if (!service.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: manager did not stop within {}", label, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ manager

    private void schedule(Runnable step, Duration delay) {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            next = scheduler.schedule(() -> execute(step), delay);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                LOG.error("{}: scheduler refused the next cycle; the pool no longer refills", label, e);
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void execute(Runnable step) {
        if (closed) {
            return;
        }
        try {
            executor.execute(step);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                LOG.error("{}: executor refused the manager; the pool no longer refills", label, e);
            }
        }
    }

    /** One NodePass cycle: adjust the interval, refill, adjust the capacity, wait. */
    private void cycle() {
        if (closed) {
            return;
        }
        rules.adjustInterval(queue.size());
        created = 0;
        refill();
    }

    /** Dials until the pool holds {@code capacity} connections; after a failure, resumes after a back-off. */
    private void refill() {
        while (!closed && queue.size() < rules.capacity()) {
            try {
                TunnelConnection connection = establish(false);
                if (!queue.offer(connection)) {
                    connection.close();
                    if (closed) {
                        return;
                    }
                    count(idFailures);
                    throw new ProtocolException("connection ID " + connection.id() + " is already pooled");
                }
                created++;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                Duration delay = backoff.next();
                if (backoff.failures() == 1) {
                    LOG.warn(
                            "{}: cannot establish a connection to {} ({}); retrying with back-off from {} ms",
                            label,
                            config.server(),
                            e.toString(),
                            delay.toMillis());
                } else {
                    LOG.debug("{}: attempt failed again ({}), next in {} ms", label, e, delay.toMillis());
                }
                schedule(this::refill, delay);
                return;
            }
        }
        if (closed) {
            return;
        }
        if (backoff.failures() > 0) {
            LOG.info("{}: connected again after {} failed attempts", label, backoff.failures());
            backoff.reset();
        }
        rules.adjustCapacity(created);
        schedule(this::cycle, rules.interval());
    }

    /** Dials, sets keep-alive, secures and reads (or makes up) the ID; counts every outcome. */
    private TunnelConnection establish(boolean fresh) throws IOException {
        dials.incrementAndGet();
        if (fresh) {
            freshDials.incrementAndGet();
        }
        HostAndPort server = config.server();
        Socket plain;
        try {
            plain = plainDialer.dial(server);
        } catch (IOException | RuntimeException e) {
            count(connectFailures);
            throw e;
        }
        establishing.add(plain);
        try {
            if (closed) {
                throw new SocketException(label + " is closed");
            }
            if (!config.keepAlive().isZero()) {
                KeepAlive.apply(plain, config.keepAlive());
            }
            long start = ticker.nanoTime();
            Socket socket;
            try {
                socket = tlsDialer.secure(plain, server.host(), server.port());
            } catch (IOException | RuntimeException e) {
                count(handshakeFailures);
                throw e;
            }
            String id;
            try {
                id = config.single() ? TunnelIds.next() : readId(socket);
            } catch (IOException | RuntimeException e) {
                count(idFailures);
                throw e;
            }
            TunnelConnection connection = new TunnelConnection(id, socket);
            handshakeNanos.addAndGet(ticker.nanoTime() - start);
            handshakes.incrementAndGet();
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        } finally {
            establishing.remove(plain);
        }
    }

    /** Counts a failure, unless it is only close() tearing the connection down. */
    private void count(AtomicLong counter) {
        if (!closed) {
            counter.incrementAndGet();
            errors.incrementAndGet();
        }
    }

    /** Reads the server's 8 ASCII bytes, with a timeout NodePass does not have. */
    private String readId(Socket socket) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(idReadTimeoutMillis);
        byte[] wire = new byte[TunnelIds.LENGTH];
        int n;
        try {
            n = socket.getInputStream().readNBytes(wire, 0, wire.length);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException(
                    "no connection ID from " + config.server() + " within " + idReadTimeoutMillis + " ms");
            timeout.initCause(e);
            throw timeout;
        }
        if (n < wire.length) {
            throw new EOFException(
                    config.server() + " closed the connection after " + n + " of " + TunnelIds.LENGTH + " ID bytes");
        }
        String id = TunnelIds.decode(wire);
        if (!TunnelIds.isValid(id)) {
            throw new ProtocolException(
                    config.server() + " sent '" + printable(id) + "' as connection ID, not 8 lowercase hex digits");
        }
        socket.setSoTimeout(previous);
        return id;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    @Override
    public String toString() {
        return "TunnelClientPool[" + name + ", " + config.server() + ", active=" + active() + ", capacity=" + capacity()
                + ", interval=" + interval().toMillis() + "ms" + (closed ? ", closed" : "") + "]";
    }

    /** Collects a {@link TunnelClientPool}'s collaborators; not thread-safe. */
    public static final class Builder {
        private final TunnelClientConfig config;
        private Dialer dialer;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;
        private Executor executor;

        private Builder(TunnelClientConfig config) {
            this.config = config;
        }

        /**
         * Sets the plain dialer that opens the TCP connections (its connect and read timeouts and
         * socket options apply); TLS is added on top as the configuration says. Default {@link
         * Dialer#tcp()}.
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
         * Sets the scheduler that times the refill cycles and back-offs; the pool never shuts it down.
         * Default: a thread of the pool's own, {@code poolkit-tunnel-<name>-scheduler}.
         *
         * @param scheduler the scheduler
         * @return this builder
         * @throws NullPointerException if {@code scheduler} is null
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets the executor that runs the refill cycles: their dials, TLS handshakes and ID reads
         * block it. The pool never shuts it down. Default: a virtual thread per cycle, named {@code
         * poolkit-tunnel-<name>-manager-<n>}, which {@link #close()} interrupts.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(Executor executor) {
            this.executor = requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Builds the pool, not started.
         *
         * @return the pool
         * @throws IllegalArgumentException if the TLS trust store cannot be used
         */
        public TunnelClientPool build() {
            return new TunnelClientPool(this);
        }
    }
}
