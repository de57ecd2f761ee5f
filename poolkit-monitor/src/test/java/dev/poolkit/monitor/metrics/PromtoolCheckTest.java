package dev.poolkit.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.ResourceFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on the scrape text of the
 * monitor and pool metrics. Skipped, with a message, when promtool is not on the PATH.
 */
class PromtoolCheckTest {

    @Test
    @DisplayName("promtool check metrics accepts the monitor and pool scrape text")
    void promtool_acceptsScrape() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorPool monitors = MonitorPool.create();
        ResourceFactory<Object> factory = Object::new;
        try (MonitorMetrics mm = MonitorMetrics.bind(monitors, registry);
                Pool<Object> pool = Pool.builder(factory).name("db").maxSize(2).build();
                PoolMetrics pm = PoolMetrics.bind(pool, registry)) {
            MetricsFixture.up90down10("A", monitors);
            MetricsFixture.upThirtyDaysDownTwoMicros("B", monitors);
            monitors.add(Monitor.builder(Info.of("fresh"))
                    .config(MonitorConfig.builder().name("fresh").build())
                    .build());
            pool.acquire(Duration.ofSeconds(1)).release();
            mm.collect();
            String text = registry.scrape();
            assertThat(text).contains("monitor_latency_seconds_bucket").contains("poolkit_pool_active");
            Promtool.assertCheckMetricsClean(text);
        }
    }
}
