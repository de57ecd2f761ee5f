package dev.poolkit.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small line-protocol server on loopback that the demo (and the tests) put behind the proxy. Each
 * connection has state of its own, as a Redis or SQL session does:
 *
 * <ul>
 *   <li>{@code PING} answers {@code PONG <name>} (which backend served it);
 *   <li>{@code SET <value>} remembers a value for this connection and answers {@code OK};
 *   <li>{@code GET} answers the value this connection set, or {@code (nil)};
 *   <li>{@code ECHO <text>} answers {@code <text>}; anything else answers {@code ERR unknown command}.
 * </ul>
 *
 * <p>A flaky backend resets the connection, now and then, instead of answering (with {@code
 * SO_LINGER} 0, so the client sees a reset, as after a crash). {@link #stop()} closes the listener
 * and every connection ("killed"); {@link #restart()} listens again on the same port.
 *
 * <p>Thread-safe; one virtual thread per connection.
 */
public final class DemoBackend implements AutoCloseable {

    private final String name;
    private final double resetProbability;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server; // guarded by lock for writes
    private int port;

    private DemoBackend(String name, double resetProbability) {
        this.name = name;
        this.resetProbability = resetProbability;
    }

    /**
     * Starts a backend on {@code 127.0.0.1} and a free port.
     *
     * @param name what {@code PING} answers with
     * @param resetProbability the chance that a request is answered by a reset, in {@code [0, 1)}
     * @return the running backend
     * @throws IOException if no port can be bound
     * @throws IllegalArgumentException if {@code resetProbability} is outside {@code [0, 1)}
     */
    public static DemoBackend start(String name, double resetProbability) throws IOException {
        if (!(resetProbability >= 0 && resetProbability < 1)) {
            throw new IllegalArgumentException("resetProbability must be in [0, 1), but was " + resetProbability);
        }
        DemoBackend backend = new DemoBackend(name, resetProbability);
        backend.listen(0);
        return backend;
    }

    private void listen(int wanted) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 128);
        port = s.getLocalPort();
        server = s;
        Thread.ofVirtual().name("poolkit-demo-" + name + "-acceptor").start(() -> acceptAll(s));
    }

    private void acceptAll(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                connections.add(socket);
                accepted.incrementAndGet();
                if (server != s) { // stopped meanwhile: close what stop() could not see
                    closeQuietly(socket);
                    continue;
                }
                Thread.ofVirtual().name("poolkit-demo-" + name).start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String value = null;
            for (String line; (line = in.readLine()) != null; ) {
                requests.incrementAndGet();
                if (resetProbability > 0 && ThreadLocalRandom.current().nextDouble() < resetProbability) {
                    resets.incrementAndGet();
                    socket.setSoLinger(true, 0);
                    return;
                }
                String reply;
                if (line.equals("PING")) {
                    reply = "PONG " + name;
                } else if (line.startsWith("SET ")) {
                    value = line.substring(4);
                    reply = "OK";
                } else if (line.equals("GET")) {
                    reply = value == null ? "(nil)" : value;
                } else if (line.startsWith("ECHO ")) {
                    reply = line.substring(5);
                } else {
                    reply = "ERR unknown command";
                }
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (SocketException e) {
            // reset by the peer, or closed by stop()
        } catch (IOException e) {
            // the connection is gone either way
        } finally {
            connections.remove(socket);
        }
    }

    /**
     * Returns the port, the same across {@link #stop()} and {@link #restart()}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns {@code 127.0.0.1:<port>}.
     *
     * @return the address as text
     */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * Returns the name.
     *
     * @return the name {@code PING} answers with
     */
    public String name() {
        return name;
    }

    /**
     * Returns the requests received (including those answered by a reset).
     *
     * @return the count
     */
    public long requests() {
        return requests.get();
    }

    /**
     * Returns the requests answered by a reset.
     *
     * @return the count
     */
    public long resets() {
        return resets.get();
    }

    /**
     * Returns the connections accepted since start.
     *
     * @return the count
     */
    public long acceptedConnections() {
        return accepted.get();
    }

    /**
     * Returns the connections open now.
     *
     * @return the count
     */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Returns whether the backend listens.
     *
     * @return true between start (or restart) and stop
     */
    public boolean isRunning() {
        ServerSocket s = server;
        return s != null && !s.isClosed();
    }

    /** Kills the backend: closes the listener and every connection with a reset. Idempotent. */
    public void stop() {
        lock.lock();
        try {
            ServerSocket s = server;
            server = null;
            if (s != null) {
                closeQuietly(s);
            }
            for (Socket c : connections) {
                try {
                    c.setSoLinger(true, 0);
                } catch (SocketException ignored) {
                    // closed already
                }
                closeQuietly(c);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Revives a stopped backend on the same port.
     *
     * @throws IOException if the port cannot be bound again
     * @throws IllegalStateException if the backend runs
     */
    public void restart() throws IOException {
        lock.lock();
        try {
            if (server != null) {
                throw new IllegalStateException("backend " + name + " is running");
            }
            listen(port);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "DemoBackend[" + name + " on " + address() + (isRunning() ? "" : ", stopped") + "]";
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing more to release
        }
    }
}
