package dev.poolkit.cli.proxy;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event-loop relay through a real proxy on loopback: back-pressure, half-close both ways, error
 * attribution, many sessions, stopping, and the byte a liveness probe read ahead.
 */
@Timeout(90)
class RelayTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        Threads.assertNoPoolkitThreads(); // the relay's selector threads too
    }

    /** A backend on loopback whose every accepted connection is served by {@code handler}. */
    private static final class Backend implements AutoCloseable {
        interface Handler {
            void serve(Socket socket) throws Exception;
        }

        final ServerSocket server;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Backend(Handler handler) throws IOException {
            server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    accepted.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.serve(s);
                        } catch (Exception e) {
                            // the proxy closed or reset it, or the test is over
                        }
                    });
                }
            });
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private Backend backend(Backend.Handler handler) throws IOException {
        Backend b = new Backend(handler);
        resources.add(b);
        return b;
    }

    private Proxy start(ProxyConfig.Builder config) throws IOException {
        Proxy proxy = Proxy.start(config.build(), ProxyMetrics.newRegistry());
        resources.add(proxy);
        return proxy;
    }

    /** No monitors' checks in the way (they connect too), no admin endpoint. */
    private static ProxyConfig.Builder config(String backend, int maxConnections) {
        return ProxyTest.config(backend)
                .admin(Optional.empty())
                .pool(PoolConfig.builder()
                        .maxSize(maxConnections)
                        .minIdle(2)
                        .acquireTimeout(Duration.ofSeconds(10))
                        .build());
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout(30_000);
        return s;
    }

    /** A deterministic stream of {@code length} bytes and its CRC. */
    private static byte[] payload(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Reads to the end in small reads (a slow reader), returning the CRC and the count. */
    private static long[] readSlowly(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[1000];
        long total = 0;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            crc.update(chunk, 0, n);
            total += n;
        }
        return new long[] {crc.getValue(), total};
    }

    // ---------------------------------------------------------------- back-pressure

    @Test
    void relay_largeTransfersBothWaysWithSlowReaders_nothingLostOrReorderedAndBounded() throws Exception {
        int size = 32 * 1024 * 1024;
        byte[] up = payload(1, size);
        byte[] down = payload(2, size);
        CountDownLatch backendMayRead = new CountDownLatch(1);
        CompletableFuture<long[]> receivedByBackend = new CompletableFuture<>();
        Backend backend = backend(s -> {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(down);
                    s.shutdownOutput();
                } catch (IOException e) {
                    // a monitor's check or an idle pooled connection closed: the client's checksum tells
                }
            });
            backendMayRead.await();
            long[] received = readSlowly(s.getInputStream());
            if (received[1] > 0) { // not one of the monitor's checks or an idle pooled connection
                receivedByBackend.complete(received);
            }
            writer.join();
        });
        Proxy proxy = start(config(backend.address(), 8));
        try (Socket client = connect(proxy.address())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.getOutputStream().write(up);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the backend reads nothing: the client's write blocks, and the proxy has not taken it all
            await().until(() ->
                    writer.getState() == Thread.State.WAITING && proxy.metrics().bytes(ProxyMetrics.Direction.UP) > 0);
            assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.UP)).isLessThan(size);
            backendMayRead.countDown();
            long[] atClient = readSlowly(client.getInputStream());
            writer.join();
            assertThat(atClient).containsExactly(crc(down), size);
            assertThat(receivedByBackend.get(30, TimeUnit.SECONDS)).containsExactly(crc(up), size);
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 1);
        assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.UP)).isEqualTo(size);
        assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.DOWN)).isEqualTo(size);
        assertThat(proxy.workers().stats().bytesRead()).isEqualTo(size); // the worker pool's counts see it
        assertThat(proxy.workers().stats().bytesWritten()).isEqualTo(size);
    }

    // ---------------------------------------------------------------- half-close

    @Test
    void relay_clientEndsFirst_backendSeesTheEndAndStillAnswers() throws Exception {
        Backend backend = backend(s -> {
            byte[] request = s.getInputStream().readAllBytes(); // to the client's end of stream
            OutputStream out = s.getOutputStream();
            out.write(("got " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
        });
        Proxy proxy = start(config(backend.address(), 8));
        try (Socket client = connect(proxy.address())) {
            client.getOutputStream().write("question".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("got question");
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 1);
    }

    @Test
    void relay_backendEndsFirst_clientSeesTheEndAndCanStillSend() throws Exception {
        CompletableFuture<String> lateRequest = new CompletableFuture<>();
        Backend backend = backend(s -> {
            s.getOutputStream().write("banner then end".getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            lateRequest.complete(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        });
        Proxy proxy = start(config(backend.address(), 8));
        try (Socket client = connect(proxy.address())) {
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("banner then end");
            client.getOutputStream().write("sent after the backend's end".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(lateRequest.get(30, TimeUnit.SECONDS)).isEqualTo("sent after the backend's end");
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 1);
        assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR)).isZero();
    }

    // ---------------------------------------------------------------- failures

    @Test
    void relay_backendResetsMidStream_backendErrorCountedAndClientClosed() throws Exception {
        Backend backend = backend(s -> {
            InputStream in = s.getInputStream();
            in.readNBytes(10_000); // part of the stream, then a reset
            s.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
            s.setSoLinger(true, 0);
            s.close();
        });
        Proxy proxy = start(config(backend.address(), 8));
        try (Socket client = connect(proxy.address())) {
            Thread.ofVirtual().start(() -> {
                try {
                    client.getOutputStream().write(new byte[10_000_000]); // more than the backend reads
                } catch (IOException expected) {
                    // the proxy closes the client once the backend failed
                }
            });
            assertThatThrownBy(() -> {
                        InputStream in = client.getInputStream();
                        while (in.read() >= 0) {
                            // the partial answer may or may not overtake the reset
                        }
                        throw new IOException("ended");
                    })
                    .isInstanceOf(IOException.class);
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR) == 1);
        assertThat(proxy.metrics().backendFailures(HostAndPort.parse(backend.address())))
                .isEqualTo(1);
        assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.CLIENT_ERROR)).isZero();
        assertThat(proxy.service().hosts().get(0).score()).isLessThan(1.0);
    }

    @Test
    void relay_clientResetsMidStream_clientErrorAndNoBackendFailure() throws Exception {
        CountDownLatch backendGotBytes = new CountDownLatch(1);
        Backend backend = backend(s -> {
            InputStream in = s.getInputStream();
            in.read();
            backendGotBytes.countDown();
            in.transferTo(OutputStream.nullOutputStream());
        });
        Proxy proxy = start(config(backend.address(), 8));
        Socket client = connect(proxy.address());
        client.getOutputStream().write("some bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(backendGotBytes.await(30, TimeUnit.SECONDS)).isTrue();
        client.setSoLinger(true, 0);
        client.close(); // a reset
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.CLIENT_ERROR) == 1);
        assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR)).isZero();
        assertThat(proxy.metrics().backendFailures(HostAndPort.parse(backend.address())))
                .isZero();
    }

    // ---------------------------------------------------------------- many sessions

    @Test
    void relay_500ConcurrentSessionsOnVirtualThreads_everyAnswerInOrder() throws Exception {
        int sessions = 500;
        try (LoopbackServer echo = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            Proxy proxy =
                    start(config("127.0.0.1:" + echo.port(), sessions + 10).relayThreads(2));
            CountDownLatch allOpen = new CountDownLatch(sessions);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                long seed = i;
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = connect(proxy.address())) {
                        byte[] first = payload(seed, 100);
                        s.getOutputStream().write(first);
                        assertThat(s.getInputStream().readNBytes(first.length)).isEqualTo(first);
                        allOpen.countDown();
                        allOpen.await(); // every session open at once
                        for (int round = 0; round < 5; round++) {
                            byte[] message = payload(seed * 31 + round, 4096);
                            s.getOutputStream().write(message);
                            assertThat(s.getInputStream().readNBytes(message.length))
                                    .isEqualTo(message);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                        allOpen.countDown();
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertThat(failures).isEmpty();
            await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED)
                            + proxy.metrics().sessions(ProxyMetrics.Outcome.CLIENT_ERROR)
                    == sessions);
            long perSession = 100 + 5 * 4096;
            assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.UP)).isEqualTo(sessions * perSession);
            assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.DOWN)).isEqualTo(sessions * perSession);
            assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR))
                    .isZero();
        }
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void stop_duringTransfers_everySessionEndsAndNoThreadLeft() throws Exception {
        int sessions = 20;
        try (LoopbackServer echo = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            Proxy proxy = start(config("127.0.0.1:" + echo.port(), sessions + 10));
            List<Socket> clients = new ArrayList<>();
            List<Thread> streams = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                Socket s = connect(proxy.address());
                resources.add(s);
                clients.add(s);
                streams.add(Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[8192];
                    try {
                        while (true) {
                            s.getOutputStream().write(chunk); // echoed back, never read: back-pressure
                        }
                    } catch (IOException expected) {
                        // the proxy closed the session
                    }
                }));
            }
            await().until(() -> proxy.metrics().open() == sessions);
            proxy.stop(Duration.ZERO);
            for (Thread t : streams) {
                assertThat(t.join(Duration.ofSeconds(30))).isTrue();
            }
            for (Socket s : clients) {
                InputStream in = s.getInputStream();
                assertThatThrownBy(() -> {
                            while (in.read() >= 0) {
                                // echoed bytes still in flight
                            }
                            throw new IOException("ended");
                        })
                        .isInstanceOf(IOException.class);
            }
            assertThat(proxy.metrics().open()).isZero();
            assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.CLIENT_ERROR))
                    .isEqualTo(sessions);
            assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR))
                    .isZero();
        }
    }

    @Test
    void config_relayThreadsOutOfRange_rejectedNamingTheValue() {
        assertThatThrownBy(() -> config("127.0.0.1:1", 8).relayThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relayThreads must be between 1 and 256, but was 0");
        assertThatThrownBy(() -> config("127.0.0.1:1", 8).relayThreads(257).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relayThreads must be between 1 and 256, but was 257");
        assertThat(ProxyConfig.builder()
                        .listen(new InetSocketAddress("127.0.0.1", 0))
                        .backends(List.of(HostAndPort.parse("127.0.0.1:1")))
                        .build()
                        .relayThreads())
                .isEqualTo(Math.min(256, Runtime.getRuntime().availableProcessors()));
    }

    // ---------------------------------------------------------------- look-ahead

    @Test
    void relay_byteReadAheadByTheLivenessProbe_relayedFirst() throws Exception {
        Backend backend = backend(s -> {
            OutputStream out = s.getOutputStream();
            out.write("+HELLO from the backend\n".getBytes(StandardCharsets.UTF_8)); // a banner on connect
            s.getInputStream().transferTo(out);
        });
        ProxyConfig.Builder b = config(backend.address(), 8)
                .pool(PoolConfig.builder()
                        .maxSize(8)
                        .minIdle(2)
                        .validateOnAcquire(true)
                        .validationIdleThreshold(Duration.ZERO) // probe every connection handed out
                        .acquireTimeout(Duration.ofSeconds(10))
                        .build());
        Proxy proxy = start(b);
        for (int i = 0; i < 4; i++) {
            // the idle connections have their banner waiting: the probe reads its first byte ahead
            await().until(() -> proxy.service().hosts().get(0).pool().idle() == 2);
            try (Socket client = connect(proxy.address())) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("+HELLO from the backend\nping");
            }
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 4);
    }
}
