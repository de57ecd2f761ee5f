package dev.poolkit.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.HostScore;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The usage examples of docs/net.md and the package's Javadoc, run for real so that they keep working. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @Test
    void service_requestFlow() throws Exception {
        try (LoopbackServer a = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                LoopbackServer b = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            byte[] request = "ping\n".getBytes(StandardCharsets.US_ASCII);
            byte[] reply;
            // @start region=service
            Service service = Service.builder("echo")
                    .config(ServiceConfig.builder()
                            .strategy("thompson-cd") // the default; "round-robin" is pooly's
                            .getAttempts(3) // a failed try is retried on another host, 3 times
                            .hostPool(HostPoolConfig.builder()
                                    .pool(PoolConfig.builder()
                                            .maxSize(8)
                                            .minIdle(2)
                                            .build())
                                    .dialer(DialerConfig.builder()
                                            .readTimeout(Duration.ofSeconds(2))
                                            .build())
                                    .build())
                            .build())
                    .build();
            service.add(HostAndPort.parse("127.0.0.1:" + a.port()));
            service.add(HostAndPort.parse("127.0.0.1:" + b.port()));

            Connection c = service.getConnection(); // select a host, lease one of its connections
            try {
                c.output().write(request); // send
                reply = c.input().readNBytes(request.length);
                c.release(null, HostScore.HOST_UP); // back to the pool, host scored 1
            } catch (IOException e) {
                c.release(e, HostScore.HOST_DOWN); // fatal: the connection is closed, the host scored 0
                throw e;
            }
            // @end
            assertThat(reply).isEqualTo(request);
            // @start region=metrics
            ServiceMetrics.bind(service, registry); // pooly's metrics per host, and each host's pool
            String text = registry.scrape(); // poolkit_service_conns_get_total{host="127.0.0.1:...",service="echo"} 1.0
            // @end
            assertThat(text).contains("poolkit_service_conns_get_total{host=\"127.0.0.1:");
            List<HostStatus> hosts = service.hosts();
            assertThat(hosts).extracting(HostStatus::requests).containsExactlyInAnyOrder(0L, 1L);
            // @start region=close
            service.close(); // idle connections closed now, leased ones when they are released
            // @end
            assertThat(registry.getMeters()).isEmpty();
            Awaits.await().until(() -> a.openConnections() == 0 && b.openConnections() == 0);
        }
        Threads.assertNoPoolkitThreads();
    }

    /** The proxy's use: a pre-warmed backend connection per session, scored at once, never reused. */
    @Test
    void service_proxySession() throws Exception {
        try (LoopbackServer backend = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Service service = Service.builder("backends")
                        .config(ServiceConfig.builder()
                                .hostPool(HostPoolConfig.builder()
                                        .pool(PoolConfig.builder()
                                                .maxSize(100)
                                                .minIdle(4)
                                                .build())
                                        .build())
                                .build())
                        .build()) {
            service.add(HostAndPort.parse("127.0.0.1:" + backend.port()));
            Awaits.await().until(() -> service.hosts().get(0).pool().idle() == 4);
            byte[] session = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            InputStream fromClient = new java.io.ByteArrayInputStream(session);
            java.io.ByteArrayOutputStream toClient = new java.io.ByteArrayOutputStream();
            // @start region=proxy
            try (Connection upstream = service.getConnection()) { // pre-warmed: no connect on this path
                upstream.report(HostScore.HOST_UP); // the backend is there: score it now, not at session end
                relay(fromClient, upstream.output(), upstream.input(), toClient);
            } // close(): the connection is discarded, never reused; minIdle dials the next one
            // @end
            assertThat(toClient.toByteArray()).isEqualTo(session);
            HostStatus host = service.hosts().get(0);
            assertThat(host.releases()).isEqualTo(1);
            assertThat(host.pool().fatalReleases()).isZero();
            Awaits.await().until(() -> service.hosts().get(0).pool().idle() == 4);
        }
    }

    /** Copies one request and its answer; a real proxy copies both ways until both sides are done. */
    private static void relay(
            InputStream fromClient, OutputStream toBackend, InputStream fromBackend, OutputStream toClient)
            throws IOException {
        byte[] request = fromClient.readAllBytes();
        toBackend.write(request);
        toClient.write(fromBackend.readNBytes(request.length));
    }
}
