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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_creation_seconds_count{pool=\"db\"}"))
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
        PoolStats stats = stats(3, 1, 2);
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
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_creation_seconds_count" + labels))
                    .as("factory calls: 10 created + 1 failed")
                    .isEqualTo(11.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_creation_seconds_sum" + labels))
                    .isEqualTo(0.25);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_destruction_failures_total" + labels))
                    .isEqualTo(2.0);
        }
    }

    /** A snapshot with the given gauges and fixed counters (10 created, 7 destroyed, 2 destroy failures, ...). */
    private static PoolStats stats(int size, int idle, int leased) {
        return new PoolStats(
                8,
                1,
                size,
                idle,
                leased,
                4,
                10,
                7,
                100,
                5,
                1,
                0,
                2,
                0,
                0,
                0,
                Duration.ofMillis(1500),
                Duration.ofMillis(250),
                Optional.empty());
    }

    @Test
    @DisplayName("one scrape reads one snapshot, so its values agree; the next scrape reads a new one")
    void scrape_readsOneSnapshot_perScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicInteger calls = new AtomicInteger();
        // Each snapshot is consistent (size == idle + leased) but differs from the previous one.
        Supplier<PoolStats> source = () -> {
            int n = calls.incrementAndGet();
            return stats(n * 3, n, n * 2);
        };
        try (PoolMetrics ignored = PoolMetrics.bind("db", Tags.empty(), source, registry)) {
            String first = registry.scrape();
            assertThat(calls.get()).as("snapshots for one scrape").isEqualTo(1);
            assertThat(MonitorMetricsTest.sample(first, "poolkit_pool_size{pool=\"db\"}"))
                    .isEqualTo(3.0);
            assertThat(MonitorMetricsTest.sample(first, "poolkit_pool_idle{pool=\"db\"}"))
                    .isEqualTo(1.0);
            assertThat(MonitorMetricsTest.sample(first, "poolkit_pool_active{pool=\"db\"}"))
                    .isEqualTo(2.0);
            String second = registry.scrape();
            assertThat(calls.get()).isEqualTo(2);
            assertThat(MonitorMetricsTest.sample(second, "poolkit_pool_size{pool=\"db\"}"))
                    .isEqualTo(6.0);
            assertThat(MonitorMetricsTest.sample(second, "poolkit_pool_idle{pool=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(MonitorMetricsTest.sample(second, "poolkit_pool_active{pool=\"db\"}"))
                    .isEqualTo(4.0);
        }
    }

    @Test
    @DisplayName("a second pool bound under a name already bound to the registry is refused, naming the pool")
    void bind_sameNameTwice_rejected_untilTheFirstIsClosed() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ResourceFactory<Object> factory = Object::new;
        try (Pool<Object> first = Pool.builder(factory).name("db").build();
                Pool<Object> second = Pool.builder(factory).name("db").build()) {
            PoolMetrics binding = PoolMetrics.bind(first, registry);
            assertThatThrownBy(() -> PoolMetrics.bind(second, registry))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("poolName must be bound once per registry, but pool 'db' is already bound with tags"
                            + " [tag(pool=db)]; close its PoolMetrics first, or give the pool a name of its own");
            assertThat(registry.find(PoolMetricNames.SIZE).meters())
                    .as("the first binding is intact")
                    .hasSize(1);
            binding.close();
            try (PoolMetrics again = PoolMetrics.bind(second, registry)) {
                assertThat(registry.find(PoolMetricNames.SIZE).meters()).hasSize(1);
            }
        }
    }

    @Test
    @DisplayName("the same pool name with different extra tags (one key of a keyed pool, its totals) binds apart")
    void bind_sameNameOtherTags_allowed() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (PoolMetrics key = PoolMetrics.bind("hosts", Tags.of("key", "a:1"), () -> stats(3, 1, 2), registry);
                PoolMetrics totals = PoolMetrics.bind("hosts", Tags.empty(), () -> stats(6, 2, 4), registry)) {
            String text = registry.scrape();
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_size{key=\"a:1\",pool=\"hosts\"}"))
                    .isEqualTo(3.0);
            assertThat(MonitorMetricsTest.sample(text, "poolkit_pool_size{pool=\"hosts\"}"))
                    .isEqualTo(6.0);
        }
    }

    @Test
    @DisplayName("meters registered under the same tags by another binder are refused too")
    void bind_metersOfAnotherBinder_rejected() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.gauge(PoolMetricNames.SIZE, Tags.of("pool", "db"), 1);
        assertThatThrownBy(() -> PoolMetrics.bind("db", Tags.empty(), () -> stats(3, 1, 2), registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool 'db' is already bound");
    }
}
