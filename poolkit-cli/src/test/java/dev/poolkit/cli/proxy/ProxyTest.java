package dev.poolkit.cli.proxy;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.demo.DemoBackend;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.service.HostStatus;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy in-process: real sockets on loopback, real backends, the admin endpoint over HTTP. */
@Timeout(60)
class ProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        Threads.assertNoPoolkitThreads(); // acceptor, reaper, scheduler: all gone with the proxy
    }

    /** Fast monitors: down after one failed check, up after two good ones, a check every 50 ms. */
    static ProxyConfig.Builder config(String... backends) {
        return ProxyConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .backends(Stream.of(backends).map(HostAndPort::parse).toList())
                .pool(PoolConfig.builder()
                        .maxSize(64)
                        .minIdle(2)
                        .acquireTimeout(Duration.ofSeconds(2))
                        .build())
                .monitor(MonitorConfig.builder()
                        .intervalCheck(Duration.ofMillis(50))
                        .checkTimeout(Duration.ofSeconds(1))
                        .build())
                .drainTimeout(Duration.ofSeconds(5))
                .admin(Optional.of(AdminConfig.of(new InetSocketAddress("127.0.0.1", 0))));
    }

    private Proxy start(ProxyConfig config) throws IOException {
        Proxy proxy = Proxy.start(config, ProxyMetrics.newRegistry());
        resources.add(proxy);
        return proxy;
    }

    private DemoBackend backend(String name) throws IOException {
        DemoBackend b = DemoBackend.start(name, 0);
        resources.add(b);
        return b;
    }

    /** One line-protocol client connection through the proxy. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        String call(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---------------------------------------------------------------- relay

    @Test
    void relay_manyClientsOnVirtualThreads_everyByteBackInOrder() throws Exception {
        try (LoopbackServer a = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                LoopbackServer b = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            Proxy proxy = start(
                    config("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()).build());
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 32; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        byte[] payload = new byte[200_000]; // larger than every buffer: back-pressure both ways
                        ThreadLocalRandom.current().nextBytes(payload);
                        assertThat(echoWithHalfClose(proxy.address(), payload)).isEqualTo(payload);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertThat(failures).isEmpty();
            await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 32);
            assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.UP)).isEqualTo(32L * 200_000);
            assertThat(proxy.metrics().bytes(ProxyMetrics.Direction.DOWN)).isEqualTo(32L * 200_000);
            assertThat(proxy.service().hosts())
                    .allSatisfy(h -> assertThat(h.requests()).isPositive());
        }
    }

    /** Writes everything, half-closes, and reads until the proxy passes the backend's end on. */
    static byte[] echoWithHalfClose(InetSocketAddress proxy, byte[] payload) throws Exception {
        try (Socket s = new Socket(proxy.getAddress(), proxy.getPort())) {
            s.setSoTimeout(20_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            writer.join();
            return back;
        }
    }

    @Test
    void relay_backendConnection_neverReusedByTheNextClient() throws Exception {
        DemoBackend backend = backend("only");
        Proxy proxy = start(config(backend.address()).build());
        try (Client first = new Client(proxy.address())) {
            assertThat(first.call("SET secret-of-the-first-client")).isEqualTo("OK");
            assertThat(first.call("GET")).isEqualTo("secret-of-the-first-client");
        }
        for (int i = 0; i < 5; i++) {
            try (Client next = new Client(proxy.address())) {
                assertThat(next.call("GET")).isEqualTo("(nil)");
            }
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 6);
        HostStatus host = proxy.service().hosts().get(0);
        assertThat(host.pool().destroyed()).isGreaterThanOrEqualTo(6); // each session's connection closed
        assertThat(host.pool().fatalReleases()).isZero();
        await().until(() -> proxy.service().hosts().get(0).pool().idle() == 2); // minIdle keeps two warm
    }

    @Test
    void relay_backendResetsMidSession_clientClosedCountedAndHostScoredDown() throws Exception {
        DemoBackend flaky = DemoBackend.start("flaky", 0.999_999);
        resources.add(flaky);
        Proxy proxy = start(config(flaky.address()).build());
        try (Client client = new Client(proxy.address())) {
            assertThat(client.call("PING")).isNull(); // reset on the backend: the client's stream ends
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR) == 1);
        assertThat(proxy.metrics().backendFailures(HostAndPort.parse(flaky.address())))
                .isEqualTo(1);
        assertThat(proxy.service().hosts().get(0).score()).isLessThan(1.0);
    }

    @Test
    void relay_tlsToTheBackend_verifiedAgainstItsCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("poolkit test", "localhost");
        TlsServerConfig tls = TlsServerConfig.of(cert);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket accepted = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (Socket s = tls.secure(accepted)) {
                            s.getInputStream().transferTo(s.getOutputStream()); // a TLS echo
                        } catch (IOException e) {
                            // the monitor's check closes right after the handshake
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        Proxy proxy = start(config("127.0.0.1:" + server.getLocalPort())
                .tls(TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .trustStore(cert.trustStore())
                        .build())
                .build());
        try (Client c = new Client(proxy.address())) {
            assertThat(c.call("over TLS to the backend")).isEqualTo("over TLS to the backend");
        }
        await().until(() -> proxy.monitors()
                        .get("127.0.0.1:" + server.getLocalPort())
                        .orElseThrow()
                        .status()
                == Status.OK);
    }

    @Test
    void workers_allBusy_busyReplyThenClose() throws Exception {
        DemoBackend a = backend("a");
        ProxyConfig.Builder b = config(a.address()).busyReply("-ERR busy\r\n");
        b.workers(b.workers().toBuilder().maxWorkers(1).build());
        Proxy proxy = start(b.build());
        try (Client first = new Client(proxy.address())) {
            assertThat(first.call("PING")).isEqualTo("PONG a");
            try (Client second = new Client(proxy.address())) {
                assertThat(second.in.readLine()).isEqualTo("-ERR busy");
                assertThat(second.in.readLine()).isNull();
            }
            assertThat(first.call("PING")).isEqualTo("PONG a");
        }
    }

    @Test
    void idleTimeout_silentSession_closed() throws Exception {
        DemoBackend a = backend("a");
        Proxy proxy =
                start(config(a.address()).idleTimeout(Duration.ofSeconds(1)).build());
        try (Client c = new Client(proxy.address())) {
            assertThat(c.call("PING")).isEqualTo("PONG a");
            assertThat(c.in.readLine()).isNull(); // nothing sent either way: the reaper closes it
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.CLIENT_ERROR) == 1);
        await().until(() -> a.openConnections() == 2); // the session's backend connection closed too
    }

    // ---------------------------------------------------------------- monitors

    @Test
    void monitor_backendKilledAndRevived_outOfRotationAndBack() throws Exception {
        DemoBackend a = backend("a");
        DemoBackend b = backend("b");
        Proxy proxy = start(config(a.address(), b.address()).build());
        await().until(() -> proxy.monitors()
                .get(a.address())
                .orElseThrow()
                .status()
                .toString()
                .equals("OK"));

        a.stop();
        await().until(() -> !enabled(proxy, a.address()));
        for (int i = 0; i < 20; i++) {
            try (Client c = new Client(proxy.address())) {
                assertThat(c.call("PING")).isEqualTo("PONG b");
            }
        }

        a.restart();
        await().until(() -> enabled(proxy, a.address()));
        await().until(() -> {
            try (Client c = new Client(proxy.address())) {
                return "PONG a".equals(c.call("PING"));
            }
        });
    }

    private static boolean enabled(Proxy proxy, String host) {
        return proxy.service().hosts().stream()
                .filter(h -> h.host().equals(host))
                .findFirst()
                .orElseThrow()
                .enabled();
    }

    // ---------------------------------------------------------------- admin

    @Test
    void admin_healthHostsPools_jsonShapes() throws Exception {
        DemoBackend a = backend("a");
        Proxy proxy = start(config(a.address()).build());
        String url = proxy.adminUrl().orElseThrow();

        HttpResponse<String> health = get(url + "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.get("status").asText()).isEqualTo("UP");
        assertThat(h.get("components").get(a.address()).get("status").asText()).isEqualTo("UP");

        JsonNode hosts = JSON.readTree(get(url + "/hosts", null).body());
        assertThat(hosts.get("service").asText()).isEqualTo("proxy");
        assertThat(hosts.get("strategy").asText()).isEqualTo("p2c-least-outstanding");
        assertThat(hosts.get("hosts").get(0).get("host").asText()).isEqualTo(a.address());
        assertThat(fieldNames(hosts.get("hosts").get(0)))
                .containsExactly(
                        "host",
                        "enabled",
                        "monitor",
                        "score",
                        "outstanding",
                        "requests",
                        "share",
                        "getFailures",
                        "releases",
                        "failures",
                        "backendFailures");

        JsonNode pools = JSON.readTree(get(url + "/pools", null).body());
        assertThat(pools.get("settings").get("acquireTimeout").asText()).isEqualTo("PT2S");
        assertThat(pools.get("pools").get(0).get("minIdle").asInt()).isEqualTo(2);

        HttpResponse<String> disabled = post(url + "/hosts/" + a.address() + "/disable");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.body())
                .isEqualTo("{\"host\":\"" + a.address() + "\",\"action\":\"disable\",\"enabled\":false}");
        HttpResponse<String> down = get(url + "/health", null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(down.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(post(url + "/hosts/" + a.address() + "/enable").statusCode()).isEqualTo(200);
        assertThat(get(url + "/health", null).statusCode()).isEqualTo(200);

        HttpResponse<String> unknown = post(url + "/hosts/127.0.0.1:1/enable");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no backend '127.0.0.1:1'\"}");
        assertThat(get(url + "/monitors", null).body()).contains(a.address());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void admin_token_requiredOn401() throws Exception {
        DemoBackend a = backend("a");
        ProxyConfig.Builder b = config(a.address());
        b.admin(Optional.of(b.admin().orElseThrow().withToken("s3cret")));
        Proxy proxy = start(b.build());
        String url = proxy.adminUrl().orElseThrow();
        assertThat(get(url + "/hosts", null).statusCode()).isEqualTo(401);
        assertThat(get(url + "/hosts", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(url + "/hosts", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void admin_metrics_passPromtool() throws Exception {
        DemoBackend a = backend("a");
        PrometheusMeterRegistry registry = ProxyMetrics.newRegistry();
        Proxy proxy = Proxy.start(config(a.address()).build(), registry);
        resources.add(proxy);
        try (Client c = new Client(proxy.address())) {
            assertThat(c.call("PING")).isEqualTo("PONG a");
        }
        await().until(() -> proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED) == 1);
        HttpResponse<String> metrics = get(proxy.adminUrl().orElseThrow() + "/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        String text = metrics.body();
        assertThat(text)
                .contains("poolkit_proxy_sessions_total{outcome=\"completed\",proxy=\"proxy\"} 1.0")
                .contains("poolkit_pool_idle")
                .contains("poolkit_service_")
                .contains("poolkit_worker_")
                .contains("monitor_")
                .contains("jvm_memory_used_bytes");
        Promtool.assertCheckMetricsClean(text);
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void stop_openSession_drainsItThenRefusesNewClients() throws Exception {
        DemoBackend a = backend("a");
        Proxy proxy = start(config(a.address()).build());
        InetSocketAddress address = proxy.address();
        AtomicInteger probesAccepted = new AtomicInteger();
        try (Client open = new Client(address)) {
            assertThat(open.call("PING")).isEqualTo("PONG a");
            Thread stopper = Thread.ofVirtual().start(() -> proxy.stop(Duration.ofSeconds(30)));
            await().until(() -> {
                try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                    probesAccepted.incrementAndGet(); // before the listener closed: a session of its own
                    return false;
                } catch (IOException e) {
                    return true; // the listener is closed
                }
            });
            assertThat(open.call("ECHO still served while draining")).isEqualTo("still served while draining");
            open.socket.shutdownOutput();
            assertThat(open.in.readLine()).isNull();
            stopper.join();
        }
        // a probe the kernel accepted before the listener closed may or may not have become a session
        assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED)).isBetween(1L, 1L + probesAccepted.get());
        assertThat(proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR)).isZero();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
