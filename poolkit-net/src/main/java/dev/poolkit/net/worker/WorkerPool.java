package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves accepted connections with a bounded number of workers (pool-manager's {@code Manager}): at
 * most {@code maxWorkers} connections are served at once, and a connection submitted beyond that is
 * refused at once with {@link PoolBusyException}, leaving the caller to write its busy reply.
 *
 * <p>Two handler forms. {@link #forMessages} frames each connection's bytes into messages and calls a
 * {@link MessageHandler} per message, closing the connection when the client closes, fails, or sends
 * nothing for {@code clientDeadline}. {@link #forSessions} hands the whole connection to a {@link
 * SessionHandler} (a relay) and closes it when the handler returns.
 *
 * <p>Two thread modes ({@link ThreadMode}): pooled platform workers that grow on demand and are
 * reaped back to {@code minWorkers} every {@code reapInterval}, or a virtual thread per connection,
 * bounded by {@code maxWorkers} permits.
 *
 * <p>Lifecycle: built stopped; {@link #start()}; {@link #stop(Duration)} refuses new connections, lets
 * running handlers finish for up to the given time, then closes what is left, and can be followed by
 * {@code start()} again; {@link #close()} stops at once for good. After {@code stop} or {@code close}
 * returns no thread of the pool remains, unless a handler ignores both its closed socket and
 * interruption (logged at WARN).
 *
 * <p>All methods are safe to call from any number of threads. {@link #submit} never blocks: it hands
 * the socket to an idle worker or starts a thread.
 *
 * {@snippet :
 * WorkerPool pool = WorkerPool.forMessages((client, message) -> client.output().write(message))
 *         .name("echo")
 *         .maxWorkers(100)
 *         .build();
 * pool.start();
 * // for each accepted socket (AcceptLoop does this, and writes the busy reply):
 * try {
 *     pool.submit(socket);
 * } catch (PoolBusyException e) { // can't put, pool is busy
 *     socket.getOutputStream().write("BUSY\n".getBytes(StandardCharsets.US_ASCII));
 *     socket.close();
 * }
 * // ...
 * boolean drained = pool.stop(Duration.ofSeconds(10));
 * }
 */
public final class WorkerPool implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * One lock guards the lifecycle state, the busy and worker counts, the idle-worker stack and the
     * set of connections being served; it is taken once per submitted connection and once when a
     * connection ends, never per message. busy counts connections from submit until their worker
     * has finished them; the bound check and the increment happen together under the lock, so the
     * count never exceeds maxWorkers and never leaks (pool-manager leaked it on a failed probe).
     *
     * PLATFORM: an idle worker parks on its own Condition; submit pops the most recently idle one
     * (LIFO keeps a few threads hot) and hands it the connection, or starts a new thread when none is
     * idle, so workers <= maxWorkers holds as well. A worker that finishes a connection goes back on
     * the stack in the same lock section that decrements busy. Reaping retires the longest-idle
     * workers above minWorkers, also when minWorkers is 0 (pool-manager never reaped then).
     *
     * VIRTUAL: a new virtual thread per connection, never pooled; workers == busy but for threads
     * that are starting or ending.
     *
     * Client deadline: not a socket read timeout. A timed read costs a non-blocking read, a poll and
     * a timer per message (measured: about 5 us of CPU per echoed message on these machines, a
     * quarter of the whole cost). Instead each connection stamps, on the ticker, when its worker
     * starts waiting for bytes, and a sweep every clientDeadline/8 closes the connections that have
     * waited clientDeadline or longer with no handler running. A connection is therefore closed
     * between clientDeadline and clientDeadline * 9/8 after its last byte.
     *
     * Stop: each connection has a phase (PooledConnection). A connection between messages (READING)
     * is closed at once; one whose handler runs (HANDLING, a session for its whole life) gets the
     * timeout; then every connection left is closed and its thread interrupted. Nothing waits on a
     * worker that has already gone, so stop cannot deadlock (pool-manager's Stop could).
     */

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    // pool-manager's message, kept verbatim (design §2; reference §6)
    static final String ALREADY_RUNNING = "pool manager is already running";

    /** How long a stop waits for threads to end once their connections were closed and they were interrupted. */
    static final Duration FORCE_GRACE = Duration.ofSeconds(5);

    private enum State {
        STOPPED,
        RUNNING,
        STOPPING,
        CLOSED
    }

    /** A pooled platform worker. */
    private final class Worker {
        final Condition wake = lock.newCondition();
        final Thread thread;
        PooledConnection next; // guarded by lock: handed over by submit
        boolean retired; // guarded by lock: told to end by reaping or a stop

        Worker(PooledConnection first) {
            thread = Thread.ofPlatform().name(nextThreadName()).daemon(true).unstarted(() -> runPlatform(this, first));
        }
    }

    private final String name;
    private final MessageHandler messageHandler; // exactly one of the two handlers is set
    private final SessionHandler sessionHandler;
    private final Scheduler givenScheduler;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition(); // signalled when busy or workers drop
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by lock; head = most recently idle
    private final Set<PooledConnection> active = new HashSet<>(); // guarded by lock
    private final AtomicInteger threadSeq = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder clientTimeouts = new LongAdder();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private volatile WorkerPoolConfig config;
    private volatile State state = State.STOPPED; // written under lock
    private volatile int workers; // written under lock
    private volatile int busy; // written under lock
    private Scheduler scheduler; // guarded by lock; set while the pool runs housekeeping
    private ThreadScheduler ownScheduler; // guarded by lock
    private Scheduler.Cancellable reaping; // guarded by lock; PLATFORM: idle-worker reaping
    private Scheduler.Cancellable sweeping; // guarded by lock; message form: the client deadline sweep
    private long generation; // guarded by lock: a housekeeping run of an earlier start() does nothing

    WorkerPool(
            WorkerPoolConfig config,
            MessageHandler messageHandler,
            SessionHandler sessionHandler,
            Scheduler scheduler,
            Ticker ticker) {
        this.config = config;
        this.name = config.name();
        this.messageHandler = messageHandler;
        this.sessionHandler = sessionHandler;
        this.givenScheduler = scheduler;
        this.ticker = ticker;
    }

    /**
     * Starts building a pool whose workers frame each connection into messages for {@code handler}.
     *
     * @param handler called once per message, on the worker's thread
     * @return a builder with every default of {@link WorkerPoolConfig}
     * @throws NullPointerException if {@code handler} is null
     */
    public static WorkerPoolBuilder forMessages(MessageHandler handler) {
        return new WorkerPoolBuilder(requireNonNull(handler, "handler"), null);
    }

    /**
     * Starts building a pool whose workers hand each whole connection to {@code handler}.
     *
     * @param handler called once per connection, on the worker's thread
     * @return a builder with every default of {@link WorkerPoolConfig}
     * @throws NullPointerException if {@code handler} is null
     */
    public static WorkerPoolBuilder forSessions(SessionHandler handler) {
        return new WorkerPoolBuilder(null, requireNonNull(handler, "handler"));
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the pool (pool-manager's {@code Start}): in {@link ThreadMode#PLATFORM}, {@code
     * minWorkers} workers start and wait idle, and reaping begins; in the message form, the client
     * deadline sweep begins. Also starts a pool again after {@link #stop}.
     *
     * @throws IllegalStateException with pool-manager's message {@code pool manager is already running}
     *     if the pool runs; if a stop is in progress or the pool was closed, with a message saying so
     * @throws java.util.concurrent.RejectedExecutionException if the injected scheduler was shut down
     */
    public void start() {
        List<Worker> started;
        lock.lock();
        try {
            switch (state) {
                case RUNNING -> throw new IllegalStateException(ALREADY_RUNNING);
                case STOPPING -> throw new IllegalStateException("WorkerPool '" + name + "' is stopping");
                case CLOSED -> throw new IllegalStateException("WorkerPool '" + name + "' is closed");
                default -> {}
            }
            WorkerPoolConfig cfg = config;
            boolean platform = cfg.threadMode() == ThreadMode.PLATFORM;
            long gen = ++generation;
            if (platform || messageHandler != null) {
                if (givenScheduler == null) {
                    ownScheduler = Scheduler.newThreadScheduler("poolkit-worker-" + name + "-housekeeper");
                }
                scheduler = givenScheduler == null ? ownScheduler : givenScheduler;
                if (platform) {
                    reaping = scheduler.schedule(() -> reap(gen), cfg.reapInterval());
                }
                if (messageHandler != null) {
                    sweeping = scheduler.schedule(() -> sweep(gen), sweepInterval(cfg));
                }
            }
            started = platform ? prestart(cfg) : List.of();
            state = State.RUNNING;
            LOG.info(
                    "WorkerPool '{}': started ({}, minWorkers={}, maxWorkers={})",
                    name,
                    cfg.threadMode(),
                    cfg.minWorkers(),
                    cfg.maxWorkers() == 0 ? "unlimited" : cfg.maxWorkers());
        } finally {
            lock.unlock();
        }
        started.forEach(w -> launch(w.thread, w, null));
    }

    /**
     * Stops the pool gracefully, and waits at most about {@code timeout} for it to drain. New
     * connections are refused with {@link PoolNotRunningException} at once, idle workers end, and
     * connections on which no handler runs (message-form connections between messages, sessions not
     * begun) are closed. Running handlers are given until {@code timeout} to finish; a message-form
     * connection is closed when its handler returns. Then every connection left is closed and its
     * thread interrupted, and this call waits up to 5 s more for the threads to
     * end (a WARN names the count of those that do not). The pool can be {@link #start() started} again.
     *
     * <p>If the calling thread is interrupted while waiting, the remaining connections are closed at
     * once and the interrupt status is restored. Idempotent: on a stopped pool it returns at once.
     *
     * @param timeout how long running handlers may take to finish; zero closes them at once
     * @return true if every connection finished within {@code timeout} (nothing was closed under a
     *     running handler), false otherwise
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean stop(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        long deadline = deadline(timeout);
        List<PooledConnection> open;
        lock.lock();
        try {
            if (state == State.STOPPED || state == State.CLOSED) {
                return busy == 0;
            }
            if (state == State.RUNNING) {
                state = State.STOPPING;
                generation++;
                cancelHousekeeping();
                for (Worker w : idle) {
                    w.retired = true;
                    w.wake.signal();
                }
                idle.clear();
                LOG.info("WorkerPool '{}': stopping with {} busy connection(s)", name, busy);
            }
            open = new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
        open.forEach(PooledConnection::closeIfReading);
        boolean drained = awaitUntil(() -> busy == 0, deadline);
        if (!drained) {
            List<PooledConnection> left = activeSnapshot();
            if (!left.isEmpty() && !timeout.isZero()) {
                LOG.warn(
                        "WorkerPool '{}': {} connection(s) still busy {} after stop began; closing them",
                        name,
                        left.size(),
                        timeout);
            } else if (!left.isEmpty()) {
                LOG.info("WorkerPool '{}': closing {} busy connection(s)", name, left.size());
            }
            left.forEach(PooledConnection::forceClose);
        }
        if (!awaitUntil(() -> workers == 0, deadline(FORCE_GRACE))) {
            LOG.warn(
                    "WorkerPool '{}': {} worker thread(s) still running {} after their connections were closed and"
                            + " they were interrupted; a handler ignores both",
                    name,
                    workers,
                    FORCE_GRACE);
        }
        ThreadScheduler toClose;
        lock.lock();
        try {
            if (state == State.STOPPING) {
                state = State.STOPPED;
                LOG.info("WorkerPool '{}': stopped ({})", name, drained ? "drained" : "connections closed");
            }
            toClose = ownScheduler;
            ownScheduler = null;
            scheduler = null;
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.close();
        }
        return drained;
    }

    /**
     * Stops the pool at once ({@code stop(Duration.ZERO)}: every connection is closed) and for good:
     * {@link #start()} then throws {@link IllegalStateException}. Meters bound by {@link
     * WorkerPoolMetrics} are removed. Idempotent.
     */
    @Override
    public void close() {
        while (true) {
            stop(Duration.ZERO);
            lock.lock();
            try {
                if (state == State.CLOSED) {
                    return;
                }
                if (state == State.STOPPED) { // not started again by another thread meanwhile
                    state = State.CLOSED;
                    break;
                }
            } finally {
                lock.unlock();
            }
        }
        closeHooks.forEach(Runnable::run);
        closeHooks.clear();
    }

    /**
     * Replaces the configuration at runtime (pool-manager's {@code SetConfig}). {@code maxWorkers}
     * applies to the next submitted connection, {@code bufferSize} and {@code clientDeadline} to the
     * next read of every connection, {@code reapInterval} from the next reaping. Raising {@code
     * minWorkers} on a running platform pool starts idle workers up to it at once; lowering it lets the
     * next reaping shrink the pool. Connections already busy above a lowered {@code maxWorkers} keep
     * being served.
     *
     * @param config the new configuration; its name must be the pool's, and while the pool runs its
     *     thread mode must be the current one
     * @throws IllegalArgumentException if the name differs, or the thread mode differs while the pool
     *     is running or stopping
     * @throws NullPointerException if {@code config} is null
     */
    public void reconfigure(WorkerPoolConfig config) {
        requireNonNull(config, "config");
        List<Worker> started = List.of();
        lock.lock();
        try {
            Checks.argument(
                    config.name().equals(name),
                    "name must stay '%s' on reconfigure, but was '%s'",
                    name,
                    config.name());
            Checks.argument(
                    state == State.STOPPED || state == State.CLOSED || config.threadMode() == this.config.threadMode(),
                    "threadMode must stay %s while the pool runs, but was %s",
                    this.config.threadMode(),
                    config.threadMode());
            this.config = config;
            if (state == State.RUNNING && config.threadMode() == ThreadMode.PLATFORM) {
                started = prestart(config);
            }
        } finally {
            lock.unlock();
        }
        started.forEach(w -> launch(w.thread, w, null));
        LOG.info("WorkerPool '{}': reconfigured: {}", name, config);
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Hands an accepted socket to a worker (pool-manager's {@code Put}). Never blocks: the socket goes
     * to an idle worker or to a newly started thread. On success the pool owns the socket and closes
     * it when it is done; on an exception the socket is left open for the caller to answer and close.
     *
     * @param socket a connected socket
     * @throws PoolBusyException with pool-manager's message {@code can't put, pool is busy} if {@code
     *     maxWorkers} connections are being served
     * @throws PoolNotRunningException with pool-manager's message {@code pool manager is not running,
     *     please use Start() method to run} if the pool is not running
     * @throws IllegalArgumentException if {@code socket} is closed or not connected
     * @throws NullPointerException if {@code socket} is null
     */
    public void submit(Socket socket) {
        if (!offer(socket, null)) {
            throw new PoolBusyException(name);
        }
    }

    /**
     * {@link #submit} without the busy exception, for the accept loop; {@code reaper} (nullable)
     * watches the connection while it is served.
     *
     * @return false if the pool was busy (the rejection is counted)
     */
    boolean offer(Socket socket, IdleReaper reaper) {
        requireNonNull(socket, "socket");
        PooledConnection c;
        try {
            Checks.argument(socket.isConnected(), "socket must be connected, but was %s", socket);
            c = new PooledConnection(socket, reaper, messageHandler == null ? null : ticker, bytesRead, bytesWritten);
        } catch (IOException e) {
            throw new IllegalArgumentException("socket must be open, but was " + socket, e);
        }
        Thread thread;
        Worker worker = null;
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new PoolNotRunningException(name);
            }
            WorkerPoolConfig cfg = config;
            if (cfg.maxWorkers() > 0 && busy >= cfg.maxWorkers()) {
                rejected.increment();
                return false;
            }
            busy++;
            active.add(c);
            accepted.increment();
            if (cfg.threadMode() == ThreadMode.PLATFORM) {
                Worker w = idle.pollFirst();
                if (w != null) {
                    w.next = c;
                    w.wake.signal();
                    return true;
                }
                worker = new Worker(c);
                thread = worker.thread;
            } else {
                thread = Thread.ofVirtual().name(nextThreadName()).unstarted(() -> runVirtual(c));
            }
            workers++;
        } finally {
            lock.unlock();
        }
        launch(thread, worker, c);
        return true;
    }

    // ------------------------------------------------------------------ workers

    /** Under lock: creates idle platform workers up to minWorkers; the caller launches them. */
    private List<Worker> prestart(WorkerPoolConfig cfg) {
        int missing = cfg.minWorkers() - (busy + idle.size());
        List<Worker> created = new ArrayList<>(Math.max(0, missing));
        for (int i = 0; i < missing; i++) {
            Worker w = new Worker(null);
            idle.addLast(w);
            workers++;
            created.add(w);
        }
        return created;
    }

    /** Starts a worker's thread; if the JVM cannot start it, undoes the bookkeeping and rethrows. */
    private void launch(Thread thread, Worker worker, PooledConnection first) {
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            PooledConnection orphan = first;
            lock.lock();
            try {
                workers--;
                if (worker != null) {
                    idle.remove(worker);
                    if (worker.next != null) { // handed a connection before its thread existed
                        orphan = worker.next;
                    }
                }
                if (orphan != null) {
                    finished(orphan);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (orphan != null) {
                orphan.close();
            }
            LOG.error("WorkerPool '{}': could not start a worker thread", name, e);
            throw e;
        }
    }

    private void runPlatform(Worker w, PooledConnection first) {
        try {
            PooledConnection c = first;
            while (true) {
                if (c != null) {
                    serve(c);
                }
                c = awaitNext(w, c);
                if (c == null) {
                    return;
                }
            }
        } finally {
            exited();
        }
    }

    /** Finishes {@code done} (if any), then waits idle for the next connection; null when the worker must end. */
    private PooledConnection awaitNext(Worker w, PooledConnection done) {
        lock.lock();
        try {
            if (done != null) {
                finished(done);
                if (state == State.RUNNING && !w.retired) {
                    idle.push(w);
                }
            }
            while (w.next == null && !w.retired && state == State.RUNNING) {
                try {
                    w.wake.await();
                } catch (InterruptedException e) {
                    // a stale interrupt from a forced stop; the loop re-checks why to wake
                }
            }
            PooledConnection next = w.next;
            w.next = null;
            if (next == null) {
                idle.remove(w); // ending for a stop, which may not have cleared the stack yet
            }
            return next; // a connection handed over before a stop is still served
        } finally {
            lock.unlock();
        }
    }

    private void runVirtual(PooledConnection c) {
        try {
            serve(c);
        } finally {
            lock.lock();
            try {
                finished(c);
                workers--;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Under lock: a connection is done. */
    private void finished(PooledConnection c) {
        busy--;
        active.remove(c);
        changed.signalAll();
    }

    private void exited() {
        lock.lock();
        try {
            workers--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private String nextThreadName() {
        return "poolkit-worker-" + name + "-" + threadSeq.incrementAndGet();
    }

    // ------------------------------------------------------------------ housekeeping

    /** Under lock. */
    private void cancelHousekeeping() {
        if (reaping != null) {
            reaping.cancel();
            reaping = null;
        }
        if (sweeping != null) {
            sweeping.cancel();
            sweeping = null;
        }
    }

    /** Under lock: re-arms a housekeeping task; a scheduler shut down under the pool ends that task. */
    private Scheduler.Cancellable rearm(Runnable task, Duration delay, String what) {
        try {
            return scheduler.schedule(task, delay);
        } catch (RejectedExecutionException e) {
            LOG.warn("WorkerPool '{}': its scheduler was shut down; {} stopped", name, what);
            return null;
        }
    }

    private static Duration sweepInterval(WorkerPoolConfig cfg) {
        Duration eighth = cfg.clientDeadline().dividedBy(8);
        return eighth.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : eighth;
    }

    /** pool-manager's cleaner: retires the longest-idle platform workers above minWorkers, then re-arms. */
    private void reap(long gen) {
        lock.lock();
        try {
            if (gen != generation || state != State.RUNNING) {
                return;
            }
            WorkerPoolConfig cfg = config;
            int retire = Math.min(busy + idle.size() - cfg.minWorkers(), idle.size());
            for (int i = 0; i < retire; i++) {
                Worker w = idle.pollLast();
                w.retired = true;
                w.wake.signal();
            }
            if (retire > 0) {
                LOG.debug("WorkerPool '{}': retired {} idle worker(s)", name, retire);
            }
            reaping = rearm(() -> reap(gen), cfg.reapInterval(), "idle-worker reaping");
        } finally {
            lock.unlock();
        }
    }

    /** The client deadline: closes message-form connections whose worker has waited too long for bytes. */
    private void sweep(long gen) {
        WorkerPoolConfig cfg;
        List<PooledConnection> open;
        lock.lock();
        try {
            if (gen != generation || state != State.RUNNING) {
                return;
            }
            cfg = config;
            open = new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
        long now = ticker.nanoTime();
        long deadline = cfg.clientDeadline().toNanos();
        for (PooledConnection c : open) {
            if (c.expire(now, deadline)) {
                clientTimeouts.increment();
                LOG.debug("WorkerPool '{}': closed {}: nothing received for {}", name, c, cfg.clientDeadline());
            }
        }
        lock.lock();
        try {
            if (gen == generation && state == State.RUNNING) {
                sweeping = rearm(() -> sweep(gen), sweepInterval(config), "the client deadline");
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ serving

    /** Serves one connection to its end; never throws, and always closes the connection. */
    private void serve(PooledConnection c) {
        try {
            c.attach();
            if (sessionHandler == null) {
                serveMessages(c);
            } else if (c.beginHandling()) {
                sessionHandler.serve(c);
            }
        } catch (Throwable t) { // only handlers throw: serveMessages ends quietly on read failures
            handlerFailures.increment();
            if (state != State.RUNNING) {
                LOG.debug("WorkerPool '{}': handler ended by the stop on {}", name, c, t);
            } else if (t instanceof IOException) {
                LOG.debug("WorkerPool '{}': handler failed on {}; connection closed", name, c, t);
            } else {
                LOG.warn("WorkerPool '{}': handler threw on {}; connection closed", name, c, t);
            }
        } finally {
            c.detach();
            Thread.interrupted(); // an interrupt meant for this connection must not reach the next one
        }
    }

    /** pool-manager's worker loop: read a message, call the handler, until EOF, failure or the deadline sweep. */
    private void serveMessages(PooledConnection c) throws Exception {
        InputStream in = c.input();
        byte[] chunk = null;
        while (true) {
            WorkerPoolConfig cfg = config;
            if (chunk == null || chunk.length != cfg.bufferSize()) {
                chunk = new byte[cfg.bufferSize()];
            }
            byte[] message;
            try {
                message = readMessage(in, chunk);
            } catch (IOException e) { // a reset, or closed by the deadline sweep or a stop
                LOG.debug("WorkerPool '{}': {} ended: {}", name, c, e.toString());
                return;
            }
            if (message == null || !c.beginHandling()) {
                return; // the client closed, or the deadline sweep or a stop closed the connection meanwhile
            }
            messages.increment();
            messageHandler.onMessage(c, message);
            if (!c.endHandling() || state != State.RUNNING) {
                return; // the handler closed it, or a stop began while it ran
            }
        }
    }

    /**
     * Reads one message: chunks of {@code chunk.length} bytes until a read comes back short, as
     * pool-manager frames. A full chunk after which no byte is waiting also ends the message, so a
     * message of exactly k chunks is delivered at once (pool-manager waited for more data and lost the
     * message at the deadline).
     *
     * @return the message, or null at end of stream before any byte of it
     */
    static byte[] readMessage(InputStream in, byte[] chunk) throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n < 0) {
            return null;
        }
        if (n < chunk.length || in.available() == 0) {
            return Arrays.copyOf(chunk, n);
        }
        byte[] body = Arrays.copyOf(chunk, 2 * chunk.length);
        int length = n;
        while (true) {
            n = in.read(chunk, 0, chunk.length);
            if (n < 0) {
                return Arrays.copyOf(body, length);
            }
            if (body.length - length < n) {
                body = Arrays.copyOf(body, Math.max(2 * body.length, length + n));
            }
            System.arraycopy(chunk, 0, body, length, n);
            length += n;
            if (n < chunk.length || in.available() == 0) {
                return Arrays.copyOf(body, length);
            }
        }
    }

    // ------------------------------------------------------------------ waiting helpers

    private static long deadline(Duration timeout) {
        long now = System.nanoTime();
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0
                ? Duration.ofDays(365).toNanos()
                : timeout.toNanos();
        return now + nanos;
    }

    /**
     * Waits until {@code condition} holds or the deadline passes. An interrupt ends the wait at once
     * and is restored for the caller.
     */
    private boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) {
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private List<PooledConnection> activeSnapshot() {
        lock.lock();
        try {
            return new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ state

    /**
     * Returns how many worker threads are alive: busy and idle platform workers, or one virtual thread
     * per connection being served (pool-manager's {@code workersCount}).
     *
     * @return the number of worker threads
     */
    public int workers() {
        return workers;
    }

    /**
     * Returns how many connections are being served (pool-manager's {@code busy}).
     *
     * @return the number of busy connections, at most {@code maxWorkers} when that is set
     */
    public int busy() {
        return busy;
    }

    /**
     * Returns whether the pool accepts connections.
     *
     * @return true between {@link #start()} and the beginning of a stop
     */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Returns the current configuration (pool-manager's {@code Config}).
     *
     * @return the configuration, as normalised when it was built
     */
    public WorkerPoolConfig config() {
        return config;
    }

    /**
     * Returns the pool's name.
     *
     * @return the pool's name
     */
    public String name() {
        return name;
    }

    /**
     * Returns a snapshot of the pool's state and counters; cheap (takes the pool's lock briefly).
     *
     * @return the snapshot
     */
    public WorkerPoolStats stats() {
        WorkerPoolConfig cfg = config;
        int idleWorkers;
        lock.lock();
        try {
            idleWorkers = idle.size();
        } finally {
            lock.unlock();
        }
        return new WorkerPoolStats(
                workers,
                idleWorkers,
                busy,
                cfg.minWorkers(),
                cfg.maxWorkers(),
                accepted.sum(),
                rejected.sum(),
                messages.sum(),
                bytesRead.sum(),
                bytesWritten.sum(),
                handlerFailures.sum(),
                clientTimeouts.sum());
    }

    /** Runs {@code hook} once when the pool is closed (at once if it already is); for binders. */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
        if (state == State.CLOSED && closeHooks.remove(hook)) {
            hook.run();
        }
    }

    @Override
    public String toString() {
        return "WorkerPool[" + name + ", " + state + ", workers=" + workers + ", busy=" + busy + "]";
    }
}
