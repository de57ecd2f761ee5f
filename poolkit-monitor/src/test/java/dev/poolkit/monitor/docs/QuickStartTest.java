package dev.poolkit.monitor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/monitors.md's quick start and sample YAML file true: the same text as here, and working. */
class QuickStartTest {

    private static final Path DOC = Path.of("..", "docs", "monitors.md");
    private static final Path SOURCE =
            Path.of("src", "test", "java", "dev", "poolkit", "monitor", "docs", "QuickStart.java");

    private static String block(String doc, String language, String mustContain) {
        Matcher m =
                Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            if (m.group(1).contains(mustContain)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no ```" + language + " block containing '" + mustContain + "' in " + DOC);
    }

    @Test
    void docs_quickStart_isQuickStartJava() throws Exception {
        String source = Files.readString(SOURCE);
        String fromImports = source.substring(source.indexOf("import "));
        assertThat(block(Files.readString(DOC), "java", "class QuickStart")).isEqualTo(fromImports);
    }

    @Test
    void docs_sampleYaml_readsAsDocumented() throws Exception {
        MonitorConfig c = MonitorConfig.fromYaml(block(Files.readString(DOC), "yaml", "interval-check"));
        assertThat(c.name()).isEqualTo("db");
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.intervalCheck()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.intervalFall()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.intervalRise()).isEqualTo(Duration.ofSeconds(1));
        assertThat(List.of(c.fallCountWarn(), c.fallCountKo(), c.riseCountKo(), c.riseCountWarn()))
                .containsExactly(1, 2, 1, 2);
        assertThat(c.data()).containsEntry("version", "16.2").containsEntry("region", "eu-west");
    }

    @Test
    @Timeout(60)
    void quickStart_againstALoopbackDatabase_goesOkAndPublishes(@TempDir Path dir) throws Exception {
        // the documented file, with intervals a test can wait for
        String yaml = block(Files.readString(DOC), "yaml", "interval-check")
                .replace("interval-check: 5s", "interval-check: 20ms")
                .replace("interval-rise: 1s", "interval-rise: 20ms");
        Path config = Files.writeString(dir.resolve("db-monitor.yaml"), yaml);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LoopbackServer database = LoopbackServer.start(LoopbackServer.Mode.CLOSE);
                MonitorPool pool = QuickStart.monitorDatabase(database.address(), config);
                MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
                MonitorMetrics.Trigger refresh = metrics.collectEvery(Duration.ofSeconds(30))) {
            Awaits.await().until(() -> pool.get("db").orElseThrow().status() == Status.OK);
            metrics.collect();
            assertThat(registry.scrape()).contains("monitor_status{monitor=\"db\"} 2.0");
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            MonitorCommands.of(pool).get(2).run(out, err, List.of());
            assertThat(out.toString()).isEqualTo("OK - db\n");
            assertThat(err.toString()).isEmpty();
        }
        assertThat(registry.getMeters()).isEmpty();
        Threads.assertNoPoolkitThreads();
    }
}
