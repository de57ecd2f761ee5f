package dev.poolkit.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.poolkit.monitor.HealthCheck;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready-made checks against real servers on 127.0.0.1, port 0. */
class HealthChecksTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Runs one check inline through a monitor (fake clock: the check gets its full 2 s timeout). */
    private static String runOnce(HealthCheck check) {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        Monitor m = Monitor.builder(Info.of("probe"))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .config(MonitorConfig.builder()
                        .checkTimeout(Duration.ofSeconds(2))
                        .build())
                .healthCheck(check)
                .build();
        m.start();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.runDue()).isEqualTo(1);
        m.stop();
        return m.message();
    }

    // ---------------------------------------------------------------- TCP

    @Test
    @DisplayName("tcpConnect follows a backend that is stopped and restarted on the same port")
    void tcpConnect_stoppedAndRestartedBackend() {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.CLOSE)) {
            HealthCheck check = HealthChecks.tcpConnect(server.address());
            assertThat(runOnce(check)).isEmpty();
            // the server counts a connection when its accept loop gets to it, after the client returned;
            // a stop before that would drop the connection from the kernel's queue uncounted
            Awaits.await().until(() -> server.acceptedConnections() == 1);
            server.stop();
            assertThat(runOnce(check)).isEqualTo("tcp connect to " + server.address() + " failed: Connection refused");
            server.restart();
            assertThat(runOnce(check)).isEmpty();
            Awaits.await().until(() -> server.acceptedConnections() == 2 && server.openConnections() == 0);
        }
    }

    // ---------------------------------------------------------------- TLS

    private static SSLContext serverContext;
    private static SSLContext trustingClientContext;

    @BeforeAll
    static void generateKeyPair(@TempDir Path dir) throws Exception {
        // a fresh self-signed EC key pair per run, from the running JDK's keytool: no key is committed
        Path store = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trustingClientContext = SSLContext.getInstance("TLS");
        trustingClientContext.init(null, tmf.getTrustManagers(), null);
    }

    /** A TLS server that completes one handshake per connection. */
    private static final class TlsServer implements AutoCloseable {
        final SSLServerSocket socket;
        final Thread acceptor;

        TlsServer() throws IOException {
            socket = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 50, LOOPBACK);
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        ((SSLSocket) s).startHandshake();
                    } catch (IOException e) {
                        // a client that rejects the certificate aborts the handshake: next one
                    }
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("tlsHandshake succeeds with a trusting context (host name verified) and fails without trust")
    void tlsHandshake_trustedAndUntrusted() throws Exception {
        try (TlsServer server = new TlsServer()) {
            InetSocketAddress byIp =
                    new InetSocketAddress("127.0.0.1", server.address().getPort());
            assertThat(runOnce(HealthChecks.tlsHandshake(byIp, trustingClientContext, true)))
                    .isEmpty();
            assertThat(runOnce(HealthChecks.tlsHandshake(byIp, SSLContext.getDefault(), false)))
                    .startsWith("tls handshake with ")
                    .contains("failed: ");
        }
    }

    @Test
    @DisplayName("tlsHandshake against a plain TCP server that never answers fails at the deadline")
    void tlsHandshake_silentServer_timesOut() {
        try (LoopbackServer silent = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            HealthCheck check = HealthChecks.tlsHandshake(silent.address(), trustingClientContext, false);
            // the fake clock gives the check 2 s; the read timeout ends the handshake
            assertThat(runOnce(check)).contains("timed out");
            Awaits.await().until(() -> silent.openConnections() == 0);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private static HttpServer http;

    @BeforeAll
    static void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.createContext("/ok", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.createContext("/down", ex -> {
            byte[] body = "down".getBytes();
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterAll
    static void stopHttp() {
        http.stop(0);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
    }

    @Test
    @DisplayName("httpGet passes on 2xx, fails on 503 with the status, fails on a closed port")
    void httpGet_statuses() throws IOException {
        try (HealthChecks.HttpGetCheck ok = HealthChecks.httpGet(uri("/ok"), null);
                HealthChecks.HttpGetCheck down = HealthChecks.httpGet(uri("/down"), null)) {
            assertThat(runOnce(ok)).isEmpty();
            assertThat(runOnce(down)).isEqualTo("HTTP GET " + uri("/down") + " returned 503");
        }
        try (LoopbackServer gone = LoopbackServer.start(LoopbackServer.Mode.CLOSE);
                HealthChecks.HttpGetCheck refused =
                        HealthChecks.httpGet(URI.create("http://127.0.0.1:" + gone.port() + "/"), null)) {
            gone.stop();
            assertThat(runOnce(refused)).isNotEmpty();
        }
        assertThatThrownBy(() -> HealthChecks.httpGet(URI.create("ftp://127.0.0.1/"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must be http or https, but was ftp://127.0.0.1/");
    }

    // ---------------------------------------------------------------- pool

    @Test
    @DisplayName("poolCanLease passes while a resource is free and fails with the pool's timeout when exhausted")
    void poolCanLease_freeAndExhausted() throws Exception {
        ResourceFactory<Object> factory = Object::new;
        try (Pool<Object> pool = Pool.builder(factory).name("db").maxSize(1).build()) {
            HealthCheck check = HealthChecks.poolCanLease(pool, Duration.ofMillis(50));
            assertThat(runOnce(check)).isEmpty();
            assertThat(pool.stats().leased()).as("the lease was returned").isZero();
            try (Lease<Object> held = pool.acquire(Duration.ofSeconds(1))) {
                assertThat(runOnce(check)).contains("db");
                assertThat(held.isActive()).isTrue();
            }
            assertThat(runOnce(HealthChecks.poolCanLease(pool))).isEmpty();
        }
    }
}
