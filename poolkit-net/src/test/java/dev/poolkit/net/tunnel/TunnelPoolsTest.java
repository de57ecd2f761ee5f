package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.assertRoundTrip;
import static dev.poolkit.net.tunnel.TunnelTestKit.awaitEndOfStream;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.pair;
import static dev.poolkit.net.tunnel.TunnelTestKit.receive;
import static dev.poolkit.net.tunnel.TunnelTestKit.send;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.TunnelTestKit.RecordingDialer;
import dev.poolkit.net.tunnel.TunnelTestKit.RecordingServerSocket;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NodePass's scenarios NP-3 to NP-9 and NP-12 to NP-15 (reference §5.6) on real loopback sockets. */
@Timeout(60)
class TunnelPoolsTest {

    private static SelfSignedCertificate cert;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void generateCertificate() {
        cert = SelfSignedCertificate.generate("poolkit test", "localhost", "127.0.0.1");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private TunnelServerPool server(TunnelServerConfig.Builder config) {
        return closeLater(startServer(listener(), config.name("server").build()));
    }

    private TunnelClientPool client(TunnelClientConfig.Builder config) {
        TunnelClientPool client = closeLater(TunnelClientPool.create(config.build()));
        client.start();
        return client;
    }

    /** A started client that fills to {@code capacity} once and then not for an hour; returns when both sides hold them. */
    private TunnelClientPool filledOnce(TunnelServerPool server, TunnelClientConfig.Builder config, int capacity) {
        TunnelClientPool client = client(
                config.capacity(capacity).minInterval(Duration.ofHours(1)).maxInterval(Duration.ofHours(1)));
        Awaits.await().until(() -> client.active() == capacity && server.active() == capacity);
        return client;
    }

    // ------------------------------------------------------------------ NP-3, NP-4, NP-5

    @Test
    void np3_clientPrewarms_idsAreHexAndKnownToTheServer() {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = client(clientFor(address(server)).capacity(3));
        Awaits.await().until(() -> client.active() == 3 && server.active() >= 3);
        assertThat(client.ids()).hasSize(3).allMatch(id -> id.matches("^[0-9a-f]{8}$"));
        assertThat(server.ids()).containsAll(client.ids());
        assertThat(client.ready()).isTrue();
        assertThat(server.ready()).isTrue();
        assertThat(client.stats().dials()).isEqualTo(3);
        assertThat(client.stats().handshakes()).isEqualTo(3);
        assertThat(server.stats().accepted()).isEqualTo(3);
    }

    @Test
    void np4_pairing_bytesFlowBothWays_andTheIdIsGoneAfterwards() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = client(clientFor(address(server)).capacity(2));
        Awaits.await().until(() -> client.active() == 2);
        TunnelConnection[] ends = pair(server, client);
        try (TunnelConnection serverEnd = ends[0];
                TunnelConnection clientEnd = ends[1]) {
            assertThat(clientEnd.id()).isEqualTo(serverEnd.id());
            assertThat(clientEnd.socket().getLocalPort())
                    .isEqualTo(serverEnd.socket().getPort());
            assertRoundTrip(serverEnd, clientEnd);
            assertThat(client.get(serverEnd.id()))
                    .as("an ID is handed out once")
                    .isNull();
        }
    }

    @Test
    void np5_unknownId_nullAtOnce() {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = client(clientFor(address(server)).capacity(1));
        Awaits.await().until(() -> client.active() == 1);
        assertThat(client.get("deadbeef")).isNull();
        assertThat(client.get("")).isNull();
        assertThat(client.active()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ NP-6

    @Test
    void np6_clientNotAllowed_everyConnectionClosed_clientStaysEmpty() {
        TunnelServerPool server = server(TunnelServerConfig.builder().allow("10.255.255.1"));
        TunnelClientPool client = client(clientFor(address(server)).capacity(2));
        Awaits.await().until(() -> client.stats().idFailures() >= 3);
        assertThat(client.active()).isZero();
        assertThat(server.active()).isZero();
        assertThat(server.stats().rejected()).isGreaterThanOrEqualTo(3);
        assertThat(server.stats().handshakes()).isZero();
    }

    @Test
    void allowList_cidrOfLoopback_accepts() {
        TunnelServerPool server = server(TunnelServerConfig.builder().allow("10.0.0.0/8", "127.0.0.0/8"));
        TunnelClientPool client = client(clientFor(address(server)).capacity(2));
        Awaits.await().until(() -> client.active() == 2);
        assertThat(server.stats().rejected()).isZero();
    }

    // ------------------------------------------------------------------ NP-7, NP-8

    @Test
    void np7_selfSignedTls_idsExchanged_payloadOverTls13() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder().tls(TlsServerConfig.of(cert)));
        TunnelClientPool client = client(clientFor(address(server))
                .capacity(3)
                .tls(TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build()));
        Awaits.await().until(() -> client.active() == 3);
        TunnelConnection[] ends = pair(server, client);
        try (TunnelConnection serverEnd = ends[0];
                TunnelConnection clientEnd = ends[1]) {
            assertThat(clientEnd.isTls()).isTrue();
            assertThat(((SSLSocket) clientEnd.socket()).getSession().getProtocol())
                    .isEqualTo("TLSv1.3");
            assertThat(((SSLSocket) serverEnd.socket()).getSession().getProtocol())
                    .isEqualTo("TLSv1.3");
            assertRoundTrip(serverEnd, clientEnd);
        }
        assertThat(client.stats().handshakes()).isGreaterThanOrEqualTo(3);
        assertThat(client.stats().handshakeTime()).isPositive();
    }

    @Test
    void np8_verifiedWithWrongHostName_handshakeFails_clientStaysEmpty() {
        TunnelServerPool server = server(TunnelServerConfig.builder().tls(TlsServerConfig.of(cert)));
        TunnelClientPool client = client(clientFor(address(server))
                .capacity(2)
                .tls(TlsClientConfig.builder()
                        .mode("2")
                        .serverName("example.invalid")
                        .trustStore(cert.trustStore())
                        .build()));
        Awaits.await().until(() -> client.stats().handshakeFailures() >= 2);
        assertThat(client.active()).isZero();
        assertThat(server.active()).isZero();
        assertThat(client.stats().connectFailures()).isZero();
        assertThat(client.errorCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void verified_trustsTheSelfSignedCertificateOnlyWhenGivenIt() {
        TunnelServerPool server = server(TunnelServerConfig.builder().tls(TlsServerConfig.of(cert)));
        TunnelClientPool trusting = client(clientFor(address(server))
                .name("trusting")
                .capacity(2)
                .tls(TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .trustStore(cert.trustStore())
                        .build()));
        TunnelClientPool jdkTrust = client(clientFor(address(server))
                .name("jdk-trust")
                .capacity(2)
                .tls(TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .build()));
        Awaits.await().until(() -> trusting.active() == 2 && jdkTrust.stats().handshakeFailures() >= 2);
        assertThat(jdkTrust.active()).isZero();
        assertThat(server.ids()).containsAll(trusting.ids());
    }

    // ------------------------------------------------------------------ NP-9

    @Test
    void np9_single_fillsWithLocalIds_getTakesPooledThenDialsFresh() throws IOException {
        try (LoopbackServer echo = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            TunnelClientPool client =
                    client(clientFor(loopback(echo.port())).single(true).capacity(3));
            Awaits.await().until(() -> client.active() == 3);
            assertThat(client.ids()).allMatch(id -> id.matches("^[0-9a-f]{8}$"));
            List<String> pooled = client.ids();
            for (int i = 0; i < 3; i++) {
                try (TunnelConnection c = client.get()) {
                    assertThat(c).isNotNull();
                    assertThat(pooled).contains(c.id());
                    send(c, "echo");
                    assertThat(receive(c, 4)).isEqualTo("echo");
                }
            }
            client.close(); // stop the refill, so that the pool stays empty
            assertThat(client.get()).as("closed").isNull();
        }
    }

    private static HostAndPort loopback(int port) {
        return new HostAndPort("127.0.0.1", port);
    }

    @Test
    void np9_get_nothingPooled_dialsFreshInThePoolsTlsMode_orNullWhenTheDialFails() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder().tls(TlsServerConfig.of(cert)));
        // Not started: nothing is ever pooled, so get() must dial itself (NodePass would crash here).
        TunnelClientPool client = closeLater(TunnelClientPool.create(clientFor(address(server))
                .capacity(1)
                .tls(TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build())
                .build()));
        try (TunnelConnection fresh = client.get()) {
            assertThat(fresh).isNotNull();
            assertThat(fresh.isTls()).as("no silent downgrade to plain TCP").isTrue();
            assertThat(fresh.id()).matches("^[0-9a-f]{8}$");
            Awaits.await().until(() -> server.ids().contains(fresh.id()));
            try (TunnelConnection serverEnd = server.take(Duration.ofSeconds(5))) {
                assertThat(serverEnd.id()).isEqualTo(fresh.id());
                assertRoundTrip(serverEnd, fresh);
            }
        }
        assertThat(client.stats().freshDials()).isEqualTo(1);
        assertThat(client.stats().dials()).isEqualTo(1);

        server.close();
        assertThat(client.get()).as("server gone: the fresh dial fails").isNull();
        assertThat(client.stats().freshDials()).isEqualTo(2);
        assertThat(client.stats().connectFailures()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ NP-12

    @Test
    void np12_clientFlush_closesPooled_theServerSeesThemDead() throws Exception {
        RecordingServerSocket listener = listener();
        TunnelServerPool server = closeLater(startServer(
                listener, TunnelServerConfig.builder().name("server").build()));
        TunnelClientPool client = filledOnce(server, clientFor(address(server)), 3);
        client.flush();
        assertThat(client.active()).isZero();
        awaitEndOfStream(listener.accepted);
        assertThatThrownBy(() -> server.take(Duration.ZERO)).isInstanceOf(TunnelTimeoutException.class);
        assertThat(server.stats().discarded()).isEqualTo(3);
        assertThat(client.ready()).as("flush does not stop the pool").isTrue();
    }

    @Test
    void np12_serverFlush_closesPooled_theClientEndsReadEof() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = filledOnce(server, clientFor(address(server)), 3);
        server.flush();
        assertThat(server.active()).isZero();
        for (String id : client.ids()) {
            try (TunnelConnection c = client.get(id)) {
                assertThat(c.input().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void get_skipsDeadPooledConnections_countsThem() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        RecordingDialer dialer = new RecordingDialer();
        TunnelClientPool client = closeLater(TunnelClientPool.builder(clientFor(address(server))
                        .capacity(2)
                        .minInterval(Duration.ofHours(1))
                        .maxInterval(Duration.ofHours(1))
                        .build())
                .dialer(dialer)
                .build());
        client.start();
        Awaits.await().until(() -> client.active() == 2 && server.active() == 2);
        server.flush();
        awaitEndOfStream(dialer.sockets);
        try (TunnelConnection fresh = client.get()) {
            assertThat(fresh).isNotNull();
        }
        assertThat(client.stats().discarded()).isEqualTo(2);
        assertThat(client.stats().freshDials()).isEqualTo(1);
        assertThat(client.errorCount()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ NP-13, NP-14

    @Test
    void np13_afterClose_takeThrowsContextCanceled_getReturnsNull() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = client(clientFor(address(server)).capacity(1));
        Awaits.await().until(() -> client.active() == 1);
        String id = client.ids().get(0);
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        server.flush();
        Thread.ofVirtual().start(() -> {
            try {
                server.take();
                waiting.complete(null);
            } catch (Throwable e) {
                waiting.complete(e);
            }
        });
        server.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(TunnelClosedException.class)
                .hasMessage("Tunnel pool 'server': context canceled");
        assertThatThrownBy(server::take)
                .isInstanceOf(TunnelClosedException.class)
                .hasMessage("Tunnel pool 'server': context canceled");
        assertThat(((TunnelClosedException) waiting.get()).poolName()).isEqualTo("server");
        assertThat(server.ready()).isFalse();

        client.close();
        assertThat(client.get()).isNull();
        assertThat(client.get(id)).isNull();
        assertThat(client.ready()).isFalse();
        assertThatThrownBy(client::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Tunnel client 'client' is closed");
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Tunnel server 'server' is closed");
    }

    @Test
    void np14_addError_countsAndResets() {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client =
                closeLater(TunnelClientPool.create(clientFor(address(server)).build()));
        for (int i = 0; i < 3; i++) {
            client.addError();
            server.addError();
        }
        assertThat(client.errorCount()).isEqualTo(3);
        assertThat(server.errorCount()).isEqualTo(3);
        assertThat(client.stats().errors()).isEqualTo(3);
        client.resetErrors();
        server.resetErrors();
        assertThat(client.errorCount()).isZero();
        assertThat(server.stats().errors()).isZero();
    }

    // ------------------------------------------------------------------ NP-15 and the liveness fix

    @Test
    void np15_take_skipsAConnectionWhoseClientClosed() throws Exception {
        RecordingServerSocket listener = listener();
        TunnelServerPool server = closeLater(startServer(
                listener, TunnelServerConfig.builder().name("server").build()));
        TunnelClientPool client = filledOnce(server, clientFor(address(server)), 2);
        List<String> order = server.ids();
        TunnelConnection first = client.get(order.get(0));
        int port = first.socket().getLocalPort();
        first.close();
        // Wait for the FIN to reach the server's end; the end of stream stays, so the pool's probe sees it too.
        Socket raw = listener.accepted.stream()
                .filter(s -> s.getPort() == port)
                .findFirst()
                .orElseThrow();
        raw.setSoTimeout(5_000);
        assertThat(raw.getInputStream().read()).isEqualTo(-1);
        try (TunnelConnection taken = server.take(Duration.ofSeconds(5))) {
            assertThat(taken.id()).isEqualTo(order.get(1));
        }
        assertThat(server.stats().discarded()).isEqualTo(1);
    }

    @Test
    void take_dataWaiting_isAlive_andNoByteIsLost_tls() throws Exception {
        RecordingServerSocket listener = listener();
        TunnelServerPool server = closeLater(startServer(
                listener,
                TunnelServerConfig.builder()
                        .name("server")
                        .tls(TlsServerConfig.of(cert))
                        .build()));
        TunnelClientPool client = filledOnce(
                server,
                clientFor(address(server))
                        .tls(TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build()),
                1);
        String id = server.ids().get(0);
        try (TunnelConnection clientEnd = client.get(id)) {
            send(clientEnd, "xyz");
            // The encrypted record is in the server's kernel buffer, not yet decrypted: the probe must read it.
            Socket raw = listener.accepted.get(0);
            Awaits.await().until(() -> raw.getInputStream().available() > 0);
            try (TunnelConnection serverEnd = server.take(Duration.ofSeconds(5))) {
                assertThat(serverEnd.id()).isEqualTo(id);
                assertThat(receive(serverEnd, 3)).isEqualTo("xyz");
                assertRoundTrip(serverEnd, clientEnd);
            }
        }
        assertThat(server.stats().discarded()).isZero();
    }

    @Test
    void get_dataWaiting_isAlive_andNoByteIsLost_plain() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client = filledOnce(server, clientFor(address(server)), 1);
        try (TunnelConnection serverEnd = server.take(Duration.ofSeconds(5))) {
            send(serverEnd, "early");
            try (TunnelConnection clientEnd = client.get()) {
                assertThat(clientEnd.id()).isEqualTo(serverEnd.id());
                assertThat(receive(clientEnd, 5)).isEqualTo("early");
            }
        }
        assertThat(client.stats().freshDials()).isZero();
    }

    @Test
    void take_timeout_throwsTyped() {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        assertThatThrownBy(() -> server.take(Duration.ofMillis(20)))
                .isInstanceOf(TunnelTimeoutException.class)
                .hasMessage("Tunnel pool 'server': no connection within 20 ms")
                .satisfies(
                        e -> assertThat(((TunnelTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(20)));
        assertThatThrownBy(() -> server.take(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-0.001S");
    }

    @Test
    void take_waitsForTheNextConnection() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        CompletableFuture<TunnelConnection> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return server.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        TunnelClientPool client = client(clientFor(address(server)).capacity(1));
        try (TunnelConnection serverEnd = taken.get(10, TimeUnit.SECONDS)) {
            Awaits.await().until(() -> client.ids().contains(serverEnd.id()));
        }
    }

    @Test
    void serverClose_closesTheListener() throws Exception {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        int port = server.localAddress().getPort();
        server.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void socketsGetTcpNoDelayAndKeepAlive() throws Exception {
        RecordingDialer dialer = new RecordingDialer();
        RecordingServerSocket listener = listener();
        TunnelServerPool server =
                closeLater(startServer(listener, TunnelServerConfig.builder().build()));
        TunnelClientPool client = closeLater(
                TunnelClientPool.builder(clientFor(address(server)).capacity(1).build())
                        .dialer(dialer)
                        .build());
        client.start();
        Awaits.await().until(() -> client.active() == 1);
        Awaits.await().until(() -> server.active() == 1);
        for (Socket s : List.of(dialer.sockets.get(0), listener.accepted.get(0))) {
            assertThat(s.getTcpNoDelay()).isTrue();
            assertThat(s.getKeepAlive()).isTrue();
            assertThat(s.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
            assertThat(s.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL))
                    .isEqualTo(30);
        }
    }

    @Test
    void serverTcpNoDelayOff_isOff() throws Exception {
        RecordingServerSocket listener = listener();
        TunnelServerPool server = closeLater(startServer(
                listener,
                TunnelServerConfig.builder()
                        .tcpNoDelay(false)
                        .keepAlive(Duration.ZERO)
                        .build()));
        TunnelClientPool client = client(clientFor(address(server)).capacity(1));
        Awaits.await().until(() -> client.active() == 1 && server.active() == 1);
        assertThat(listener.accepted.get(0).getTcpNoDelay()).isFalse();
        assertThat(listener.accepted.get(0).getKeepAlive()).isFalse();
    }

    @Test
    void bind_opensItsOwnListener() throws Exception {
        TunnelServerPool server = closeLater(
                TunnelServerPool.bind(new java.net.InetSocketAddress("127.0.0.1", 0), TunnelServerConfig.defaults()));
        server.start();
        TunnelClientPool client = client(clientFor(address(server)).capacity(1));
        Awaits.await().until(() -> client.active() == 1);
        assertThat(server.localAddress().getPort()).isPositive();
    }

    @Test
    void toStrings_nameThePools() throws ExecutionException {
        TunnelServerPool server = server(TunnelServerConfig.builder());
        TunnelClientPool client =
                closeLater(TunnelClientPool.create(clientFor(address(server)).build()));
        assertThat(server.toString())
                .isEqualTo("TunnelServerPool[server, 127.0.0.1:"
                        + server.localAddress().getPort() + ", active=0]");
        assertThat(client.toString())
                .isEqualTo("TunnelClientPool[client, 127.0.0.1:"
                        + server.localAddress().getPort() + ", active=0, capacity=5, interval=500ms]");
    }
}
