package dev.poolkit.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.Dialer;
import dev.poolkit.pool.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared fixtures of the host and service tests. */
public final class HostTestKit {

    private HostTestKit() {}

    /**
     * Core pool settings for tests: the given sizes, a 5 s acquire timeout, no idle timeout.
     *
     * @param maxSize the pool's maximum
     * @param minIdle connections kept ready
     * @return a builder to refine
     */
    public static PoolConfig.Builder pool(int maxSize, int minIdle) {
        return PoolConfig.builder()
                .maxSize(maxSize)
                .minIdle(minIdle)
                .acquireTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ZERO)
                .validateOnAcquire(true);
    }

    /**
     * A host pool configuration over {@link #pool(int, int)}.
     *
     * @param pool the core pool settings
     * @return a builder to refine
     */
    public static HostPoolConfig.Builder config(PoolConfig.Builder pool) {
        return HostPoolConfig.builder().pool(pool.build());
    }

    /**
     * Sends {@code text} over an echo connection and returns what came back.
     *
     * @param connection a connection to an echo server
     * @param text the request
     * @return the answer, as many bytes as were sent
     * @throws IOException if the exchange failed (the connection records it)
     */
    public static String echo(Connection connection, String text) throws IOException {
        byte[] request = text.getBytes(StandardCharsets.UTF_8);
        connection.output().write(request);
        byte[] answer = connection.input().readNBytes(request.length);
        if (answer.length < request.length) {
            throw new java.io.EOFException("end of stream after " + answer.length + " of " + request.length + " bytes");
        }
        return new String(answer, StandardCharsets.UTF_8);
    }

    /**
     * Waits until the peer's FIN has reached the socket, by reading it past every layer of the pool:
     * the end of a stream stays, so a probe on the same connection sees it afterwards.
     *
     * @param socket a socket whose peer closed, with no data pending
     * @throws IOException if the read fails
     */
    public static void awaitEndOfStream(Socket socket) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(10_000);
        try {
            assertThat(socket.getInputStream().read())
                    .as("end of stream on %s", socket)
                    .isEqualTo(-1);
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /**
     * A loopback port with nothing listening on it: connects are refused.
     *
     * @return the address
     * @throws IOException if no port could be bound
     */
    public static InetSocketAddress refusingAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }

    /** A TCP dialer that counts its calls. */
    public static final class CountingDialer implements Dialer {
        private final Dialer delegate;
        private final AtomicInteger calls = new AtomicInteger();

        /** @param delegate the dialer that does the work */
        public CountingDialer(Dialer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket dial(InetSocketAddress address) throws IOException {
            calls.incrementAndGet();
            return delegate.dial(address);
        }

        /** @return the number of dials so far */
        public int calls() {
            return calls.get();
        }
    }

    /** Records every callback as text, in order. */
    public static final class RecordingListener implements ConnectionListener {
        private final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void scored(Connection connection, double score, Duration latency) {
            events.add("scored " + score);
        }

        @Override
        public void ended(Connection connection, Duration heldFor, boolean fatal) {
            events.add(fatal ? "ended fatal" : "ended");
        }

        /** @return the events so far */
        public List<String> events() {
            return List.copyOf(events);
        }
    }

    /**
     * Reads everything the stream holds now, up to {@code n} bytes.
     *
     * @param in the stream
     * @param n how many bytes to read
     * @return the text
     * @throws IOException if reading fails
     */
    public static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
