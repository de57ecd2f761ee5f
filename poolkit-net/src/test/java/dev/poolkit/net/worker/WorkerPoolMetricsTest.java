package dev.poolkit.net.worker;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WorkerPoolMetrics} read through a real Prometheus registry's scrape text. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @AfterEach
    void noThreadsLeft() {
        Threads.assertNoPoolkitThreads();
    }

    /** Echoes, and throws on {@code boom}. */
    private static final MessageHandler HANDLER = (client, message) -> {
        if (new String(message, StandardCharsets.UTF_8).equals("boom")) {
            throw new IllegalStateException("boom");
        }
        client.output().write(message);
    };

    private AcceptLoop startLoop() throws IOException {
        WorkerPool pool = WorkerPool.forMessages(HANDLER)
                .name("edge")
                .maxWorkers(2)
                .clientDeadline(Duration.ofMinutes(5))
                .build();
        return AcceptLoop.builder(pool)
                .busyReply("BUSY".getBytes(StandardCharsets.US_ASCII))
                .idleTimeout(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .start();
    }

    /** Drives one of everything: three messages, one of them failing, a rejection; two connections stay open. */
    private static List<TestClient> traffic(AcceptLoop loop) throws IOException {
        WorkerPool pool = loop.pool();
        TestClient a = TestClient.connect(loop);
        assertThat(a.exchange("hello")).isEqualTo("hello");
        TestClient b = TestClient.connect(loop);
        b.send("boom");
        assertThat(b.readToEnd()).isEmpty();
        b.close();
        await().until(() -> pool.busy() == 1);
        TestClient c = TestClient.connect(loop);
        assertThat(c.exchange("hi")).isEqualTo("hi");
        try (TestClient d = TestClient.connect(loop)) {
            assertThat(d.readToEnd()).isEqualTo("BUSY");
        }
        await().until(() -> pool.stats().bytesWritten() == 7); // counted just after each write returns
        return List.of(a, c);
    }

    @Test
    @DisplayName("bind(loop): every poolkit.worker meter in the scrape, exact lines; idle closes counted")
    void bind_loop_exactScrapeLines() throws IOException {
        AcceptLoop loop = startLoop();
        WorkerPoolMetrics.bind(loop, registry);
        List<TestClient> open = traffic(loop);
        String text = registry.scrape();
        assertThat(text)
                .contains("""
                        # HELP poolkit_worker_accepted_total Connections handed to a worker
                        # TYPE poolkit_worker_accepted_total counter
                        poolkit_worker_accepted_total{pool="edge"} 3.0
                        """, """
                        # HELP poolkit_worker_rejected_total Connections refused because every worker was busy
                        # TYPE poolkit_worker_rejected_total counter
                        poolkit_worker_rejected_total{pool="edge"} 1.0
                        """, """
                        # HELP poolkit_worker_busy Connections being served now
                        # TYPE poolkit_worker_busy gauge
                        poolkit_worker_busy{pool="edge"} 2.0
                        """, """
                        # HELP poolkit_worker_traffic_bytes_total Bytes read from and written to clients
                        # TYPE poolkit_worker_traffic_bytes_total counter
                        poolkit_worker_traffic_bytes_total{direction="in",pool="edge"} 11.0
                        poolkit_worker_traffic_bytes_total{direction="out",pool="edge"} 7.0
                        """, """
                        # HELP poolkit_worker_reaper_watched Connections the idle reaper watches now
                        # TYPE poolkit_worker_reaper_watched gauge
                        poolkit_worker_reaper_watched{pool="edge"} 2.0
                        """)
                .contains("poolkit_worker_workers{pool=\"edge\"} 2.0\n")
                .contains("poolkit_worker_min{pool=\"edge\"} 0.0\n")
                .contains("poolkit_worker_max{pool=\"edge\"} 2.0\n")
                .contains("poolkit_worker_messages_total{pool=\"edge\"} 3.0\n")
                .contains("poolkit_worker_handler_failures_total{pool=\"edge\"} 1.0\n")
                .contains("poolkit_worker_client_timeouts_total{pool=\"edge\"} 0.0\n")
                .contains("poolkit_worker_reaper_closes_total{pool=\"edge\"} 0.0\n")
                .contains("# HELP poolkit_worker_handler_failures_total Handler calls that threw;"
                        + " each closed its connection\n");

        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        for (TestClient client : open) {
            assertThat(client.readToEnd()).as("closed by the idle reaper").isEmpty();
            client.close();
        }
        await().until(() -> loop.pool().busy() == 0);
        assertThat(registry.scrape())
                .contains("poolkit_worker_reaper_closes_total{pool=\"edge\"} 2.0\n")
                .contains("poolkit_worker_reaper_watched{pool=\"edge\"} 0.0\n")
                .contains("poolkit_worker_busy{pool=\"edge\"} 0.0\n");
        loop.close();
        assertThat(registry.getMeters())
                .as("closing the loop removes every meter")
                .isEmpty();
        assertThat(registry.scrape()).doesNotContain("poolkit_worker");
    }

    @Test
    @DisplayName("bind(pool): a stop keeps the meters (the pool may start again), close removes them")
    void bind_pool_removedOnCloseNotOnStop() {
        WorkerPool pool =
                WorkerPool.forMessages(HANDLER).name("p").minWorkers(1).build();
        WorkerPoolMetrics.bind(pool, registry);
        pool.start();
        assertThat(registry.scrape()).contains("poolkit_worker_workers{pool=\"p\"} 1.0\n");
        pool.stop(Duration.ofSeconds(5));
        assertThat(registry.scrape()).contains("poolkit_worker_workers{pool=\"p\"} 0.0\n");
        pool.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void bind_closedPool_bindsNothingLasting() {
        WorkerPool pool = WorkerPool.forMessages(HANDLER).build();
        pool.close();
        WorkerPoolMetrics.bind(pool, registry);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    @DisplayName("bind(reaper) standalone; the binding's own close() removes its meters, idempotently")
    void bind_reaper_closeRemoves() {
        IdleReaper reaper = IdleReaper.builder()
                .name("r")
                .idleTimeout(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .build();
        WorkerPoolMetrics metrics = WorkerPoolMetrics.bind(reaper, registry);
        reaper.register(() -> {});
        assertThat(registry.scrape()).contains("poolkit_worker_reaper_watched{pool=\"r\"} 1.0\n");
        metrics.close();
        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        reaper.close();
    }

    @Test
    @DisplayName("promtool check metrics accepts the scrape text (skipped without promtool)")
    void promtool_acceptsScrape() throws Exception {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException notInstalled) {
            System.err.println("WorkerPoolMetricsTest.promtool_acceptsScrape SKIPPED: promtool is not on the PATH"
                    + " (Debian package 'prometheus')");
            Assumptions.abort("promtool is not on the PATH (Debian package 'prometheus')");
            return;
        }
        AcceptLoop loop = startLoop();
        WorkerPoolMetrics.bind(loop, registry);
        String text;
        try {
            List<TestClient> open = traffic(loop);
            text = registry.scrape();
            for (TestClient c : open) {
                c.close();
            }
        } finally {
            loop.close();
        }
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue())
                .as("promtool said:%n%s%nto:%n%s", output, text)
                .isZero();
        assertThat(output).as("no lint findings").isBlank();
    }
}
