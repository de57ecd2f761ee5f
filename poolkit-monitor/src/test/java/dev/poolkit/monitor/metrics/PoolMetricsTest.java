package dev.poolkit.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceFactory;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pool binder on a real core pool, read through the Prometheus scrape text. */
class PoolMetricsTest {

    @Test
    @DisplayName("bind(pool): active, idle, pending, max, min, acquire count, timeouts and creations track stats()")
    void bind_pool_tracksStats() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ResourceFactory<Object> factory = Object::new;
        try (Pool<Object> pool = Pool.builder(factory).name("db").maxSize(2).build();
                PoolMetrics ignored = PoolMetrics.bind(pool, registry)) {
            Lease<Object> a = pool.acquire(Duration.ofSeconds(1));
            Lease<Object> b = pool.acquire(Duration.ofSeconds(1));
            assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
            String text = registry.scrape();
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_active{pool=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_idle{pool=\"db\"}"))
                    .isEqualTo(0.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_pending{pool=\"db\"}"))
                    .isEqualTo(0.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_max{pool=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_min{pool=\"db\"}"))
                    .isEqualTo(0.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_acquire_seconds_count{pool=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_timeouts_total{pool=\"db\"}"))
                    .isEqualTo(1.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_creations_total{pool=\"db\"}"))
                    .isEqualTo(2.0);
            a.release();
            b.release();
            text = registry.scrape();
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_idle{pool=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_active{pool=\"db\"}"))
                    .isEqualTo(0.0);
        }
        assertThat(registry.getMeters()).as("close removes the meters").isEmpty();
    }

    @Test
    @DisplayName("bind(name, tags, stats): any PoolStats source, e.g. one key of a keyed pool")
    void bind_statsSupplier_extraTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PoolStats stats = new PoolStats(8, 1, 3, 1, 2, 4, 10, 7, 100, 5, 1, 0, 0, 0, Duration.ofMillis(1500));
        try (PoolMetrics ignored = PoolMetrics.bind("hosts", Tags.of("key", "10.0.0.1:80"), () -> stats, registry)) {
            String text = registry.scrape();
            String labels = "{key=\"10.0.0.1:80\",pool=\"hosts\"}";
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_pending" + labels))
                    .isEqualTo(4.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_size" + labels))
                    .isEqualTo(3.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_acquire_seconds_sum" + labels))
                    .isEqualTo(1.5);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_destructions_total" + labels))
                    .isEqualTo(7.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_creation_failures_total" + labels))
                    .isEqualTo(1.0);
        }
    }
}
