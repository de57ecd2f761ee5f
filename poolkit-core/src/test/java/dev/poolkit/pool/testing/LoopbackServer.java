package dev.poolkit.pool.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real TCP server on 127.0.0.1 for tests, with a virtual thread per connection. It can be stopped
 * and started again on the same port (a backend that dies and comes back), and it counts the
 * connections it accepted and those still open, so that a test can assert that a client closed
 * everything it opened.
 *
 * {@snippet :
 * try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
 *     try (Socket socket = new Socket(server.host(), server.port())) {
 *         // ... talk to it
 *     }
 *     Awaits.await().until(() -> server.openConnections() == 0);
 * }
 * }
 *
 * <p>Thread-safe.
 */
public final class LoopbackServer implements AutoCloseable {

    /** What the server does with an accepted connection. */
    public enum Mode {
        /** Writes back every byte it reads, until the client closes its side. */
        ECHO,
        /** Reads and discards everything, never writes: a peer that accepts and never answers. */
        SILENT,
        /** Closes the connection as soon as it is accepted. */
        CLOSE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile Mode mode;
    private final int port;
    private ServerSocket listener;
    private Thread acceptor;

    private LoopbackServer(Mode mode, int port) throws IOException {
        this.mode = requireNonNull(mode, "mode");
        this.port = bind(port);
    }

    /**
     * Starts a server on a free port.
     *
     * @param mode what to do with each connection
     * @return the running server
     * @throws UncheckedIOException if no port could be bound
     */
    public static LoopbackServer start(Mode mode) {
        try {
            return new LoopbackServer(mode, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int bind(int wanted) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 200);
        listener = socket;
        acceptor = Thread.ofVirtual()
                .name("test-loopback-accept-" + socket.getLocalPort())
                .start(() -> accept(socket));
        return socket.getLocalPort();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            accepted.incrementAndGet();
            connections.add(connection);
            if (socket.isClosed()) {
                // stop() closed the listener, then closed the connections it saw: this one came too late
                closeQuietly(connection);
            }
            Thread.ofVirtual().name("test-loopback-conn").start(() -> serve(connection));
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            switch (mode) {
                case CLOSE -> {}
                case SILENT -> drain(connection.getInputStream(), null);
                case ECHO -> drain(connection.getInputStream(), connection.getOutputStream());
            }
        } catch (SocketException e) {
            // reset by the peer or closed by stop(): the connection is over either way
        } catch (IOException e) {
            // same: a test server has nobody to report to but its counters
        } finally {
            connections.remove(connection);
        }
    }

    private void drain(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            bytesRead.addAndGet(n);
            if (out != null) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    /**
     * Returns the host to connect to.
     *
     * @return the loopback address
     */
    public InetAddress host() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * Returns the port, the same after {@link #stop()} and {@link #restart()}.
     *
     * @return the bound port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the address to connect to.
     *
     * @return 127.0.0.1 and the port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(host(), port);
    }

    /**
     * Changes what the server does with connections accepted from now on.
     *
     * @param mode the new mode
     */
    public void mode(Mode mode) {
        this.mode = requireNonNull(mode, "mode");
    }

    /**
     * Returns the number of connections accepted since the server was created.
     *
     * @return the count, over every start
     */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Returns the number of accepted connections that are still open on the server's side.
     *
     * @return the count
     */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Returns the number of bytes read from all clients.
     *
     * @return the count
     */
    public long bytesRead() {
        return bytesRead.get();
    }

    /**
     * Returns whether the server is listening.
     *
     * @return true between a start and a stop
     */
    public boolean isRunning() {
        lock.lock();
        try {
            return listener != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops listening and closes every open connection, like a process that died: clients see a
     * reset or an end of stream, and new connects are refused. Waits until the accept loop has ended.
     * Idempotent.
     */
    public void stop() {
        Thread toJoin;
        lock.lock();
        try {
            if (listener == null) {
                return;
            }
            closeQuietly(listener);
            listener = null;
            toJoin = acceptor;
            acceptor = null;
        } finally {
            lock.unlock();
        }
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        try {
            toJoin.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Listens again on the same port after {@link #stop()}; does nothing if it is running.
     *
     * @throws UncheckedIOException if the port cannot be bound again
     */
    public void restart() {
        lock.lock();
        try {
            if (listener == null) {
                bind(port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port + " again", e);
        } finally {
            lock.unlock();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing for a test; nothing to do about a failure
        }
    }

    @Override
    public String toString() {
        return "LoopbackServer[" + mode + ", port=" + port + ", open=" + openConnections() + "]";
    }
}
