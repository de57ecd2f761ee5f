package dev.poolkit.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * An echo server on 127.0.0.1 for the network benchmarks: a virtual thread per connection writes
 * back every byte it reads, with {@code TCP_NODELAY}, until the client closes.
 */
final class LoopbackEchoServer implements AutoCloseable {

    private final ServerSocket listener;

    private LoopbackEchoServer() throws IOException {
        listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("bench-echo-accept").start(this::accept);
    }

    static LoopbackEchoServer start() throws IOException {
        return new LoopbackEchoServer();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().name("bench-echo").start(() -> echo(socket));
            } catch (IOException e) {
                return; // closed at tear-down
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
