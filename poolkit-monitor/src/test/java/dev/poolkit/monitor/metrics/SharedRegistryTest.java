package dev.poolkit.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.ResourceFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The proxy's set-up: two monitor pools and a core pool bound to one {@link PrometheusMeterRegistry}
 * with common tags (issue 23).
 */
class SharedRegistryTest {

    @Test
    @DisplayName("two monitor pools and PoolMetrics on one tagged registry: promtool clean, all tagged, nothing left")
    void twoMonitorPoolsAndAPool_oneRegistry() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "demo");
        MonitorPool backends = MonitorPool.create();
        MonitorPool services = MonitorPool.create();
        ResourceFactory<Object> factory = Object::new;
        MonitorMetrics backendMetrics = MonitorMetrics.bind(backends, registry);
        MonitorMetrics serviceMetrics = MonitorMetrics.bind(services, registry);
        Pool<Object> pool = Pool.builder(factory).name("db").maxSize(2).build();
        PoolMetrics poolMetrics = PoolMetrics.bind(pool, registry);

        MetricsFixture.up90down10("backend-1", backends); // SLI 0.9
        MetricsFixture.upThirtyDaysDownTwoMicros("service-a", services); // SLI at the clamp
        MetricsFixture f = new MetricsFixture();
        services.add(f.monitor("service-b", MonitorConfig.builder(), ctx -> {})); // never checked: no SLI
        pool.acquire(Duration.ofSeconds(1)).release();
        backendMetrics.collect();
        serviceMetrics.collect();
        String text = registry.scrape();

        List<String> samples =
                text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(samples).isNotEmpty().allMatch(l -> l.contains("application=\"demo\""), "tagged application=demo");
        assertThat(text)
                .contains("monitor_sli{application=\"demo\",monitor=\"backend-1\"} 0.9\n")
                .contains("monitor_status{application=\"demo\",monitor=\"service-b\"} 0.0\n")
                .contains("poolkit_pool_active{application=\"demo\",pool=\"db\"} 0.0\n");
        // one set of aggregates over both pools' monitors that have an SLI
        assertThat(MonitorMetricsTest.sample(text, "monitor_sli{application=\"demo\",monitor=\"min\"}"))
                .isEqualTo(0.9);
        assertThat(MonitorMetricsTest.sample(text, "monitor_sli{application=\"demo\",monitor=\"max\"}"))
                .isEqualTo(Sli.MAX);
        assertThat(text.lines().filter(l -> l.startsWith("monitor_sli{") && l.contains("monitor=\"mean\"")))
                .hasSize(1);

        backendMetrics.close();
        assertThat(MonitorMetricsTest.sample(registry.scrape(), "monitor_sli{application=\"demo\",monitor=\"min\"}"))
                .as("aggregates recomputed over the remaining binding")
                .isEqualTo(Sli.MAX);
        serviceMetrics.close();
        poolMetrics.close();
        pool.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isEmpty()))
                .isEmpty();
        Promtool.assertCheckMetricsClean(text); // last: it skips the test when promtool is missing
    }
}
