package dev.poolkit.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.ResourceFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on the scrape text of the
 * monitor and pool metrics. Skipped, with a message, when promtool is not on the PATH.
 */
class PromtoolCheckTest {

    private static String promtool() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, "promtool");
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    @Test
    @DisplayName("promtool check metrics accepts the monitor and pool scrape text")
    void promtool_acceptsScrape() throws Exception {
        String promtool = promtool();
        if (promtool == null) {
            System.err.println("PromtoolCheckTest SKIPPED: promtool is not on the PATH"
                    + " (install the Debian package 'prometheus' to run it)");
        }
        Assumptions.assumeTrue(
                promtool != null,
                "promtool is not on the PATH (install the Debian package 'prometheus' to run this test)");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorPool monitors = MonitorPool.create();
        ResourceFactory<Object> factory = Object::new;
        try (MonitorMetrics mm = MonitorMetrics.bind(monitors, registry);
                Pool<Object> pool = Pool.builder(factory).name("db").maxSize(2).build();
                PoolMetrics pm = PoolMetrics.bind(pool, registry)) {
            MetricsFixture.up90down10("A", monitors);
            MetricsFixture.upThirtyDaysDownTwoMicros("B", monitors);
            monitors.add(Monitor.create(Info.of("fresh")));
            pool.acquire(Duration.ofSeconds(1)).release();
            mm.collect();
            String text = registry.scrape();
            assertThat(text).contains("monitor_latency_seconds_bucket").contains("poolkit_pool_active");

            Process p = new ProcessBuilder(promtool, "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as("promtool output:%n%s%nscrape:%n%s", output, text)
                    .isZero();
            assertThat(output).as("no lint findings").isBlank();
        }
    }
}
