package dev.poolkit.net.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A real loopback client for the worker tests. Every read is bounded by a 10 s socket timeout, so a
 * test fails instead of hanging when the server never answers.
 */
final class TestClient implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;

    private TestClient(Socket socket) throws SocketException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
    }

    static TestClient connect(int port) throws IOException {
        return new TestClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    static TestClient connect(AcceptLoop loop) throws IOException {
        return connect(loop.port());
    }

    /** A connected pair through {@code listener}: this client and the server's accepted socket. */
    static Pair pair(ServerSocket listener) throws IOException {
        TestClient client = connect(listener.getLocalPort());
        return new Pair(client, listener.accept());
    }

    /** A listening socket on loopback with an ephemeral port. */
    static ServerSocket listener() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        return listener;
    }

    record Pair(TestClient client, Socket accepted) {}

    Socket socket() {
        return socket;
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads exactly {@code n} bytes. */
    String read(int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("end of stream after " + bytes.length + " of " + n + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Sends {@code text} and reads a reply of the same length. */
    String exchange(String text) throws IOException {
        send(text);
        return read(text.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * Reads until the server closes: returns everything read before the end of stream (a reset after
     * data counts as the end too). Fails with {@link SocketTimeoutException} if the server keeps it open.
     */
    String readToEnd() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buf = new byte[256];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException reset) {
            // a reset is the server closing too
        }
        return text.toString();
    }

    /** Closes with a reset (SO_LINGER 0) instead of a FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
