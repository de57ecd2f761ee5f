package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.pool.testing.Awaits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared fixtures of the tunnel tests: recording sockets on both sides, pools on loopback, pairing. */
final class TunnelTestKit {

    /** Back-off for real-time tests: short, so that retries happen quickly. */
    static final Duration RETRY = Duration.ofMillis(10);

    private TunnelTestKit() {}

    /** The kinds of threads stress tests run on. */
    enum ThreadKind {
        PLATFORM,
        VIRTUAL;

        Thread start(Runnable task) {
            return this == PLATFORM
                    ? Thread.ofPlatform().start(task)
                    : Thread.ofVirtual().start(task);
        }
    }

    /** A plain TCP dialer that remembers every socket it returned, so that a test can check all are closed. */
    static final class RecordingDialer implements Dialer {
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Dialer inner;

        RecordingDialer() {
            this(DialerConfig.builder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        RecordingDialer(DialerConfig config) {
            this.inner = Dialer.tcp(config);
        }

        @Override
        public Socket dial(InetSocketAddress address) throws IOException {
            Socket socket = inner.dial(address);
            sockets.add(socket);
            return socket;
        }

        void awaitAllClosed() {
            Awaits.await()
                    .untilAsserted(() -> assertThat(sockets)
                            .allSatisfy(s -> assertThat(s.isClosed()).isTrue()));
        }
    }

    /** A loopback listener that remembers every socket it accepted. */
    static final class RecordingServerSocket extends ServerSocket {
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        RecordingServerSocket() throws IOException {
            super(0, 200, InetAddress.getLoopbackAddress());
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            accepted.add(socket);
            return socket;
        }

        void awaitAllClosed() {
            Awaits.await()
                    .untilAsserted(() -> assertThat(accepted)
                            .allSatisfy(s -> assertThat(s.isClosed()).isTrue()));
        }
    }

    /**
     * Waits until each socket reads the end of the stream: its peer's FIN has arrived, so a liveness
     * probe on the same connection sees it too (the end of a stream stays). Only for sockets that
     * nothing else reads and that carry no data.
     */
    static void awaitEndOfStream(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read())
                    .as("end of stream on %s", socket)
                    .isEqualTo(-1);
        }
    }

    static RecordingServerSocket listener() {
        try {
            return new RecordingServerSocket();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server pool on a recording loopback listener. */
    static TunnelServerPool startServer(RecordingServerSocket listener, TunnelServerConfig config) {
        TunnelServerPool server = TunnelServerPool.create(listener, config);
        server.start();
        return server;
    }

    static HostAndPort address(TunnelServerPool server) {
        return new HostAndPort("127.0.0.1", server.localAddress().getPort());
    }

    static HostAndPort address(ServerSocket listener) {
        return new HostAndPort("127.0.0.1", listener.getLocalPort());
    }

    /** A client configuration for {@code server} with short retries. */
    static TunnelClientConfig.Builder clientFor(HostAndPort server) {
        return TunnelClientConfig.builder(server)
                .name("client")
                .dialRetryInitialDelay(RETRY)
                .dialRetryMaxDelay(RETRY.multipliedBy(4))
                .idReadTimeout(Duration.ofSeconds(5));
    }

    /** Takes a connection on the server and its other end on the client. */
    static TunnelConnection[] pair(TunnelServerPool server, TunnelClientPool client) throws InterruptedException {
        TunnelConnection serverEnd = server.take(Duration.ofSeconds(10));
        TunnelConnection clientEnd = client.get(serverEnd.id());
        assertThat(clientEnd).as("client end of %s", serverEnd.id()).isNotNull();
        return new TunnelConnection[] {serverEnd, clientEnd};
    }

    /** Sends a line each way and checks both arrive. */
    static void assertRoundTrip(TunnelConnection a, TunnelConnection b) throws IOException {
        send(a, "hello from " + a.id());
        assertThat(receive(b, ("hello from " + a.id()).length())).isEqualTo("hello from " + a.id());
        send(b, "and back");
        assertThat(receive(a, "and back".length())).isEqualTo("and back");
    }

    static void send(TunnelConnection connection, String text) throws IOException {
        connection.output().write(text.getBytes(StandardCharsets.UTF_8));
        connection.output().flush();
    }

    static String receive(TunnelConnection connection, int length) throws IOException {
        return new String(connection.input().readNBytes(length), StandardCharsets.UTF_8);
    }
}
