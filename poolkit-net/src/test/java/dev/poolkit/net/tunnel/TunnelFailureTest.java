package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.assertRoundTrip;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.pair;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.TunnelTestKit.RecordingDialer;
import dev.poolkit.net.tunnel.TunnelTestKit.RecordingServerSocket;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.BlackholeServer;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What NodePass gets wrong: a silent server, a dead server, a wrong peer, and closing cleanly. */
@Timeout(60)
class TunnelFailureTest {

    @Test
    void silentServer_idReadTimesOut_retried_counted_noHang() {
        RecordingDialer dialer = new RecordingDialer();
        try (LoopbackServer silent = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            TunnelClientPool client = TunnelClientPool.builder(clientFor(new HostAndPort("127.0.0.1", silent.port()))
                            .capacity(2)
                            .idReadTimeout(Duration.ofMillis(50))
                            .build())
                    .dialer(dialer)
                    .build();
            client.start();
            Awaits.await().until(() -> client.stats().idFailures() >= 3);
            assertThat(client.active()).isZero();
            TunnelClientStats stats = client.stats();
            assertThat(stats.connectFailures()).isZero();
            assertThat(stats.handshakes()).isZero();
            assertThat(stats.dialFailures()).isEqualTo(stats.idFailures());
            assertThat(client.errorCount()).isGreaterThanOrEqualTo(3);
            client.close();
            dialer.awaitAllClosed();
            Awaits.await().until(() -> silent.openConnections() == 0);
        }
        Threads.assertNoPoolkitThreads();
    }

    @Test
    void serverClosesAtOnce_shortId_counted() {
        try (LoopbackServer closing = LoopbackServer.start(LoopbackServer.Mode.CLOSE);
                TunnelClientPool client =
                        TunnelClientPool.create(clientFor(new HostAndPort("127.0.0.1", closing.port()))
                                .capacity(1)
                                .build())) {
            client.start();
            Awaits.await().until(() -> client.stats().idFailures() >= 2);
            assertThat(client.active()).isZero();
        }
    }

    @Test
    void wrongPeer_idNotHex_rejected() throws IOException {
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!http.isClosed()) {
                    try (Socket s = http.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (TunnelClientPool client = TunnelClientPool.create(
                    clientFor(TunnelTestKit.address(http)).capacity(1).build())) {
                client.start();
                Awaits.await().until(() -> client.stats().idFailures() >= 2);
                assertThat(client.active()).isZero();
                assertThat(client.get()).as("the fresh dial fails the same way").isNull();
            }
        }
    }

    @Test
    void serverDown_dialsBackOffExponentially_overSimulatedTime_andStopOnClose() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // nothing listens there afterwards: connects are refused at once
        }
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        TunnelClientPool client = TunnelClientPool.builder(
                        TunnelClientConfig.builder(new HostAndPort("127.0.0.1", port))
                                .capacity(1)
                                .dialRetryInitialDelay(Duration.ofMillis(100))
                                .dialRetryMaxDelay(Duration.ofMillis(800))
                                .build())
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .build();
        client.start();
        Duration step = Duration.ofMillis(10);
        List<Long> dialTimesMs = new ArrayList<>();
        long startMs = clock.nanoTime() / 1_000_000;
        long seen = 0;
        for (int i = 0; i < 1000; i++) { // 10 simulated seconds
            scheduler.runDue();
            long dials = client.stats().dials();
            if (dials > seen) {
                assertThat(dials).as("one dial per due retry").isEqualTo(seen + 1);
                seen = dials;
                dialTimesMs.add(clock.nanoTime() / 1_000_000 - startMs);
            }
            clock.advance(step);
        }
        assertThat(client.stats().connectFailures()).isEqualTo(seen);
        assertThat(client.active()).isZero();
        // Gaps are in (d/2, d] for d = 100, 200, 400, 800, 800, ...; seen through 10 ms steps.
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < dialTimesMs.size(); i++) {
            gaps.add(dialTimesMs.get(i) - dialTimesMs.get(i - 1));
        }
        assertThat(dialTimesMs.get(0)).as("the first dial is immediate").isZero();
        for (int i = 0; i < gaps.size(); i++) {
            long d = Math.min(800, 100L << Math.min(i, 3));
            assertThat(gaps.get(i)).as("gap %d of %s", i, gaps).isBetween(d / 2, d + 10);
        }
        // 10 s of 400-800 ms waits after the first 100 + 200 + 400 ms: between 12 and 27 dials, not thousands.
        assertThat(seen).isBetween(12L, 27L);

        client.close();
        clock.advance(Duration.ofMinutes(1));
        scheduler.runDue();
        assertThat(client.stats().dials()).as("no dial after close").isEqualTo(seen);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void serverComesBack_clientRecoversAndFills() throws IOException {
        try (LoopbackServer stand = LoopbackServer.start(LoopbackServer.Mode.CLOSE)) {
            int port = stand.port();
            stand.stop();
            try (TunnelClientPool client = TunnelClientPool.create(
                    clientFor(new HostAndPort("127.0.0.1", port)).capacity(2).build())) {
                client.start();
                Awaits.await().until(() -> client.stats().connectFailures() >= 2);
                try (ServerSocket again = new ServerSocket()) {
                    again.setReuseAddress(true);
                    again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    try (TunnelServerPool server = TunnelServerPool.create(
                            again, TunnelServerConfig.builder().name("again").build())) {
                        server.start();
                        Awaits.await().until(() -> client.active() == 2);
                    }
                }
            }
        }
    }

    @Test
    void close_whileAConnectHangs_returnsWithoutWaitingForTheConnectTimeout() throws IOException {
        try (BlackholeServer hole = BlackholeServer.start()) {
            RecordingDialer dialer = new RecordingDialer(
                    DialerConfig.builder().connectTimeout(Duration.ofMinutes(5)).build());
            TunnelClientPool client = TunnelClientPool.builder(TunnelClientConfig.builder(
                                    new HostAndPort("127.0.0.1", hole.address().getPort()))
                            .name("blackholed")
                            .capacity(1)
                            .build())
                    .dialer(dialer)
                    .build();
            client.start();
            Awaits.await().until(() -> client.stats().dials() == 1);
            client.close(); // @Timeout: a 5 minute connect would fail the test
            Threads.assertNoThreadsNamed("poolkit-tunnel-blackholed");
            assertThat(client.stats().connectFailures())
                    .as("aborted by close, not a failure")
                    .isZero();
        }
    }

    @Test
    void close_bothSides_leavesNoThreadAndNoSocket_plainAndTls() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("t", "localhost");
        for (boolean tls : new boolean[] {false, true}) {
            RecordingServerSocket listener = listener();
            RecordingDialer dialer = new RecordingDialer();
            TunnelServerPool server = startServer(
                    listener,
                    TunnelServerConfig.builder()
                            .name("s")
                            .tls(tls ? TlsServerConfig.of(cert) : null)
                            .build());
            TunnelClientPool client = TunnelClientPool.builder(clientFor(address(server))
                            .name("c")
                            .capacity(4)
                            .tls(TlsClientConfig.builder()
                                    .mode(tls ? TlsMode.SELF_SIGNED : TlsMode.NONE)
                                    .build())
                            .build())
                    .dialer(dialer)
                    .build();
            client.start();
            Awaits.await().until(() -> client.active() == 4);
            TunnelConnection[] ends = pair(server, client);
            assertRoundTrip(ends[0], ends[1]);
            assertThat(Threads.threadsNamed("poolkit-tunnel-"))
                    .contains("poolkit-tunnel-s-acceptor", "poolkit-tunnel-c-scheduler");

            client.close();
            server.close();
            ends[0].close();
            ends[1].close();
            Threads.assertNoPoolkitThreads();
            dialer.awaitAllClosed();
            listener.awaitAllClosed();
            assertThat(listener.isClosed()).isTrue();
            assertThat(dialer.sockets).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void close_whileServerHandshakesHang_abortsThem() throws IOException {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("t");
        RecordingServerSocket listener = listener();
        TunnelServerPool server = startServer(
                listener,
                TunnelServerConfig.builder()
                        .name("hanging")
                        .tls(TlsServerConfig.of(cert))
                        .build());
        // Plain TCP clients that never start the TLS handshake: the server waits in its handshake.
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new Socket("127.0.0.1", server.localAddress().getPort()));
        }
        Awaits.await().until(() -> listener.accepted.size() == 3);
        server.close();
        listener.awaitAllClosed();
        for (Socket c : clients) {
            assertThat(c.getInputStream().read()).as("server side closed").isEqualTo(-1);
            c.close();
        }
        assertThat(server.stats().handshakeFailures())
                .as("aborted by close, not failures")
                .isZero();
        Threads.assertNoPoolkitThreads();
    }

    @Test
    void serverPoolFull_rejectsTheRest() throws Exception {
        RecordingServerSocket listener = listener();
        try (TunnelServerPool server = startServer(
                        listener,
                        TunnelServerConfig.builder().name("small").maxPooled(2).build());
                TunnelClientPool client = TunnelClientPool.create(
                        clientFor(address(server)).capacity(4).build())) {
            client.start();
            Awaits.await().until(() -> server.stats().rejected() >= 2);
            assertThat(server.active()).isEqualTo(2);
            assertThat(client.active()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void clientSendsGarbageInsteadOfTls_serverCountsAHandshakeFailure() throws IOException {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("t");
        try (TunnelServerPool server = startServer(
                        listener(),
                        TunnelServerConfig.builder()
                                .name("tls")
                                .tls(TlsServerConfig.of(cert))
                                .build());
                Socket plain = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaits.await().until(() -> server.stats().handshakeFailures() == 1);
            assertThat(server.errorCount()).isEqualTo(1);
            assertThat(server.active()).isZero();
        }
    }
}
