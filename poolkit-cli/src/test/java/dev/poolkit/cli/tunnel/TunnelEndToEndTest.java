package dev.poolkit.cli.tunnel;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.ClientAllowList;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code poolkit tunnel} end to end on loopback: an echo target behind a {@link TunnelServer},
 * local clients through a {@link TunnelClient}; 1 MiB each way, plain and TLS; a restart of
 * either side recovers without restarting the other; the allow-list refuses other addresses.
 */
@Timeout(120)
class TunnelEndToEndTest {

    private static final int MIB = 1 << 20;
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("tunnel test", "localhost");

    /** The TLS setups under test. */
    enum Tls {
        NONE,
        SELF_SIGNED,
        VERIFIED;

        Optional<TlsServerConfig> server() {
            return this == NONE ? Optional.empty() : Optional.of(TlsServerConfig.of(CERT));
        }

        TlsClientConfig client() {
            return switch (this) {
                case NONE -> TlsClientConfig.none();
                case SELF_SIGNED ->
                    TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build();
                case VERIFIED ->
                    TlsClientConfig.builder()
                            .mode(TlsMode.VERIFIED)
                            .serverName("localhost")
                            .trustStore(CERT.trustStore())
                            .build();
            };
        }
    }

    private LoopbackServer target;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startTarget() {
        target = LoopbackServer.start(LoopbackServer.Mode.ECHO);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        target.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Threads.assertNoThreadsNamed("poolkit-tunnel-"));
    }

    private TunnelServer server(Tls tls, ClientAllowList allow, int tunnelPort, int controlPort) throws IOException {
        TunnelServer server = TunnelServer.start(
                new TunnelServer.Settings(
                        "t",
                        new InetSocketAddress("127.0.0.1", tunnelPort),
                        new InetSocketAddress("127.0.0.1", controlPort),
                        new HostAndPort("127.0.0.1", target.port()),
                        tls.server(),
                        allow,
                        TunnelServer.DEFAULT_PAIR_TIMEOUT),
                new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
        open.add(server);
        return server;
    }

    private TunnelServer server(Tls tls) throws IOException {
        return server(tls, ClientAllowList.allowAll(), 0, 0);
    }

    private TunnelClient client(Tls tls, TunnelServer server) throws IOException {
        return client(
                tls, server.tunnelAddress().getPort(), server.controlAddress().getPort(), registry());
    }

    private TunnelClient client(Tls tls, int tunnelPort, int controlPort, PrometheusMeterRegistry registry)
            throws IOException {
        TunnelClient client = TunnelClient.start(
                new TunnelClient.Settings(
                        "t",
                        new HostAndPort("127.0.0.1", tunnelPort),
                        new HostAndPort("127.0.0.1", controlPort),
                        new InetSocketAddress("127.0.0.1", 0),
                        tls.client(),
                        TunnelClient.DEFAULT_OPEN_TIMEOUT),
                registry);
        open.add(client);
        return client;
    }

    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    }

    private static void awaitReady(TunnelServer server, TunnelClient client) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.controlConnected()
                        && server.controlConnected()
                        && server.pool().active() > 0
                        && client.pool().active() > 0);
    }

    /**
     * Sends {@code size} random bytes through the tunnel to the echo target, half-closes, and
     * returns what came back until the end of stream.
     */
    private static void roundTrip(TunnelClient client, int size, long seed) throws Exception {
        byte[] sent = new byte[size];
        new SplittableRandom(seed).nextBytes(sent);
        try (Socket local = new Socket()) {
            local.connect(client.localAddress(), 5_000);
            // a virtual thread writes while this one reads: neither side's buffers can hold 1 MiB
            Thread writer = Thread.ofVirtual().name("test-tunnel-writer").start(() -> {
                try {
                    local.getOutputStream().write(sent);
                    local.shutdownOutput();
                } catch (IOException e) {
                    // the read below fails too, and reports it
                }
            });
            byte[] received = local.getInputStream().readAllBytes();
            assertThat(writer.join(Duration.ofSeconds(60))).isTrue();
            assertThat(received.length).isEqualTo(size);
            assertThat(received).isEqualTo(sent);
        }
    }

    // ------------------------------------------------------------------ transfer

    @ParameterizedTest
    @EnumSource(Tls.class)
    void relay_oneMebibyteEachWay_arrivesIntact(Tls tls) throws Exception {
        TunnelServer server = server(tls);
        TunnelClient client = client(tls, server);
        awaitReady(server, client);

        roundTrip(client, MIB, 1);

        assertThat(target.bytesRead()).isEqualTo(MIB);
        await().untilAsserted(() -> {
            assertThat(server.activeRelays()).isZero();
            assertThat(client.activeRelays()).isZero();
        });
    }

    @Test
    void relay_concurrentConnections_eachGetsItsOwnBytes() throws Exception {
        TunnelServer server = server(Tls.SELF_SIGNED);
        TunnelClient client = client(Tls.SELF_SIGNED, server);
        awaitReady(server, client);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                runs.add(threads.submit(() -> {
                    roundTrip(client, 64 * 1024 + (int) seed, seed);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(target.acceptedConnections()).isEqualTo(8);
    }

    @Test
    void relay_targetDown_localConnectionClosed_failureCounted() throws Exception {
        TunnelServer server = server(Tls.NONE);
        TunnelClient client = client(Tls.NONE, server);
        awaitReady(server, client);
        target.stop();
        try (Socket local = new Socket()) {
            local.connect(client.localAddress(), 5_000);
            local.setSoTimeout(20_000);
            assertThat(local.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(server.controlRefused()).isZero();
        assertThat(server.controlConnected()).isTrue(); // the control connection survives a failed pairing
    }

    // ------------------------------------------------------------------ restarts

    @Test
    void serverRestart_clientReconnectsByItself_relaysAgain() throws Exception {
        TunnelServer first = server(Tls.SELF_SIGNED);
        int tunnelPort = first.tunnelAddress().getPort();
        int controlPort = first.controlAddress().getPort();
        TunnelClient client = client(Tls.SELF_SIGNED, first);
        awaitReady(first, client);
        roundTrip(client, 4096, 1);

        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !client.controlConnected());
        TunnelServer second = server(Tls.SELF_SIGNED, ClientAllowList.allowAll(), tunnelPort, controlPort);
        awaitReady(second, client);

        assertThat(client.sessions()).isEqualTo(2);
        roundTrip(client, MIB, 2);
    }

    @Test
    void clientRestart_serverAcceptsTheNewClient_relaysAgain() throws Exception {
        TunnelServer server = server(Tls.SELF_SIGNED);
        TunnelClient first = client(Tls.SELF_SIGNED, server);
        awaitReady(server, first);
        roundTrip(first, 4096, 1);

        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.controlConnected());
        TunnelClient second = client(Tls.SELF_SIGNED, server);
        awaitReady(server, second);

        roundTrip(second, MIB, 2);
        assertThat(server.controlRefused()).isZero();
    }

    // ------------------------------------------------------------------ allow-list

    @Test
    void allowList_excludesLoopback_refusesTunnelAndControlConnections() throws Exception {
        // every connection here comes from 127.0.0.1, so an allow-list without it refuses them all
        TunnelServer server = server(Tls.NONE, ClientAllowList.of("10.0.0.0/8", "192.0.2.7"), 0, 0);
        TunnelClient client = client(Tls.NONE, server);

        await().atMost(Duration.ofSeconds(30)).until(() -> server.controlRefused() >= 1);
        assertThat(server.controlConnected()).isFalse();
        // a tunnel connection is closed before it gets an ID
        try (Socket tunnel = new Socket()) {
            tunnel.connect(server.tunnelAddress(), 5_000);
            tunnel.setSoTimeout(20_000);
            assertThat(tunnel.getInputStream().read()).isEqualTo(-1);
        }
        await().until(() -> server.pool().stats().rejected() >= 1);
        assertThat(client.controlConnected()).isFalse();
        assertThat(server.pool().active()).isZero();
        try (Socket local = new Socket()) {
            local.connect(client.localAddress(), 5_000);
            local.setSoTimeout(20_000);
            assertThat(local.getInputStream().read()).isEqualTo(-1); // closed at once: no server
        }
        assertThat(target.acceptedConnections()).isZero();
    }

    @Test
    void allowList_includesLoopback_relays() throws Exception {
        TunnelServer server = server(Tls.NONE, ClientAllowList.of("10.0.0.0/8", "127.0.0.0/8"), 0, 0);
        TunnelClient client = client(Tls.NONE, server);
        awaitReady(server, client);
        roundTrip(client, 4096, 3);
        assertThat(server.controlRefused()).isZero();
    }

    // ------------------------------------------------------------------ admin

    @Test
    void admin_healthFollowsTheControlConnection_metricsCountRelays() throws Exception {
        TunnelServer server = server(Tls.NONE);
        int tunnelPort = server.tunnelAddress().getPort();
        int controlPort = server.controlAddress().getPort();
        PrometheusMeterRegistry registry = registry();
        TunnelClient client = client(Tls.NONE, tunnelPort, controlPort, registry);
        AdminServer admin = TunnelCommand.admin(
                new InetSocketAddress("127.0.0.1", 0),
                registry,
                TunnelHealth.route(
                        "client", client::controlConnected, () -> client.pool().active(), client::activeRelays));
        open.add(admin);
        awaitReady(server, client);
        roundTrip(client, 1000, 4);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(admin.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .startsWith("{\"status\":\"serving\",\"side\":\"client\",\"control\":true,\"pooled\":");

        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(admin.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("poolkit_tunnel_relays_total{outcome=\"paired\",side=\"client\"} 1.0")
                .contains("poolkit_tunnel_relayed_bytes_total{direction=\"up\",side=\"client\"} 1000.0")
                .contains("poolkit_tunnel_relayed_bytes_total{direction=\"down\",side=\"client\"} 1000.0")
                .contains("poolkit_tunnel_control_connected{side=\"client\"} 1.0")
                .contains("poolkit_tunnel_pooled{pool=\"t\",side=\"client\"}");

        server.close();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create(admin.url() + "/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(503));
    }
}
