package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example of {@code docs/tunnel.md} and {@link TunnelClientPool}'s Javadoc, run for real. */
@Timeout(60)
class TunnelExamplesTest {

    @Test
    void tunnel_verifiedTls_pairByIdWithMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // example: tunnel
        SelfSignedCertificate cert = SelfSignedCertificate.generate("example", "localhost");

        // The listening side: TLS 1.3 with the generated certificate, loopback clients only.
        TunnelServerPool server = TunnelServerPool.bind(
                new InetSocketAddress("127.0.0.1", 0),
                TunnelServerConfig.builder()
                        .name("inbound")
                        .tls(TlsServerConfig.of(cert))
                        .allow("127.0.0.0/8", "::1")
                        .build());
        server.start();

        // The dialling side: 4 to 16 connections kept ready, the server's certificate and name verified.
        TunnelClientPool client = TunnelClientPool.create(TunnelClientConfig.builder(
                        new HostAndPort("127.0.0.1", server.localAddress().getPort()))
                .name("outbound")
                .minCapacity(4)
                .maxCapacity(16)
                .tls(TlsClientConfig.builder()
                        .mode(TlsMode.VERIFIED)
                        .serverName("localhost")
                        .trustStore(cert.trustStore())
                        .build())
                .build());
        client.start();
        TunnelPoolMetrics metrics = TunnelPoolMetrics.bind(client, registry);
        // end example
        Awaits.await().until(() -> client.active() == 4 && server.active() == 4);
        // example: pairing
        // Server side, when a request arrives: take a ready connection and send its ID to the
        // other side over the application's own control channel.
        TunnelConnection serverEnd = server.take(Duration.ofSeconds(5));
        String id = serverEnd.id();
        // Client side, when the ID arrives: the other end of the same connection, handshake done.
        TunnelConnection clientEnd = client.get(id); // null if there is none with that ID
        clientEnd.output().write("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] received = serverEnd.input().readNBytes(5);

        clientEnd.close();
        serverEnd.close();
        metrics.close();
        client.close();
        server.close();
        // end example
        assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(client.stats().handshakes()).isGreaterThanOrEqualTo(4);
        Threads.assertNoPoolkitThreads();
    }
}
