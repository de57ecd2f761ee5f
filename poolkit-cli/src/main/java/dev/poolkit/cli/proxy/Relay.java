package dev.poolkit.cli.proxy;

import dev.poolkit.balance.HostScore;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.service.NoHostAvailableException;
import dev.poolkit.net.service.Service;
import dev.poolkit.net.worker.ClientConnection;
import dev.poolkit.net.worker.SessionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's session: pairs an accepted client connection with a backend connection from the
 * {@link Service} and copies bytes both ways until both directions are done.
 *
 * <h2>Notes</h2>
 *
 * <ul>
 *   <li><b>Event loop.</b> When both sockets have a channel (plain TCP: the accept loop's and the TCP
 *       dialer's sockets do), the pair is switched to non-blocking mode and handed to one of a few
 *       selector threads ({@code poolkit-proxy-relay-N}, as many as there are processors unless
 *       configured, started with the first session), which copies for many sessions at once: read
 *       what is there, write it straight to the other side. The worker's thread waits for the
 *       session's end, so the worker pool's busy count and limits hold as before. A socket that is not its
 *       channel's own (a TLS backend: its channel carries the ciphertext) is relayed with two blocking copy loops instead: the worker's thread
 *       and one more of the same kind.
 *   <li><b>Feedback.</b> The host is scored when the backend connection is there ({@link
 *       Connection#report}), not when the session ends: a session's length says nothing about the
 *       backend. A failed try was already scored by the service. A backend that fails later (a read
 *       or write error on its side) ends the session and scores the host down ({@link
 *       Connection#fail}).
 *   <li><b>Never reused.</b> The backend connection is discarded after the session, whatever
 *       happened: the proxy cannot know what state the protocol was left in ({@code SELECT}, {@code
 *       AUTH}, half a reply). The pool's {@code minIdle} dials the next one ahead of demand. A byte a
 *       liveness probe read ahead on the idle connection is relayed first.
 *   <li><b>Half-close.</b> The end of one side's stream is passed on as a {@code shutdownOutput} to
 *       the other side, and the copy the other way goes on: a client that sends a request and closes
 *       its output still gets the whole answer. The session ends when both directions reached their
 *       end, or when either failed.
 *   <li><b>Back-pressure.</b> One buffer per direction ({@code buffer-size}): while a direction's
 *       write is incomplete its source is not read (the loop turns its read interest off until the
 *       destination can take more; the blocking copy simply blocks), and the kernel's window stops
 *       the sender.
 *   <li><b>Outcomes.</b> A failed read from the client, or a failed write to it, is the client's
 *       ({@link ProxyMetrics.Outcome#CLIENT_ERROR}); a failed read from the backend, or a failed
 *       write to it before it ended its side, is the backend's ({@link
 *       ProxyMetrics.Outcome#BACKEND_ERROR}): the client is closed, the failure counted.
 *   <li><b>Activity.</b> Bytes the event loop moves are reported to the client connection ({@link
 *       ClientConnection#recordTransfer}): the worker pool's byte counts and the idle reaper see them
 *       as they see the streams' bytes. A client closed by the idle reaper ends its session within
 *       {@value RelayLoop#SWEEP_MILLIS} ms.
 *   <li><b>Stopping.</b> When the worker pool stops, it closes the client and interrupts the
 *       worker; the worker then ends the session at once (the loop closes both sides), and the
 *       session counts as the client's. {@link #close()} stops the selector threads, after the
 *       worker pool stopped.
 * </ul>
 *
 * <p>Thread-safe: one instance serves every session.
 */
final class Relay implements SessionHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final Service service;
    private final ProxyMetrics metrics;
    private final int bufferSize;
    private final int loopCount;
    private final ReentrantLock loopsLock = new ReentrantLock();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile RelayLoop[] loops; // started with the first non-blocking session
    private boolean closed; // guarded by loopsLock

    /**
     * @param loopCount how many selector threads relay non-blocking sessions; at least 1
     */
    Relay(Service service, ProxyMetrics metrics, int bufferSize, int loopCount) {
        if (loopCount < 1) {
            throw new IllegalArgumentException("loopCount must be at least 1, but was " + loopCount);
        }
        this.service = service;
        this.metrics = metrics;
        this.bufferSize = bufferSize;
        this.loopCount = loopCount;
    }

    @Override
    public void serve(ClientConnection client) throws Exception {
        Connection backend;
        try {
            backend = service.getConnection();
        } catch (NoHostAvailableException e) {
            metrics.session(ProxyMetrics.Outcome.NO_BACKEND);
            LOG.debug("Proxy '{}': no backend for {}: {}", service.name(), client.socket(), e.getMessage());
            return; // the pool closes the client: the TCP equivalent of a 503
        }
        backend.report(HostScore.HOST_UP);
        InetSocketAddress address = backend.address();
        HostAndPort host = new HostAndPort(address.getHostString(), address.getPort());
        metrics.opened();
        try {
            metrics.session(relay(client, backend, host));
        } finally {
            metrics.closed();
            backend.close(); // after an unexpected error only: a session always ends its lease itself
        }
    }

    /** Stops the selector threads; sessions still on them end as the client's. Idempotent. */
    @Override
    public void close() {
        RelayLoop[] running;
        loopsLock.lock();
        try {
            closed = true;
            running = loops;
        } finally {
            loopsLock.unlock();
        }
        if (running != null) {
            for (RelayLoop loop : running) {
                loop.close();
            }
        }
    }

    private ProxyMetrics.Outcome relay(ClientConnection client, Connection backend, HostAndPort host) {
        Result result;
        try {
            Socket backendSocket = backend.socket();
            backendSocket.setSoTimeout(0); // silence is the client's business: the idle reaper watches it
            SocketChannel clientChannel = ownChannel(client.socket());
            SocketChannel backendChannel = ownChannel(backendSocket);
            RelayLoop loop = clientChannel == null || backendChannel == null ? null : loop();
            result = loop == null
                    ? new Session(client, backend).run()
                    : nonBlocking(loop, client, clientChannel, backend, backendChannel);
        } catch (IOException | RuntimeException e) {
            return failed(backend, host, e);
        }
        if (result.backendFailure() != null) {
            return failed(backend, host, result.backendFailure());
        }
        backend.discard(null, HostScore.HOST_UP); // reported already: scores nothing, closes it
        return result.clientFailed() ? ProxyMetrics.Outcome.CLIENT_ERROR : ProxyMetrics.Outcome.COMPLETED;
    }

    /**
     * Hands the pair to a selector thread and waits for the session's end. Takes the byte a liveness
     * probe may have read ahead first (while the backend channel still blocks: {@code available()}
     * then promises that the read does not block).
     *
     * @throws IOException if the backend's channel cannot be prepared (the backend's failure)
     */
    private Result nonBlocking(
            RelayLoop loop,
            ClientConnection client,
            SocketChannel clientChannel,
            Connection backend,
            SocketChannel backendChannel)
            throws IOException {
        InputStream fromBackend = backend.input();
        int lookAhead = fromBackend.available() > 0 ? fromBackend.read() : -1;
        backendChannel.configureBlocking(false);
        try {
            clientChannel.configureBlocking(false);
        } catch (IOException | RuntimeException e) { // closed meanwhile (a stop, the idle reaper)
            return new Result(true, null);
        }
        RelayLoop.Session session = new RelayLoop.Session(clientChannel, backendChannel, lookAhead, client, metrics);
        loop.submit(session);
        try {
            session.awaitEnd();
        } catch (InterruptedException e) { // the worker pool stops: end both directions now
            loop.abort(session);
            awaitUninterruptibly(session::awaitEnd);
            Thread.currentThread().interrupt();
        }
        return new Result(session.clientFailed, session.backendFailure);
    }

    /**
     * The socket's channel if the socket is that channel's own: a TLS socket layered over a plain
     * one reports the plain socket's channel, which carries the ciphertext.
     */
    private static SocketChannel ownChannel(Socket socket) {
        SocketChannel channel = socket.getChannel();
        return channel != null && channel.socket() == socket ? channel : null;
    }

    /** The next selector thread, round robin; null once the relay is closed. */
    private RelayLoop loop() {
        RelayLoop[] running = loops;
        if (running == null) {
            loopsLock.lock();
            try {
                if (closed) {
                    return null;
                }
                running = loops;
                if (running == null) {
                    running = new RelayLoop[loopCount];
                    for (int i = 0; i < loopCount; i++) {
                        running[i] = new RelayLoop("poolkit-proxy-relay-" + i, bufferSize);
                    }
                    loops = running;
                }
            } finally {
                loopsLock.unlock();
            }
        }
        return running[Math.floorMod(nextLoop.getAndIncrement(), running.length)];
    }

    private ProxyMetrics.Outcome failed(Connection backend, HostAndPort host, Exception e) {
        backend.fail(e);
        metrics.backendFailure(host);
        LOG.debug("Proxy '{}': backend {} failed during a session: {}", service.name(), host, e.toString());
        return ProxyMetrics.Outcome.BACKEND_ERROR;
    }

    /** How a session ended: whether the client failed, and the backend's failure if it failed. */
    private record Result(boolean clientFailed, IOException backendFailure) {}

    /** One client and its backend connection, relayed by two blocking copy loops. */
    private final class Session {
        private final ClientConnection client;
        private final Socket clientSocket;
        private final Connection backend;
        private Socket backendSocket;
        private volatile boolean backendEnded; // the backend sent its end of stream
        private volatile boolean tearingDown; // a side failed or the pool stops: later errors are echoes
        private final AtomicReference<IOException> backendFailure = new AtomicReference<>();

        Session(ClientConnection client, Connection backend) {
            this.client = client;
            this.clientSocket = client.socket();
            this.backend = backend;
        }

        /** Copies both ways until both ended or either failed; the caller ends the backend's lease. */
        Result run() {
            backendSocket = backend.socket();
            InputStream fromBackend = backend.input();
            OutputStream toBackend = backend.output();
            // the same kind of thread as the worker: a platform worker blocks in the kernel, without
            // the virtual threads' poller hop on every read
            Thread.Builder kind = Thread.currentThread().isVirtual()
                    ? Thread.ofVirtual()
                    : Thread.ofPlatform().daemon(true);
            Thread down = kind.name("poolkit-proxy-copy").start(() -> down(fromBackend));
            boolean clientFailed = !up(toBackend);
            try {
                down.join();
            } catch (InterruptedException e) { // the worker pool stops: end both directions now
                tearDown();
                awaitUninterruptibly(down::join);
                Thread.currentThread().interrupt();
            }
            return new Result(clientFailed, backendFailure.get());
        }

        /**
         * Client to backend, on the worker's thread: false if the client failed. A write that fails
         * before the backend ended its side is the backend's failure.
         */
        private boolean up(OutputStream toBackend) {
            byte[] buffer = new byte[bufferSize];
            InputStream in = client.input();
            for (; ; ) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    tearDown();
                    return false;
                }
                if (n < 0) {
                    shutdownOutput(backendSocket);
                    return true;
                }
                try {
                    toBackend.write(buffer, 0, n);
                    toBackend.flush();
                } catch (IOException e) {
                    if (!backendEnded && !tearingDown) {
                        backendFailure.compareAndSet(null, e);
                    }
                    tearDown();
                    return true;
                }
                metrics.bytes(ProxyMetrics.Direction.UP, n);
            }
        }

        /** Backend to client, on a virtual thread. A failed read is the backend's failure. */
        private void down(InputStream fromBackend) {
            byte[] buffer = new byte[bufferSize];
            OutputStream out = client.output();
            for (; ; ) {
                int n;
                try {
                    n = fromBackend.read(buffer);
                } catch (IOException e) {
                    if (!tearingDown) {
                        backendFailure.compareAndSet(null, e);
                    }
                    tearDown();
                    return;
                }
                if (n < 0) {
                    backendEnded = true;
                    shutdownOutput(clientSocket);
                    return;
                }
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) { // the client went away
                    tearDown();
                    return;
                }
                metrics.bytes(ProxyMetrics.Direction.DOWN, n);
            }
        }

        /** Ends both directions at once; the other copy's errors that follow are not failures. */
        private void tearDown() {
            tearingDown = true;
            closeQuietly(backendSocket);
            closeQuietly(clientSocket);
        }
    }

    private static void shutdownOutput(Socket socket) {
        try {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            closeQuietly(socket); // the peer is gone: nothing more can be sent anyway
        }
    }

    /** A wait that an interrupt can cut short. */
    @FunctionalInterface
    private interface Wait {
        void await() throws InterruptedException;
    }

    /** Waits to the end, whatever interrupts come meanwhile; keeps the interrupt flag. */
    private static void awaitUninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing more to release
        }
    }
}
