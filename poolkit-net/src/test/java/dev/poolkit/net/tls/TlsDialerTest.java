package dev.poolkit.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS client modes against a real loopback TLS 1.3 server presenting a generated certificate. */
@Timeout(30)
class TlsDialerTest {

    private static SelfSignedCertificate cert;
    private static TlsEchoServer server;

    @BeforeAll
    static void startServer() throws IOException {
        cert = SelfSignedCertificate.generate("poolkit test", "localhost", "127.0.0.1");
        server = new TlsEchoServer(TlsServerConfig.of(cert));
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    private static void assertEchoes(Socket socket) throws IOException {
        socket.getOutputStream().write("ping".getBytes());
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
    }

    @Test
    void selfSigned_encryptsWithTls13_withoutVerifying() throws IOException {
        TlsDialer dialer = new TlsDialer(
                Dialer.tcp(),
                TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build());
        try (Socket socket = dialer.dial(server.address())) {
            assertThat(socket).isInstanceOf(SSLSocket.class);
            assertThat(((SSLSocket) socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(((SSLSocket) socket).getSession().getPeerCertificates()[0])
                    .isEqualTo(cert.certificate());
            assertThat(socket.getTcpNoDelay())
                    .as("TCP_NODELAY from the plain dialer")
                    .isTrue();
            assertEchoes(socket);
        }
    }

    @Test
    void verified_withTheCertificateAsTrustStore_checksTheHostName() throws IOException {
        for (String name : List.of("localhost", "127.0.0.1")) {
            TlsDialer dialer = new TlsDialer(
                    Dialer.tcp(),
                    TlsClientConfig.builder()
                            .mode(TlsMode.VERIFIED)
                            .serverName(name)
                            .trustStore(cert.trustStore())
                            .build());
            try (Socket socket = dialer.dial(server.address())) {
                assertThat(((SSLSocket) socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertEchoes(socket);
            }
        }
    }

    @Test
    void verified_dialledHostIsTheNameByDefault() throws IOException {
        TlsDialer dialer = new TlsDialer(
                Dialer.tcp(),
                TlsClientConfig.builder()
                        .mode("2")
                        .trustStore(cert.trustStore())
                        .build());
        try (Socket socket =
                dialer.dial(new InetSocketAddress("127.0.0.1", server.address().getPort()))) {
            assertEchoes(socket);
        }
    }

    @Test
    void verified_withTheJdkTrustStore_rejectsTheSelfSignedCertificate() {
        TlsDialer dialer = new TlsDialer(
                Dialer.tcp(),
                TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .build());
        assertThatThrownBy(() -> dialer.dial(server.address()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith(
                        "TLS handshake with localhost:" + server.address().getPort() + " failed: ");
    }

    @Test
    void verified_wrongHostName_rejected() {
        TlsDialer dialer = new TlsDialer(
                Dialer.tcp(),
                TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("example.invalid")
                        .trustStore(cert.trustStore())
                        .build());
        assertThatThrownBy(() -> dialer.dial(server.address()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith(
                        "TLS handshake with example.invalid:" + server.address().getPort() + " failed: ")
                .hasMessageContaining("example.invalid");
    }

    @Test
    void verified_otherCertificateTrusted_rejected() {
        SelfSignedCertificate other = SelfSignedCertificate.generate("other", "localhost");
        TlsDialer dialer = new TlsDialer(
                Dialer.tcp(),
                TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .trustStore(other.trustStore())
                        .build());
        assertThatThrownBy(() -> dialer.dial(server.address())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void none_returnsThePlainSocket() throws IOException {
        List<Socket> dialled = new ArrayList<>();
        Dialer recording = address -> {
            Socket s = Dialer.tcp().dial(address);
            dialled.add(s);
            return s;
        };
        try (LoopbackServer echo = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Socket socket = new TlsDialer(recording, TlsClientConfig.none()).dial(echo.address())) {
            assertThat(socket).isSameAs(dialled.get(0)).isNotInstanceOf(SSLSocket.class);
            assertEchoes(socket);
        }
    }

    @Test
    void handshake_silentServer_timesOutAndClosesTheSocket() throws IOException {
        List<Socket> dialled = new ArrayList<>();
        Dialer recording = address -> {
            Socket s = Dialer.tcp().dial(address);
            dialled.add(s);
            return s;
        };
        TlsDialer dialer = new TlsDialer(
                recording,
                TlsClientConfig.builder()
                        .mode(TlsMode.SELF_SIGNED)
                        .handshakeTimeout(Duration.ofMillis(200))
                        .build());
        try (LoopbackServer silent = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            assertThatThrownBy(() -> dialer.dial(new InetSocketAddress("127.0.0.1", silent.port())))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("TLS handshake with 127.0.0.1:" + silent.port() + " timed out after 200 ms");
            assertThat(dialled)
                    .singleElement()
                    .satisfies(s -> assertThat(s.isClosed()).isTrue());
            Awaits.await().until(() -> silent.openConnections() == 0);
        }
    }

    @Test
    void handshake_restoresTheDialersReadTimeout() throws IOException {
        Dialer plain = Dialer.tcp(
                DialerConfig.builder().readTimeout(Duration.ofMillis(1234)).build());
        TlsDialer dialer = new TlsDialer(
                plain, TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build());
        try (Socket socket = dialer.dial(server.address())) {
            assertThat(socket.getSoTimeout()).isEqualTo(1234);
        }
    }

    @Test
    void config_isKept() {
        TlsClientConfig config =
                TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build();
        TlsDialer dialer = new TlsDialer(Dialer.tcp(), config);
        assertThat(dialer.config()).isSameAs(config);
        assertThat(dialer.toString()).startsWith("TlsDialer[SELF_SIGNED, Dialer[tcp, ");
    }
}
