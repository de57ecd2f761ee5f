package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder's exact Prometheus scrape lines, on real pools. */
@Timeout(60)
class TunnelPoolMetricsTest {

    private static List<String> samples(PrometheusMeterRegistry registry) {
        return Arrays.stream(registry.scrape().split("\n"))
                .filter(line -> line.startsWith("poolkit_tunnel_"))
                .toList();
    }

    @Test
    void client_exactScrapeLines() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        int refused;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = free.getLocalPort();
        }
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (TunnelServerPool server = startServer(
                        listener(), TunnelServerConfig.builder().name("srv").build());
                TunnelClientPool client = TunnelClientPool.builder(clientFor(address(server))
                                .name("edge")
                                .minCapacity(2)
                                .maxCapacity(6)
                                .minInterval(Duration.ofMillis(200))
                                .maxInterval(Duration.ofSeconds(2))
                                .build())
                        .ticker(clock)
                        .scheduler(scheduler)
                        .executor(Runnable::run)
                        .build();
                TunnelClientPool down =
                        TunnelClientPool.create(TunnelClientConfig.builder(new HostAndPort("127.0.0.1", refused))
                                .name("down")
                                .build());
                TunnelPoolMetrics ignored = TunnelPoolMetrics.bind(client, registry)) {
            client.start();
            scheduler.runDue(); // cycle 1: 2 pre-warmed, capacity 3
            clock.advance(client.interval());
            scheduler.runDue(); // cycle 2: 1 more, capacity 3, interval 200 ms
            assertThat(client.get("00000000")).isNull();
            client.addError();
            assertThat(down.get()).isNull(); // a fresh dial that fails, counted on "down"
            String tags = "{pool=\"edge\",side=\"client\"}";
            assertThat(samples(registry))
                    .contains(
                            "poolkit_tunnel_pooled" + tags + " 3.0",
                            "poolkit_tunnel_capacity" + tags + " 3.0",
                            "poolkit_tunnel_interval_seconds" + tags + " 0.2",
                            "poolkit_tunnel_dials_total{kind=\"prewarm\",pool=\"edge\",side=\"client\"} 3.0",
                            "poolkit_tunnel_dials_total{kind=\"fresh\",pool=\"edge\",side=\"client\"} 0.0",
                            "poolkit_tunnel_dial_failures_total{pool=\"edge\",side=\"client\",stage=\"connect\"} 0.0",
                            "poolkit_tunnel_dial_failures_total{pool=\"edge\",side=\"client\",stage=\"tls\"} 0.0",
                            "poolkit_tunnel_dial_failures_total{pool=\"edge\",side=\"client\",stage=\"id\"} 0.0",
                            "poolkit_tunnel_handshake_seconds_count" + tags + " 3",
                            "poolkit_tunnel_handshake_seconds_sum" + tags + " 0.0",
                            "poolkit_tunnel_discarded_total" + tags + " 0.0",
                            "poolkit_tunnel_errors" + tags + " 1.0");

            try (TunnelPoolMetrics downMetrics = TunnelPoolMetrics.bind(down, registry)) {
                assertThat(samples(registry))
                        .contains(
                                "poolkit_tunnel_dials_total{kind=\"fresh\",pool=\"down\",side=\"client\"} 1.0",
                                "poolkit_tunnel_dial_failures_total{pool=\"down\",side=\"client\",stage=\"connect\"} 1.0",
                                "poolkit_tunnel_errors{pool=\"down\",side=\"client\"} 1.0");
            }
            assertThat(samples(registry)).noneMatch(line -> line.contains("pool=\"down\""));
        }
        assertThat(registry.getMeters()).as("close removes the meters").isEmpty();
    }

    @Test
    void server_exactScrapeLines() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TunnelServerPool open = startServer(
                        listener(), TunnelServerConfig.builder().name("open").build());
                TunnelServerPool shut = startServer(
                        listener(),
                        TunnelServerConfig.builder()
                                .name("shut")
                                .allow("192.0.2.1")
                                .build());
                TunnelPoolMetrics a = TunnelPoolMetrics.bind(open, registry);
                TunnelPoolMetrics b = TunnelPoolMetrics.bind(shut, registry);
                TunnelClientPool client = TunnelClientPool.create(
                        clientFor(address(open)).name("c").capacity(2).build())) {
            client.start();
            for (int i = 0; i < 3; i++) {
                try (Socket refused =
                        new Socket("127.0.0.1", shut.localAddress().getPort())) {
                    assertThat(refused.getInputStream().read()).isEqualTo(-1);
                }
            }
            Awaits.await().until(() -> open.active() == 2 && shut.stats().rejected() == 3);
            assertThat(samples(registry))
                    .contains(
                            "poolkit_tunnel_pooled{pool=\"open\",side=\"server\"} 2.0",
                            "poolkit_tunnel_accepted_total{pool=\"open\",side=\"server\"} 2.0",
                            "poolkit_tunnel_rejected_total{pool=\"open\",side=\"server\"} 0.0",
                            "poolkit_tunnel_handshake_seconds_count{pool=\"open\",side=\"server\"} 2",
                            "poolkit_tunnel_handshake_failures_total{pool=\"open\",side=\"server\"} 0.0",
                            "poolkit_tunnel_pooled{pool=\"shut\",side=\"server\"} 0.0",
                            "poolkit_tunnel_accepted_total{pool=\"shut\",side=\"server\"} 3.0",
                            "poolkit_tunnel_rejected_total{pool=\"shut\",side=\"server\"} 3.0",
                            "poolkit_tunnel_errors{pool=\"shut\",side=\"server\"} 0.0");
            assertThat(registry.scrape())
                    .contains("# HELP poolkit_tunnel_pooled Connections pooled now, ready to be handed out")
                    .contains("# TYPE poolkit_tunnel_accepted_total counter")
                    .contains("# TYPE poolkit_tunnel_errors gauge");
        }
    }

    @Test
    void promtool_acceptsTheScrape() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TunnelServerPool server = startServer(
                        listener(), TunnelServerConfig.builder().name("srv").build());
                TunnelClientPool client = TunnelClientPool.create(
                        clientFor(address(server)).name("cli").capacity(2).build());
                TunnelPoolMetrics a = TunnelPoolMetrics.bind(server, registry);
                TunnelPoolMetrics b = TunnelPoolMetrics.bind(client, registry)) {
            client.start();
            Awaits.await().until(() -> client.active() == 2);
            Promtool.assertCheckMetricsClean(registry.scrape());
        }
    }
}
