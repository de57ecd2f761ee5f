package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.check.HealthChecks;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The usage example of {@link MonitorPool}'s Javadoc, run for real so that it keeps compiling and working. */
class ExamplesTest {

    @Test
    void quickStart_tcpMonitorInAPoolWithMetrics() throws Exception {
        try (ServerSocket db = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), db.getLocalPort());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // example: quick start
            MonitorPool pool = MonitorPool.create();
            pool.add(Monitor.builder(Info.of("postgres"))
                    .config(MonitorConfig.fromYaml("""
                            name: db
                            check-timeout: 1s
                            interval-check: 20ms
                            """))
                    .healthCheck(HealthChecks.tcpConnect(address))
                    .build());
            pool.start();
            MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
            MonitorMetrics.Trigger trigger = metrics.collectEvery(Duration.ofSeconds(30));
            // ... later: pool.toText(), registry.scrape(), pool.shellCommands() ...
            Awaits.await().until(() -> pool.get("db").orElseThrow().status() == Status.OK);
            trigger.close();
            metrics.close();
            pool.close();
            // end example
            assertThat(pool.toText()).startsWith("OK: db (postgres) | ");
        }
        Threads.assertNoPoolkitThreads();
    }

    @Test
    void listener_reportsEveryNonOkResult() {
        Fixture fx = Fixture.create();
        MonitorPool pool = MonitorPool.create();
        pool.add(fx.monitor("db")
                .config(MonitorConfig.builder().name("db").build())
                .healthCheck(ctx -> {
                    throw new java.io.IOException("connection refused");
                })
                .build());
        java.util.concurrent.BlockingQueue<String> alerts = new java.util.concurrent.LinkedBlockingQueue<>();
        // example: listener (docs/monitors.md, "Observing checks")
        pool.addCheckListener(m -> {
            if (m.status() != Status.OK) {
                alerts.offer(m.name() + ": " + m.message()); // a queue; never block here
            }
        });
        // end example
        pool.start();
        fx.step(Duration.ofSeconds(1));
        assertThat(alerts).containsExactly("db: connection refused");
        pool.close();
    }
}
