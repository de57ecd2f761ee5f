package dev.poolkit.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.pool.internal.SharedScheduler;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GMP-13 and GMP-14 (reference §1.9) with design §5's availability SLI, on the Prometheus registry's scrape text. */
class MonitorMetricsTest {

    static double sample(String scrape, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static void addGmp13Monitors(MonitorPool pool) {
        MetricsFixture.up90down10("A", pool);
        MetricsFixture.upThirtyDaysDownTwoMicros("B", pool);
    }

    @Test
    @DisplayName("GMP-13 nine metric families with label monitor, golib's 16 buckets, availability SLI values")
    void gmp13_scrape_namesLabelsBucketsValues() {
        MonitorPool pool = MonitorPool.create();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MonitorMetrics metrics = MonitorMetrics.bind(pool, registry)) {
            addGmp13Monitors(pool);
            assertThat(pool.get("A").orElseThrow().uptime()).isEqualTo(Duration.ofSeconds(90));
            assertThat(pool.get("A").orElseThrow().downtime()).isEqualTo(Duration.ofSeconds(10));
            metrics.collect();
            String text = registry.scrape();

            for (String family : List.of(
                    "monitor_latency_seconds histogram",
                    "monitor_uptime_seconds gauge",
                    "monitor_downtime_seconds gauge",
                    "monitor_risetime_seconds gauge",
                    "monitor_falltime_seconds gauge",
                    "monitor_status gauge",
                    "monitor_rise gauge",
                    "monitor_fall gauge",
                    "monitor_sli gauge")) {
                assertThat(text).contains("# TYPE " + family + "\n");
            }
            assertThat(text).contains("# HELP monitor_status the instant status of components\n");
            assertThat(text).contains("# HELP monitor_sli the SLIs rate of each component\n");

            // golib's 16 bucket bounds, plus +Inf
            Matcher le = Pattern.compile("monitor_latency_seconds_bucket\\{monitor=\"A\",le=\"([^\"]+)\"}")
                    .matcher(text);
            StringBuilder bounds = new StringBuilder();
            while (le.find()) {
                bounds.append(le.group(1)).append(' ');
            }
            // golib's le="0" is the one bound Micrometer cannot have (it accepts positive bounds only)
            assertThat(bounds.toString().trim())
                    .isEqualTo("0.05 0.1 0.2 0.3 0.4 0.5 0.75 1.0 1.5 2.0 2.5 3.0 4.0 5.0 10.0 +Inf");

            // every sample of the nine families carries the monitor label
            for (String line : text.split("\n")) {
                if (line.startsWith("monitor_")) {
                    assertThat(line).contains("monitor=\"");
                }
            }

            assertThat(sample(text, "monitor_uptime_seconds{monitor=\"A\"}")).isEqualTo(90.0);
            assertThat(sample(text, "monitor_downtime_seconds{monitor=\"A\"}")).isEqualTo(10.0);
            assertThat(sample(text, "monitor_status{monitor=\"A\"}")).isEqualTo(2.0);
            assertThat(sample(text, "monitor_rise{monitor=\"A\"}")).isEqualTo(0.0);
            assertThat(sample(text, "monitor_fall{monitor=\"A\"}")).isEqualTo(0.0);
            // availability: A = 90 / (90 + 10) (golib's 1 - 10/90 = 0.8889 is the documented fix)
            assertThat(sample(text, "monitor_sli{monitor=\"A\"}")).isEqualTo(0.9);
            assertThat(sample(text, "monitor_sli{monitor=\"B\"}")).isEqualTo(0.999999999999);
            assertThat(sample(text, "monitor_sli{monitor=\"mean\"}"))
                    .isCloseTo((0.9 + 0.999999999999) / 2, within(1e-12));
            assertThat(sample(text, "monitor_sli{monitor=\"min\"}")).isEqualTo(0.9);
            assertThat(sample(text, "monitor_sli{monitor=\"max\"}")).isEqualTo(0.999999999999);
        }
        assertThat(registry.getMeters()).as("close removes every meter").isEmpty();
    }

    @Test
    @DisplayName("GMP-13 latency is observed after every check; gauges follow each check")
    void gmp13_afterEveryCheck_latencyObservedAndGaugesUpdated() {
        MetricsFixture f = new MetricsFixture();
        Monitor m = f.monitor("db", MonitorConfig.builder(), ctx -> f.clock.advance(Duration.ofMillis(120)));
        MonitorPool pool = MonitorPool.create();
        pool.add(m);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MonitorMetrics ignored = MonitorMetrics.bind(pool, registry)) {
            m.start();
            f.step(Duration.ofSeconds(1));
            f.step(Duration.ofSeconds(1));
            String text = registry.scrape();
            assertThat(sample(text, "monitor_latency_seconds_count{monitor=\"db\"}"))
                    .isEqualTo(2.0);
            assertThat(sample(text, "monitor_latency_seconds_sum{monitor=\"db\"}"))
                    .isCloseTo(0.24, within(1e-9));
            assertThat(sample(text, "monitor_latency_seconds_bucket{monitor=\"db\",le=\"0.1\"}"))
                    .isEqualTo(0.0);
            assertThat(sample(text, "monitor_latency_seconds_bucket{monitor=\"db\",le=\"0.2\"}"))
                    .isEqualTo(2.0);
            assertThat(m.status()).isEqualTo(Status.OK);
            assertThat(sample(text, "monitor_status{monitor=\"db\"}")).isEqualTo(2.0);
            m.stop();
        }
    }

    @Test
    @DisplayName(
            "fix: a monitor with no time has no SLI series and no aggregate is NaN; an empty pool has no aggregates")
    void sli_noTime_leftOut() {
        MonitorPool pool = MonitorPool.create();
        MetricsFixture.up90down10("A", pool);
        pool.add(Monitor.builder(dev.poolkit.monitor.Info.of("fresh"))
                .config(MonitorConfig.builder().name("fresh").build())
                .build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MonitorMetrics metrics = MonitorMetrics.bind(pool, registry)) {
            String text = registry.scrape();
            assertThat(text).doesNotContain("monitor_sli{monitor=\"fresh\"}");
            assertThat(sample(text, "monitor_sli{monitor=\"mean\"}")).isEqualTo(0.9);
            assertThat(sample(text, "monitor_sli{monitor=\"min\"}")).isEqualTo(0.9);
            assertThat(text).doesNotContain("NaN");
            pool.remove("A");
            metrics.collect();
            text = registry.scrape();
            assertThat(text)
                    .doesNotContain("monitor=\"A\"")
                    .doesNotContain("monitor_sli")
                    .doesNotContain("NaN");
        }
        MonitorPool empty = MonitorPool.create();
        try (MonitorMetrics ignored = MonitorMetrics.bind(empty, registry)) {
            assertThat(registry.scrape()).doesNotContain("monitor_");
        }
    }

    @Test
    @DisplayName("Sli.availability: worked values and the clamp")
    void sli_availability_values() {
        assertThat(Sli.availability(Duration.ofSeconds(90), Duration.ofSeconds(10)))
                .isEqualTo(0.9);
        assertThat(Sli.availability(Duration.ofSeconds(50), Duration.ZERO)).isEqualTo(0.999999999999);
        assertThat(Sli.availability(Duration.ZERO, Duration.ofSeconds(5))).isEqualTo(0.0);
        assertThat(Sli.availability(Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .isEqualTo(0.25);
        assertThat(Sli.availability(Duration.ZERO, Duration.ZERO)).isNaN();
    }

    @Test
    @DisplayName("GMP-14 a null registry supplier, or one returning null, registers nothing")
    void gmp14_nullRegistry_nothingRegistered() {
        MonitorPool pool = MonitorPool.create();
        addGmp13Monitors(pool);
        assertThat(MonitorMetrics.register(pool, null)).isEmpty();
        assertThat(MonitorMetrics.register(pool, () -> null)).isEmpty();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Optional<MonitorMetrics> bound = MonitorMetrics.register(pool, () -> registry);
        assertThat(bound).isPresent();
        assertThat(registry.getMeters()).isNotEmpty();
        bound.get().close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    @DisplayName("GMP-14 collectEvery(50 ms) collects every 50 ms and stops at once when closed")
    void gmp14_collectEvery_periodicAndStops() {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        MonitorPool pool = MonitorPool.create();
        MeterRegistry registry = new SimpleMeterRegistry();
        MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
        MonitorMetrics.Trigger trigger = metrics.collectEvery(Duration.ofMillis(50), scheduler);
        int collects = 0;
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(25));
            collects += scheduler.runDue();
            if (i == 4) {
                // a monitor added between collects appears at the next collect
                pool.add(Monitor.builder(dev.poolkit.monitor.Info.of("late"))
                        .config(MonitorConfig.builder().name("late").build())
                        .build());
                assertThat(registry.find(MonitorMetricNames.UPTIME).gauges()).isEmpty();
            }
        }
        assertThat(collects).isEqualTo(5);
        assertThat(registry.get(MonitorMetricNames.UPTIME)
                        .tag("monitor", "late")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
        trigger.close();
        assertThat(scheduler.pending()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.runDue()).isZero();
        assertThatThrownBy(() -> metrics.collectEvery(Duration.ZERO, scheduler))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be positive, but was PT0S");
        metrics.close();
    }

    @Test
    @DisplayName("GMP-14 real time: the shared-scheduler trigger collects repeatedly and leaves no thread")
    void gmp14_collectEvery_realTime() {
        MonitorPool pool = MonitorPool.create();
        MeterRegistry registry = new SimpleMeterRegistry();
        MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
        MetricsFixture.up90down10("a", pool);
        pool.add(Monitor.builder(dev.poolkit.monitor.Info.of("b"))
                .config(MonitorConfig.builder().name("b").build())
                .build());
        try (MonitorMetrics.Trigger t = metrics.collectEvery(Duration.ofMillis(50))) {
            // "b" never checks: only a periodic collect can publish it
            Awaits.await()
                    .until(() -> registry.find(MonitorMetricNames.STATUS)
                                    .tag("monitor", "b")
                                    .gauge()
                            != null);
        }
        Threads.assertNoPoolkitThreads();
        // a trigger left open is closed with the binding
        metrics.collectEvery(Duration.ofMillis(50));
        assertThat(Threads.threadsNamed("poolkit-")).containsExactly(SharedScheduler.THREAD_NAME);
        metrics.close();
        Threads.assertNoPoolkitThreads();
    }
}
