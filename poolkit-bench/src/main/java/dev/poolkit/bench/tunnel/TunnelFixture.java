package dev.poolkit.bench.tunnel;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.TunnelClientConfig;
import dev.poolkit.net.tunnel.TunnelClientPool;
import dev.poolkit.net.tunnel.TunnelConnection;
import dev.poolkit.net.tunnel.TunnelServerConfig;
import dev.poolkit.net.tunnel.TunnelServerPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A tunnel server pool and a client pool pre-warming connections to it on loopback, plain or TLS
 * 1.3 with a freshly generated self-signed certificate (nothing read from disk).
 */
final class TunnelFixture implements AutoCloseable {

    final SelfSignedCertificate certificate;
    final TunnelServerPool server;
    final TunnelClientPool client;

    private TunnelFixture(boolean tls, int capacity, Duration interval) throws IOException {
        certificate = SelfSignedCertificate.generate("poolkit-bench", "localhost", "127.0.0.1");
        server = TunnelServerPool.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TunnelServerConfig.builder()
                        .name("bench-server")
                        .tls(tls ? TlsServerConfig.of(certificate) : null)
                        .build());
        server.start();
        client = TunnelClientPool.create(TunnelClientConfig.builder(
                        new HostAndPort("127.0.0.1", server.localAddress().getPort()))
                .name("bench-client")
                .capacity(capacity)
                .minInterval(interval)
                .maxInterval(interval)
                .tls(TlsClientConfig.builder()
                        .mode(tls ? TlsMode.SELF_SIGNED : TlsMode.NONE)
                        .build())
                .build());
        client.start();
    }

    static TunnelFixture start(boolean tls, int capacity, Duration interval) throws IOException {
        return new TunnelFixture(tls, capacity, interval);
    }

    /**
     * The server side's half of a pairing: takes the oldest pooled connection, as an application
     * would before sending its ID to the client side, and waits until the client side has pooled its
     * end too (the server pools a connection as soon as it has written the ID; the client a moment
     * later, once it has read it).
     */
    TunnelConnection takeServerEnd() throws InterruptedException {
        TunnelConnection serverEnd = server.take(Duration.ofSeconds(30));
        while (!client.ids().contains(serverEnd.id())) {
            Thread.onSpinWait();
        }
        return serverEnd;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
