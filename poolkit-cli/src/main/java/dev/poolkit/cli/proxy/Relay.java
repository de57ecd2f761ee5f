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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's session: pairs an accepted client connection with a backend connection from the
 * {@link Service} and copies bytes both ways until both directions are done.
 *
 * <h2>Notes</h2>
 *
 * <ul>
 *   <li><b>Feedback.</b> The host is scored when the backend connection is there ({@link
 *       Connection#report}), not when the session ends: a session's length says nothing about the
 *       backend. A failed try was already scored by the service. A backend that fails later (a read
 *       or write error on its side) ends the session and scores the host down ({@link
 *       Connection#fail}).
 *   <li><b>Never reused.</b> The backend connection is discarded after the session, whatever
 *       happened: the proxy cannot know what state the protocol was left in ({@code SELECT}, {@code
 *       AUTH}, half a reply). The pool's {@code minIdle} dials the next one ahead of demand.
 *   <li><b>Half-close.</b> The end of one side's stream is passed on as a {@code shutdownOutput} to
 *       the other side, and the copy the other way goes on: a client that sends a request and closes
 *       its output still gets the whole answer. The session ends when both directions reached their
 *       end, or when either failed.
 *   <li><b>Back-pressure.</b> Each direction is one blocking read and write loop over one buffer:
 *       a slow reader stops the writer's reads, and the kernel's window stops the writer. The
 *       client-to-backend copy runs on the worker's thread, the other on a virtual thread.
 *   <li><b>Stopping.</b> When the worker pool stops, it closes the client and interrupts the
 *       worker; the worker then closes the backend, which ends the other copy.
 * </ul>
 *
 * <p>Thread-safe: one instance serves every session.
 */
final class Relay implements SessionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final Service service;
    private final ProxyMetrics metrics;
    private final int bufferSize;

    Relay(Service service, ProxyMetrics metrics, int bufferSize) {
        this.service = service;
        this.metrics = metrics;
        this.bufferSize = bufferSize;
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
            metrics.session(new Session(client, backend, host).run());
        } finally {
            metrics.closed();
            backend.close(); // after an unexpected error only: a session always ends its lease itself
        }
    }

    /** One client and its backend connection. */
    private final class Session {
        private final ClientConnection client;
        private final Socket clientSocket;
        private final Connection backend;
        private final HostAndPort host;
        private Socket backendSocket;
        private volatile boolean backendEnded; // the backend sent its end of stream
        private volatile boolean tearingDown; // a side failed or the pool stops: later errors are echoes
        private final AtomicReference<IOException> backendFailure = new AtomicReference<>();

        Session(ClientConnection client, Connection backend, HostAndPort host) {
            this.client = client;
            this.clientSocket = client.socket();
            this.backend = backend;
            this.host = host;
        }

        ProxyMetrics.Outcome run() {
            InputStream fromBackend;
            OutputStream toBackend;
            try {
                backendSocket = backend.socket();
                backendSocket.setSoTimeout(0); // silence is the client's business: the idle reaper watches it
                fromBackend = backend.input();
                toBackend = backend.output();
            } catch (IOException | RuntimeException e) {
                return failed(e);
            }
            // the same kind of thread as the worker: a platform worker blocks in the kernel, without
            // the virtual threads' poller hop on every read
            Thread.Builder kind = Thread.currentThread().isVirtual()
                    ? Thread.ofVirtual()
                    : Thread.ofPlatform().daemon(true);
            Thread down = kind.name("poolkit-proxy-relay").start(() -> down(fromBackend));
            boolean clientFailed = !up(toBackend);
            try {
                down.join();
            } catch (InterruptedException e) { // the worker pool stops: end both directions now
                tearDown();
                joinUninterruptibly(down);
                Thread.currentThread().interrupt();
            }
            IOException failure = backendFailure.get();
            if (failure != null) {
                return failed(failure);
            }
            backend.discard(null, HostScore.HOST_UP); // reported already: scores nothing, closes it
            return clientFailed ? ProxyMetrics.Outcome.CLIENT_ERROR : ProxyMetrics.Outcome.COMPLETED;
        }

        private ProxyMetrics.Outcome failed(Exception e) {
            backend.fail(e);
            metrics.backendFailure(host);
            LOG.debug("Proxy '{}': backend {} failed during a session: {}", service.name(), host, e.toString());
            return ProxyMetrics.Outcome.BACKEND_ERROR;
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

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
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
