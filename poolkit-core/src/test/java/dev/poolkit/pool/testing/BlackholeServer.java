package dev.poolkit.pool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address whose connects hang, like a host that drops SYNs: a listener with a backlog of
 * one that never accepts, filled up at start. Linux then drops further SYNs (with the default
 * {@code tcp_abort_on_overflow=0}), so a client's {@code connect} blocks until its own timeout. For
 * tests of connect timeouts and of acquire timeouts that must bound creation. Not thread-safe.
 */
public final class BlackholeServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private BlackholeServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        // The kernel completes backlog + 1 handshakes on its own; after that the queue is full.
        for (int i = 0; i < 2; i++) {
            Socket filler = new Socket();
            filler.connect(address(), 1_000);
            fillers.add(filler);
        }
    }

    /**
     * Starts a black hole on a free loopback port.
     *
     * @return the black hole
     * @throws UncheckedIOException if the port could not be bound or filled
     */
    public static BlackholeServer start() {
        try {
            return new BlackholeServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the address whose connects hang.
     *
     * @return 127.0.0.1 and the port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
