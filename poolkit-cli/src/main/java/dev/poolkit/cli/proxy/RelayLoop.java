package dev.poolkit.cli.proxy;

import dev.poolkit.net.worker.ClientConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread of the non-blocking relay, {@code poolkit-proxy-relay-N}: owns many sessions,
 * each a pair of channels in non-blocking mode, and copies bytes between them as they become
 * readable, reading into a buffer per direction and writing it straight to the other channel.
 *
 * <p>A direction whose write is incomplete stops reading its source (its {@code OP_READ} is off and
 * its destination's {@code OP_WRITE} on) until the buffer is written: back-pressure without
 * buffering beyond one buffer per direction. The selector is woken ({@link Selector#wakeup()}) only
 * to take a new session or to abort one, never per transfer. Buffers are direct, pooled by the loop
 * and reused by its next sessions.
 *
 * <p>A channel closed from outside (the idle reaper closes the client, or a stop does) cancels its
 * key without telling the selector; a sweep every {@value #SWEEP_MILLIS} ms ends such sessions.
 *
 * <p>Thread-safe: {@link #submit} and {@link #close} may be called from any thread; everything
 * else runs on the loop's thread.
 */
final class RelayLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);

    /** How often sessions whose channel was closed from outside are looked for. */
    static final long SWEEP_MILLIS = 250;

    /** Buffers kept for later sessions; beyond this, the ones given back are left to the GC. */
    private static final int MAX_POOLED_BUFFERS = 256;

    private final Selector selector;
    private final int bufferSize;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean awake = new AtomicBoolean(true); // no wakeup() needed while true
    private final Set<Session> sessions = new HashSet<>(); // loop thread only
    private final List<Session> ending = new ArrayList<>(); // loop thread only
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(); // loop thread only
    private volatile boolean closing;
    private volatile boolean terminated;
    private long lastSweepNanos = System.nanoTime();

    RelayLoop(String name, int bufferSize) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name, e);
        }
        this.bufferSize = bufferSize;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Hands a session to the loop; its result is set when {@link Session#awaitEnd} returns. The
     * session's channels must be in non-blocking mode.
     */
    void submit(Session session) {
        execute(() -> register(session));
    }

    /** Asks the loop to end a session at once (the worker pool stops); the client counts as failed. */
    void abort(Session session) {
        execute(() -> {
            if (terminated) { // run by the aborting thread: the loop's collections are no longer used
                session.clientFailed = true;
                closeBoth(session);
                session.finish();
            } else if (!session.ended) {
                session.clientFailed = true;
                end(session);
            }
        });
    }

    private void execute(Runnable task) {
        tasks.add(task);
        if (terminated) {
            runTasks(); // the loop is gone: its tasks end their sessions on this thread
        } else if (!awake.getAndSet(true)) {
            selector.wakeup();
        }
    }

    /** Stops the loop: its open sessions end as failed by the client. Waits for the thread briefly. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closing) {
                awake.set(false);
                if (!tasks.isEmpty()) {
                    selector.selectNow(this::onReady);
                } else {
                    selector.select(this::onReady, sessions.isEmpty() ? 0 : SWEEP_MILLIS);
                }
                awake.set(true);
                runTasks();
                sweepIfDue();
                finishEnded();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("Relay loop {} failed; its sessions are closed", thread.getName(), e);
        } finally {
            terminated = true;
            for (Session s : new ArrayList<>(sessions)) {
                s.clientFailed = true;
                end(s);
            }
            runTasks();
            finishEnded();
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing: nothing more to release
            }
        }
    }

    private void runTasks() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    private void register(Session s) {
        if (terminated || closing) {
            s.clientFailed = true;
            closeBoth(s);
            s.finish();
            return;
        }
        s.up = new Direction(s.client, s.backend, true, takeBuffer());
        s.down = new Direction(s.backend, s.client, false, takeBuffer());
        sessions.add(s);
        try {
            s.clientKey = s.client.register(selector, 0, s);
            s.backendKey = s.backend.register(selector, 0, s);
        } catch (IOException | RuntimeException e) { // closed meanwhile (a stop, the idle reaper)
            s.clientFailed = true;
            end(s);
            return;
        }
        if (s.lookAhead >= 0) { // the byte a liveness probe read ahead goes to the client first
            s.down.buffer.put((byte) s.lookAhead).flip();
            s.down.pending = true;
            pump(s, s.down);
        }
        if (!s.ended) {
            pump(s, s.up); // the client may have sent its request already
        }
        if (!s.ended) {
            pump(s, s.down);
        }
        if (!s.ended) {
            updateInterest(s);
        }
    }

    private void onReady(SelectionKey key) {
        Session s = (Session) key.attachment();
        if (s.ended || !key.isValid()) {
            return;
        }
        int ready = key.readyOps();
        // a pending write first: it frees the buffer that the read would then fill
        Direction writer = key == s.clientKey ? s.down : s.up;
        Direction reader = key == s.clientKey ? s.up : s.down;
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            pump(s, writer);
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !s.ended) {
            pump(s, reader);
        }
        if (!s.ended) {
            updateInterest(s);
        }
    }

    /**
     * Moves bytes in one direction until its source has none for now or its destination is full.
     * After a short read whose bytes were all written, the source is most likely drained: the
     * selector says when more comes, which saves a read that would return nothing.
     */
    private void pump(Session s, Direction d) {
        for (; ; ) {
            if (d.pending) {
                int written;
                try {
                    written = d.destination.write(d.buffer);
                } catch (IOException e) {
                    writeFailed(s, d, e);
                    return;
                }
                s.wrote(d, written);
                if (d.buffer.hasRemaining()) {
                    return; // the destination is full: wait for OP_WRITE, stop reading the source
                }
                d.pending = false;
                d.buffer.clear();
                if (d.ended) {
                    shutdownOutput(s, d);
                    return;
                }
                if (!d.lastReadFull) {
                    return;
                }
            }
            int read;
            try {
                read = d.source.read(d.buffer);
            } catch (IOException e) {
                readFailed(s, d, e);
                return;
            }
            if (read == 0) {
                return;
            }
            if (read < 0) {
                d.ended = true;
                if (d.buffer.position() == 0) {
                    shutdownOutput(s, d);
                    return;
                }
            } else {
                d.lastReadFull = !d.buffer.hasRemaining();
                s.read(d, read);
            }
            d.buffer.flip();
            d.pending = true;
        }
    }

    /** Passes the end of one side's stream on to the other side; the session ends when both have. */
    private void shutdownOutput(Session s, Direction d) {
        try {
            d.destination.shutdownOutput();
        } catch (IOException e) {
            writeFailed(s, d, e);
            return;
        }
        d.done = true;
        if (s.up.done && s.down.done) {
            end(s);
        }
    }

    /** A failed read: the client's (upstream) or the backend's (downstream) failure. */
    private void readFailed(Session s, Direction d, IOException e) {
        if (d.upstream) {
            s.clientFailed = true;
        } else {
            s.backendFailure = e;
        }
        end(s);
    }

    /**
     * A failed write: the backend's if it had not ended its side yet (upstream), else the client's
     * (downstream).
     */
    private void writeFailed(Session s, Direction d, IOException e) {
        if (!d.upstream) {
            s.clientFailed = true;
        } else if (!s.down.ended) {
            s.backendFailure = e;
        }
        end(s);
    }

    private void updateInterest(Session s) {
        int clientOps = (s.up.wantsRead() ? SelectionKey.OP_READ : 0) | (s.down.pending ? SelectionKey.OP_WRITE : 0);
        int backendOps = (s.down.wantsRead() ? SelectionKey.OP_READ : 0) | (s.up.pending ? SelectionKey.OP_WRITE : 0);
        try {
            if (clientOps != s.clientOps) {
                s.clientKey.interestOps(clientOps);
                s.clientOps = clientOps;
            }
            if (backendOps != s.backendOps) {
                s.backendKey.interestOps(backendOps);
                s.backendOps = backendOps;
            }
        } catch (RuntimeException closed) { // CancelledKeyException: a channel was closed from outside
            endClosedFromOutside(s);
        }
    }

    /** Ends sessions whose channel was closed from outside. */
    private void sweepIfDue() {
        long now = System.nanoTime();
        if (now - lastSweepNanos < TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS)) {
            return;
        }
        lastSweepNanos = now;
        for (Session s : sessions) {
            if (!s.ended && (!s.client.isOpen() || !s.backend.isOpen())) {
                endClosedFromOutside(s);
            }
        }
    }

    /**
     * A channel closed by someone else: the client's (the idle reaper, a stop) counts as the client's
     * failure, the backend's as the backend's.
     */
    private void endClosedFromOutside(Session s) {
        if (!s.client.isOpen()) {
            s.clientFailed = true;
        } else if (!s.backend.isOpen()) {
            s.backendFailure = new IOException("the backend connection was closed during the session");
        }
        end(s);
    }

    /** Marks a session ended; {@link #finishEnded} closes its channels and hands it back. */
    private void end(Session s) {
        if (!s.ended) {
            s.ended = true;
            ending.add(s);
        }
    }

    /**
     * Closes the ended sessions' channels, lets the selector drop their keys (a registered channel's
     * descriptor is only released then), and wakes their workers.
     */
    private void finishEnded() {
        if (ending.isEmpty()) {
            return;
        }
        List<Session> ended = new ArrayList<>(ending);
        ending.clear();
        for (Session s : ended) {
            closeBoth(s);
            sessions.remove(s);
        }
        if (!terminated) {
            try {
                selector.selectNow(this::onReady); // releases the closed channels' descriptors
            } catch (IOException e) {
                LOG.debug("Relay loop {}: selectNow failed: {}", thread.getName(), e.toString());
            }
        }
        for (Session s : ended) {
            giveBack(s.up);
            giveBack(s.down);
            s.finish();
        }
        finishEnded(); // sessions that the selectNow ended
    }

    private static void closeBoth(Session s) {
        closeQuietly(s.client);
        closeQuietly(s.backend);
    }

    private ByteBuffer takeBuffer() {
        ByteBuffer b = buffers.poll();
        return b != null ? b : ByteBuffer.allocateDirect(bufferSize);
    }

    private void giveBack(Direction d) {
        if (d != null && buffers.size() < MAX_POOLED_BUFFERS) {
            d.buffer.clear();
            buffers.push(d.buffer);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to release
        }
    }

    /** One direction of a session: its source, destination and buffer. Loop thread only. */
    private static final class Direction {
        final SocketChannel source;
        final SocketChannel destination;
        final boolean upstream; // client to backend
        final ByteBuffer buffer; // filling while !pending; flipped, with bytes to write, while pending
        boolean pending;
        boolean lastReadFull;
        boolean ended; // the source sent its end of stream
        boolean done; // and it was passed on

        Direction(SocketChannel source, SocketChannel destination, boolean upstream, ByteBuffer buffer) {
            this.source = source;
            this.destination = destination;
            this.upstream = upstream;
            this.buffer = buffer;
        }

        boolean wantsRead() {
            return !pending && !ended;
        }
    }

    /**
     * One client and its backend connection on the loop. Created on the worker's thread, run by the
     * loop; its result ({@link #clientFailed}, {@link #backendFailure}) is safe to read once {@link
     * #awaitEnd} returned.
     */
    static final class Session {
        final SocketChannel client;
        final SocketChannel backend;
        private final ClientConnection connection;
        private final ProxyMetrics metrics;
        private final int lookAhead; // a byte a probe read ahead from the backend, or -1
        private final CountDownLatch end = new CountDownLatch(1);
        private final AtomicBoolean finished = new AtomicBoolean();
        boolean clientFailed;
        IOException backendFailure;
        // loop thread only
        private Direction up;
        private Direction down;
        private SelectionKey clientKey;
        private SelectionKey backendKey;
        private int clientOps;
        private int backendOps;
        private boolean ended;

        Session(
                SocketChannel client,
                SocketChannel backend,
                int lookAhead,
                ClientConnection connection,
                ProxyMetrics metrics) {
            this.client = client;
            this.backend = backend;
            this.lookAhead = lookAhead;
            this.connection = connection;
            this.metrics = metrics;
        }

        /**
         * Waits until the loop ended the session.
         *
         * @throws InterruptedException if the waiting thread was interrupted first
         */
        void awaitEnd() throws InterruptedException {
            end.await();
        }

        private void finish() {
            if (finished.compareAndSet(false, true)) {
                end.countDown();
            }
        }

        private void read(Direction d, int n) {
            if (d.upstream) {
                connection.recordTransfer(n, 0);
            }
        }

        private void wrote(Direction d, int n) {
            if (n <= 0) {
                return;
            }
            if (d.upstream) {
                metrics.bytes(ProxyMetrics.Direction.UP, n);
            } else {
                connection.recordTransfer(0, n);
                metrics.bytes(ProxyMetrics.Direction.DOWN, n);
            }
        }
    }
}
