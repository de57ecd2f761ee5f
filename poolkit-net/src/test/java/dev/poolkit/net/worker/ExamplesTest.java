package dev.poolkit.net.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The usage examples of docs/worker.md and the package's Javadoc, run for real so that they keep working. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @Test
    void echoServer_messageForm() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // example: echo server
        WorkerPool pool = WorkerPool.forMessages(
                        (client, message) -> client.output().write(message))
                .name("echo")
                .minWorkers(2)
                .maxWorkers(100)
                .clientDeadline(Duration.ofSeconds(30))
                .build();
        AcceptLoop server = AcceptLoop.builder(pool) // loopback, port 0 by default
                .busyReply("BUSY\r\n".getBytes(StandardCharsets.US_ASCII))
                .start();
        WorkerPoolMetrics.bind(server, registry); // poolkit_worker_* in the scrape
        int port = server.port();
        // ... clients connect to port ...
        // end example
        try (TestClient client = TestClient.connect(port)) {
            assertThat(client.exchange("ping")).isEqualTo("ping");
        }
        Awaits.await().until(() -> pool.busy() == 0);
        assertThat(registry.scrape()).contains("poolkit_worker_messages_total{pool=\"echo\"} 1.0");
        // example: echo server stop
        boolean drained = server.stop(Duration.ofSeconds(10));
        server.close(); // closes the pool and removes its meters
        // end example
        assertThat(drained).isTrue();
        assertThat(registry.getMeters()).isEmpty();
        Threads.assertNoPoolkitThreads();
    }

    @Test
    void relay_sessionForm() throws Exception {
        try (LoopbackServer backend = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            InetSocketAddress backendAddress = backend.address();
            // example: relay
            SessionHandler relay = client -> {
                try (Socket upstream = new Socket(backendAddress.getAddress(), backendAddress.getPort())) {
                    upstream.setTcpNoDelay(true);
                    InputStream fromBackend = upstream.getInputStream();
                    Thread back = Thread.ofVirtual()
                            .start(() -> pipe(fromBackend, client.output(), client.socket(), upstream));
                    pipe(client.input(), upstream.getOutputStream(), upstream, client.socket());
                    back.join(); // both directions done: the pool closes the client connection
                }
            };
            WorkerPool pool = WorkerPool.forSessions(relay)
                    .name("relay")
                    .threadMode(ThreadMode.VIRTUAL)
                    .maxWorkers(5_000)
                    .build();
            AcceptLoop server = AcceptLoop.builder(pool)
                    .busyReply("-ERR busy\r\n".getBytes(StandardCharsets.US_ASCII))
                    .idleTimeout(Duration.ofMinutes(5)) // silent sessions are closed
                    .start();
            // end example
            try (TestClient client = TestClient.connect(server)) {
                assertThat(client.exchange("through the relay")).isEqualTo("through the relay");
                client.socket().shutdownOutput();
                assertThat(client.readToEnd()).isEmpty();
            }
            Awaits.await().until(() -> pool.busy() == 0);
            assertThat(pool.stats().bytesRead()).isEqualTo(17);
            assertThat(server.stop(Duration.ofSeconds(10))).isTrue();
            server.close();
        }
        Threads.assertNoPoolkitThreads();
    }

    // example: relay pipe
    /** Copies {@code in} to {@code out} until the end of stream, then passes the half-close on to {@code to}. */
    private static void pipe(InputStream in, OutputStream out, Socket to, Socket peer) {
        try {
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to); // one direction failed: end both
            closeQuietly(peer);
        }
    }
    // end example

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Test
    void idleReaper_standalone() throws Exception {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (LoopbackServer peer = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            Socket socket = new Socket(peer.host(), peer.port());
            // example: idle reaper
            IdleReaper reaper = IdleReaper.builder()
                    .name("edge")
                    .idleTimeout(Duration.ofSeconds(30)) // 30 ticks of 1 s
                    .ticker(clock) // both optional: the system ticker and a thread of its own
                    .scheduler(scheduler)
                    .build();
            reaper.start();
            IdleReaper.Registration activity = reaper.register(socket::close);
            // ... after every read or write on the socket:
            activity.touch();
            // end example
            for (int second = 1; second <= 30; second++) {
                clock.advance(Duration.ofSeconds(1));
                scheduler.runDue();
            }
            assertThat(socket.isClosed()).as("30 silent ticks are allowed").isFalse();
            clock.advance(Duration.ofSeconds(1));
            scheduler.runDue();
            assertThat(socket.isClosed()).isTrue();
            reaper.close();
        }
    }

    @Test
    void submit_byHand_busyReply() throws Exception {
        try (ServerSocket listener = TestClient.listener()) {
            WorkerPool pool = WorkerPool.forMessages(
                            (client, message) -> client.output().write(message))
                    .maxWorkers(1)
                    .build();
            pool.start();
            TestClient.Pair first = TestClient.pair(listener);
            pool.submit(first.accepted());
            TestClient second = TestClient.connect(listener.getLocalPort());
            Socket socket = listener.accept();
            // example: submit by hand
            try {
                pool.submit(socket);
            } catch (PoolBusyException e) { // can't put, pool is busy
                socket.getOutputStream().write("BUSY\n".getBytes(StandardCharsets.US_ASCII));
                socket.close();
            }
            // end example
            assertThat(second.readToEnd()).isEqualTo("BUSY\n");
            second.close();
            assertThat(first.client().exchange("still served")).isEqualTo("still served");
            first.client().close();
            assertThat(socket.isClosed()).isTrue();
            assertThat(pool.stop(Duration.ofSeconds(10))).isTrue();
            pool.close();
        }
        Threads.assertNoPoolkitThreads();
    }
}
