package dev.poolkit.monitor.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorClosedException;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.internal.CheckLoop;
import dev.poolkit.monitor.metrics.MonitorMetricNames;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 23, "Health monitors hardened for the proxy": one test per defect found by trying
 * poolkit-monitor as a new user would. Each fails on the code before the fix.
 */
class Issue23Test {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private Monitor.Builder monitor(String name) {
        return Monitor.builder(Info.of(name))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .config(MonitorConfig.builder().name(name).build());
    }

    private int step() {
        clock.advance(Duration.ofSeconds(1));
        return scheduler.runDue();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    // ---------------------------------------------------------------- 1

    @Test
    @Timeout(30)
    @DisplayName("1: a check that overflows its stack is a failure named after the error, logged at ERROR once;"
            + " the monitor keeps its schedule")
    void defect1_virtualMachineError_failureAndScheduleKept() {
        AtomicInteger calls = new AtomicInteger();
        Monitor m = monitor("db")
                .healthCheck(ctx -> {
                    calls.incrementAndGet();
                    recurse(0);
                })
                .build();
        try (LogCapture log = LogCapture.of(CheckLoop.class, Level.WARN)) {
            m.start();
            assertThat(step()).isEqualTo(1);
            assertThat(m.message()).isEqualTo("java.lang.StackOverflowError");
            assertThat(m.status()).isEqualTo(Status.KO);
            assertThat(m.isRunning()).isTrue();
            step();
            step();
            assertThat(calls).as("still checking every interval").hasValue(3);
            m.stop();
            assertThat(log.lines())
                    .containsExactly("ERROR Monitor 'db': health check threw java.lang.StackOverflowError; counted as"
                            + " a failed check, the monitor keeps running (logged once)");
        }
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    @Timeout(30)
    @DisplayName("1: on a virtual thread, an Error in the check neither freezes the monitor nor delays stop()")
    void defect1_virtualMachineError_realThreads_stopIsPrompt() throws Exception {
        CountDownLatch third = new CountDownLatch(3);
        try (LogCapture log = LogCapture.of(CheckLoop.class, Level.WARN);
                Monitor m = Monitor.builder(Info.of("db"))
                        .config(MonitorConfig.builder()
                                .name("db")
                                .checkTimeout(Duration.ofSeconds(20))
                                .intervalCheck(Duration.ofMillis(5))
                                .build())
                        .healthCheck(ctx -> {
                            third.countDown();
                            throw new OutOfMemoryError("simulated");
                        })
                        .build()) {
            m.start();
            assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(m.isRunning()).isTrue();
            long t0 = System.nanoTime();
            m.stop();
            // before the fix stop() waited the full 20 s check timeout for a check that had died
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(m.message()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(log.lines()).hasSize(1).allMatch(l -> l.startsWith("ERROR "));
        }
        Threads.assertNoPoolkitThreads();
    }

    // ---------------------------------------------------------------- 2 and 3

    private static List<String> seriesLines(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    @DisplayName("2: two pools, and the same pool twice, bind to one Prometheus registry; closing all leaves nothing")
    void defect2_manyBindingsOnOneRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorPool first = MonitorPool.create();
        MonitorPool second = MonitorPool.create();
        Monitor a = monitor("a").healthCheck(ctx -> {}).build();
        Monitor b = monitor("b").healthCheck(ctx -> {}).build();
        first.add(a);
        second.add(b);
        MonitorMetrics m1 = MonitorMetrics.bind(first, registry);
        MonitorMetrics m2 = MonitorMetrics.bind(second, registry);
        MonitorMetrics again = MonitorMetrics.bind(first, registry);
        a.start();
        b.start();
        step();
        String text = registry.scrape();
        assertThat(seriesLines(text, "monitor_latency_seconds_count"))
                .containsExactly(
                        "monitor_latency_seconds_count{monitor=\"a\"} 1",
                        "monitor_latency_seconds_count{monitor=\"b\"} 1");
        m1.close();
        again.collect(); // the second binding of the first pool takes over "a"
        assertThat(seriesLines(registry.scrape(), "monitor_status{"))
                .containsExactly("monitor_status{monitor=\"a\"} 1.0", "monitor_status{monitor=\"b\"} 1.0");
        m2.close();
        again.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.scrape()).doesNotContain("monitor_");
        a.stop();
        b.stop();
    }

    @Test
    @DisplayName("3: the latency histogram is a Micrometer meter: common tags, getMeters() and clear() see it")
    void defect3_latencyThroughMicrometer() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "demo");
        MonitorPool pool = MonitorPool.create();
        Monitor m = monitor("db").healthCheck(ctx -> {}).build();
        pool.add(m);
        try (MonitorMetrics ignored = MonitorMetrics.bind(pool, registry)) {
            m.start();
            step();
            List<String> latency = seriesLines(registry.scrape(), "monitor_latency_seconds");
            assertThat(latency).isNotEmpty().allMatch(l -> l.contains("application=\"demo\""));
            assertThat(registry.getMeters())
                    .extracting(meter -> meter.getId().getName())
                    .contains(MonitorMetricNames.LATENCY);
            assertThat(registry.find(MonitorMetricNames.LATENCY).timer().count())
                    .isEqualTo(1);
            registry.clear();
            assertThat(registry.scrape()).doesNotContain("monitor_latency_seconds");
            m.stop();
        }
    }

    // ---------------------------------------------------------------- 4

    @Test
    @DisplayName("4: a closed pool cannot be started, and the shell's start after close starts nothing")
    void defect4_closedPool_staysClosed() {
        MonitorPool pool = MonitorPool.create();
        Monitor a = monitor("a").healthCheck(ctx -> {}).build();
        pool.add(a);
        pool.start();
        pool.close();
        assertThatThrownBy(pool::start)
                .isInstanceOf(MonitorClosedException.class)
                .hasMessage("monitor pool is closed; cannot start it");
        assertThatThrownBy(pool::restart)
                .isInstanceOf(MonitorClosedException.class)
                .hasMessage("monitor pool is closed; cannot restart it");
        ShellCommand start = MonitorCommands.of(pool).get(3);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        start.run(out, err, List.of());
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("monitor pool is closed; cannot start monitor 'a'\n");
        assertThat(a.isRunning()).isFalse();
        assertThatThrownBy(a::start)
                .as("closing the pool closed its monitors")
                .isInstanceOf(MonitorClosedException.class)
                .hasMessage("monitor 'a' is closed");
        assertThat(scheduler.pending()).isZero();
    }

    // ---------------------------------------------------------------- 5

    @Test
    @DisplayName("5: a pooled monitor cannot be renamed; out of the pool it can, and it comes back under the new name")
    void defect5_renamePooledMonitor_rejected() {
        MonitorPool pool = MonitorPool.create();
        Monitor m = monitor("old").build();
        pool.add(m);
        MonitorConfig renamed = m.config().toBuilder().name("new").build();
        assertThatThrownBy(() -> m.setConfig(renamed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("monitor 'old' is in a monitor pool and cannot be renamed to 'new'; remove it from the"
                        + " pool, rename it, then add it again");
        assertThat(m.name()).isEqualTo("old");
        assertThat(pool.names()).containsExactly("old");
        m.setConfig(m.config().toBuilder().intervalCheck(Duration.ofSeconds(3)).build()); // same name: fine
        pool.remove("old");
        m.setConfig(renamed);
        pool.add(m);
        assertThat(pool.names()).containsExactly("new");
        assertThat(pool.get("new")).containsSame(m);
    }

    // ---------------------------------------------------------------- 6

    @Test
    @DisplayName("6: durations take Go's case-sensitive units; a key twice or a key and its alias is an error")
    void defect6_goExactDurations_andDuplicateKeys() {
        assertThatThrownBy(() -> MonitorConfig.fromYaml("check-timeout: 5S\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check-timeout must be a duration such as \"5s\", but was \"5S\""
                        + " (unknown unit \"S\" in duration \"5S\")");
        assertThatThrownBy(() -> MonitorConfig.fromYaml("interval-check: 1M\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval-check must be a duration such as \"5s\", but was \"1M\""
                        + " (unknown unit \"M\" in duration \"1M\")");
        assertThatThrownBy(() -> MonitorConfig.fromYaml("interval-check: 1s\nname: a\ninterval-check: 2s\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate key 'interval-check' in monitor config");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"interval-fall\": \"1s\", \"interval-down\": \"2s\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keys 'interval-fall' and 'interval-down' in monitor config set the same value"
                        + " (interval-down is an alias of interval-fall); keep one");
        assertThat(MonitorConfig.fromYaml("interval-down: 1m30s\n").intervalFall())
                .isEqualTo(Duration.ofSeconds(90));
    }

    // ---------------------------------------------------------------- 7

    @Test
    @DisplayName("7: nested info data is written as JSON arrays and objects, as golib does")
    void defect7_nestedInfoData_asJson() throws Exception {
        Info info = Info.of("svc");
        info.setData(Map.of("tags", List.of("a", "b"), "host", Map.of("cpu", 2, "zone", "eu"), "ok", true));
        Monitor m = Monitor.builder(info)
                .config(MonitorConfig.builder().name("svc").build())
                .build();
        assertThat(new ObjectMapper().readTree(m.toJson()).get("info").toString())
                .isEqualTo("{\"name\":\"svc\",\"data\":{\"host\":{\"cpu\":2,\"zone\":\"eu\"},\"ok\":true,"
                        + "\"tags\":[\"a\",\"b\"]}}");
    }

    // ---------------------------------------------------------------- 8

    @Test
    @DisplayName("8: building monitors logs no normalisation that did not happen")
    void defect8_noSpuriousNormalisationLines() {
        try (LogCapture log = LogCapture.of(MonitorConfig.class, Level.DEBUG)) {
            Monitor.create(Info.of("plain"));
            Monitor.builder(Info.of("db"))
                    .config(MonitorConfig.builder()
                            .name("db")
                            .intervalCheck(Duration.ofSeconds(2))
                            .intervalFall(Duration.ofSeconds(1))
                            .intervalRise(Duration.ofSeconds(1))
                            .build())
                    .build();
            assertThat(log.lines()).isEmpty();
            Monitor.builder(Info.of("cache"))
                    .config(MonitorConfig.builder()
                            .name("cache")
                            .intervalFall(Duration.ofNanos(10))
                            .build())
                    .build();
            assertThat(log.lines())
                    .containsExactly(
                            "INFO Monitor 'cache': intervalFall PT0.00000001S is below the minimum, using PT1S",
                            "DEBUG Monitor 'cache': intervalRise not set, using PT1S");
        }
    }

    @Test
    @DisplayName("8: a monitor without a name cannot join a pool, so two of them cannot replace each other")
    void defect8_unnamedMonitor_rejectedByPool() {
        MonitorPool pool = MonitorPool.create();
        Monitor unnamed = Monitor.create(Info.of("db"));
        assertThatThrownBy(() -> pool.add(unnamed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor name cannot be empty: the monitor of info 'db' has no name;"
                        + " set one with MonitorConfig.builder().name(...)");
        assertThatThrownBy(() -> pool.set(unnamed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("monitor name cannot be empty");
        assertThat(pool.names()).isEmpty();
        unnamed.setConfig(MonitorConfig.builder().name("renamed later").build());
        pool.add(unnamed);
        assertThat(pool.names()).containsExactly("renamed later");
    }

    @Test
    @DisplayName("the fixes hold under real threads: a monitor pool with metrics leaves no thread and no meter")
    void realThreads_closeLeavesNothing() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorPool pool = MonitorPool.create();
        pool.add(Monitor.builder(Info.of("fast"))
                .config(MonitorConfig.builder()
                        .name("fast")
                        .intervalCheck(Duration.ofMillis(5))
                        .build())
                .healthCheck(ctx -> {})
                .build());
        MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
        pool.start();
        Awaits.await()
                .until(() -> registry.find(MonitorMetricNames.LATENCY).timer() != null
                        && registry.find(MonitorMetricNames.LATENCY).timer().count() >= 3);
        pool.close();
        metrics.close();
        assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
        Threads.assertNoPoolkitThreads();
    }
}
