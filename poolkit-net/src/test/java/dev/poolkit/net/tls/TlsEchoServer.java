package dev.poolkit.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A loopback TLS echo server built on {@link TlsServerConfig#secure}, one virtual thread per client. */
final class TlsEchoServer implements AutoCloseable {

    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();
    private final ServerSocket listener;
    private final TlsServerConfig config;

    TlsEchoServer(TlsServerConfig config) throws IOException {
        this.config = config;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-tls-accept").start(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.add(socket);
                Thread.ofVirtual().name("test-tls-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (Socket tls = config.secure(socket)) {
            InputStream in = tls.getInputStream();
            OutputStream out = tls.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            failures.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
