package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** golib's monitor scenarios GM-1..16 (reference §1.9), with a fake clock and a manual scheduler. */
class MonitorTest {

    private final Fixture fx = Fixture.create();

    private static MonitorConfig counts(int fallWarn, int fallKo, int riseKo, int riseWarn) {
        return MonitorConfig.builder()
                .name("m")
                .intervalCheck(Duration.ofSeconds(1))
                .fallCountWarn(fallWarn)
                .fallCountKo(fallKo)
                .riseCountKo(riseKo)
                .riseCountWarn(riseWarn)
                .build();
    }

    private record Snap(Status status, boolean rise, boolean fall) {}

    private List<Snap> runScript(MonitorConfig cfg, Object... results) {
        Fixture.Script script = new Fixture.Script(fx.clock, results);
        Monitor m = fx.monitor("db").config(cfg).healthCheck(script).build();
        m.start();
        List<Snap> out = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            // intervals are all 1 s here: exactly one check per second
            fx.step(Duration.ofSeconds(1));
            assertThat(script.calls).hasSize(i + 1);
            out.add(new Snap(m.status(), m.isRise(), m.isFall()));
        }
        m.stop();
        return out;
    }

    // ---------------------------------------------------------------- construction

    @Test
    @DisplayName("GM-1 New with a null info fails with \"info cannot be nil\"")
    void gm1_nullInfo_throwsInfoCannotBeNil() {
        assertThatThrownBy(() -> Monitor.create(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("info cannot be nil");
    }

    @Test
    @DisplayName("GM-2 A fresh monitor is KO, not named, with golib's initial message and zero times")
    void gm2_freshMonitor_initialState() {
        Monitor m = Monitor.create(Info.of("db"));
        assertThat(m.status()).isEqualTo(Status.KO);
        assertThat(m.message()).isEqualTo("no healcheck still run");
        assertThat(m.isRise()).isFalse();
        assertThat(m.isFall()).isFalse();
        assertThat(m.latency()).isZero();
        assertThat(m.uptime()).isZero();
        assertThat(m.downtime()).isZero();
        assertThat(m.name()).isEqualTo("not named");
        assertThat(m.infoName()).isEqualTo("db");
        assertThat(m.isRunning()).isFalse();
    }

    @Test
    @DisplayName("GM-3 A fresh config is 5s / 1s / 1s / 1s, counts 1, not named")
    void gm3_freshConfig_defaults() {
        MonitorConfig c = Monitor.create(Info.of("db")).config();
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.intervalCheck()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.intervalFall()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.intervalRise()).isEqualTo(Duration.ofSeconds(1));
        assertThat(List.of(c.fallCountKo(), c.fallCountWarn(), c.riseCountKo(), c.riseCountWarn()))
                .containsOnly(1);
        assertThat(c.name()).isEqualTo("not named");
        assertThat(c).isEqualTo(MonitorConfig.defaults());
    }

    @Test
    @DisplayName("GM-4 setConfig normalises sub-microsecond intervals, zero counts and an empty name")
    void gm4_setConfig_normalises() {
        Monitor m = Monitor.create(Info.of("db"));
        m.setConfig(MonitorConfig.builder()
                .checkTimeout(Duration.ofSeconds(1))
                .intervalCheck(Duration.ofMillis(100))
                .intervalFall(Duration.ofNanos(10))
                .intervalRise(Duration.ofMillis(100))
                .fallCountKo(0)
                .fallCountWarn(0)
                .riseCountKo(0)
                .riseCountWarn(0)
                .build());
        MonitorConfig c = m.config();
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.intervalCheck()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.intervalFall()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.intervalRise()).isEqualTo(Duration.ofMillis(100));
        assertThat(List.of(c.fallCountKo(), c.fallCountWarn(), c.riseCountKo(), c.riseCountWarn()))
                .containsOnly(1);

        m.setConfig(MonitorConfig.builder().name("").build());
        assertThat(m.name()).isEqualTo("not named");

        m.setConfig(MonitorConfig.builder()
                .checkTimeout(Duration.ZERO)
                .intervalCheck(Duration.ZERO)
                .build());
        assertThat(m.config().checkTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.config().intervalCheck()).isEqualTo(Duration.ofSeconds(1));
    }

    // ---------------------------------------------------------------- state machine

    @Test
    @DisplayName("GM-5 counts (1,1,1,1), S S F F S: Warn(rise), OK, Warn(fall), KO, Warn(rise)")
    void gm5_countsAllOne_sequence() {
        assertThat(runScript(counts(1, 1, 1, 1), true, true, false, false, true))
                .containsExactly(
                        new Snap(Status.WARN, true, false),
                        new Snap(Status.OK, false, false),
                        new Snap(Status.WARN, false, true),
                        new Snap(Status.KO, false, false),
                        new Snap(Status.WARN, true, false));
    }

    @Test
    @DisplayName("GM-6 counts (fallWarn 2, fallKO 3, riseKO 2, riseWarn 3), S x5, F x5, S")
    void gm6_unevenCounts_sequence() {
        Object[] script = {true, true, true, true, true, false, false, false, false, false, true};
        List<Snap> snaps = runScript(counts(2, 3, 2, 3), script);
        assertThat(snaps.stream().map(Snap::status))
                .containsExactly(
                        Status.KO,
                        Status.WARN,
                        Status.WARN,
                        Status.WARN,
                        Status.OK,
                        Status.OK,
                        Status.WARN,
                        Status.WARN,
                        Status.WARN,
                        Status.KO,
                        Status.KO);
        for (int i = 0; i < snaps.size(); i++) {
            int check = i + 1;
            assertThat(snaps.get(i).fall()).as("isFall at check %d", check).isEqualTo(check >= 6 && check <= 9);
            assertThat(snaps.get(i).rise()).as("isRise at check %d", check).isEqualTo(check <= 4 || check == 11);
        }
    }

    @Test
    @DisplayName("GM-6 accumulators: up 2, down 9, riseTime 6, fallTime 5 (reference worked sequence)")
    void gm6_unevenCounts_accumulators() {
        Object[] script = {true, true, true, true, true, false, false, false, false, false, true};
        Fixture.Script check = new Fixture.Script(fx.clock, script);
        Monitor m =
                fx.monitor("db").config(counts(2, 3, 2, 3)).healthCheck(check).build();
        m.start();
        fx.run(Duration.ofSeconds(11), Duration.ofSeconds(1));
        assertThat(check.calls).hasSize(11);
        assertThat(m.uptime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.downtime()).isEqualTo(Duration.ofSeconds(9));
        assertThat(m.riseTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(m.fallTime()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("GM-7 riseKO 3 with S,S,F repeated 10 times stays KO throughout")
    void gm7_interruptedRise_staysKo() {
        List<Object> script = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            script.addAll(List.of(true, true, false));
        }
        assertThat(runScript(counts(1, 1, 3, 1), script.toArray()))
                .extracting(Snap::status)
                .containsOnly(Status.KO);
    }

    @Test
    @DisplayName("GM-8 the message follows the last result: boom, empty, bang")
    void gm8_message_followsLastResult() {
        Fixture.Script check = new Fixture.Script(fx.clock, "boom", true, "bang");
        Monitor m = fx.monitor("db").healthCheck(check).build();
        m.start();
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEqualTo("boom");
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEmpty();
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEqualTo("bang");
    }

    @Test
    @DisplayName("GM-9 no health check: the first tick fails with \"missing healthcheck\", still running")
    void gm9_noHealthCheck_missingHealthcheck() {
        Monitor m = fx.monitor("db").build();
        m.start();
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).contains("missing healthcheck");
        assertThat(m.status()).isEqualTo(Status.KO);
        assertThat(m.latency()).isZero();
        assertThat(m.isRunning()).isTrue();
    }

    @Test
    @DisplayName("GM-10 a check that throws is a failure with the exception's text; the monitor keeps running")
    void gm10_throwingCheck_failureAndStillRunning() {
        Monitor m = fx.monitor("db")
                .healthCheck(ctx -> {
                    throw new IllegalStateException("kaput");
                })
                .build();
        m.start();
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEqualTo("kaput");
        assertThat(m.isRunning()).isTrue();
        m.setHealthCheck(ctx -> {
            throw new AssertionError("an Error, Go's panic");
        });
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEqualTo("an Error, Go's panic");
        m.setHealthCheck(ctx -> {
            throw new NullPointerException();
        });
        fx.step(Duration.ofSeconds(1));
        assertThat(m.message()).isEqualTo("java.lang.NullPointerException");
        assertThat(m.isRunning()).isTrue();
        assertThat(fx.scheduler.pending())
                .as("the next tick and the check-timeout watchdog")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("GM-11 a check waiting on its context is cancelled at the check timeout (real time)")
    void gm11_checkWaitingOnContext_deadlineExceeded() {
        try (Monitor m = Monitor.builder(Info.of("slow"))
                .config(MonitorConfig.builder()
                        .name("slow")
                        .checkTimeout(Duration.ofMillis(200))
                        .intervalCheck(Duration.ofMillis(500))
                        .build())
                .healthCheck(CheckContext::awaitCancellation)
                .build()) {
            m.start();
            Awaits.await().until(() -> !m.message().equals(MonitorState.INITIAL_MESSAGE));
            assertThat(m.message()).isEqualTo("context deadline exceeded");
            assertThat(m.status()).isEqualTo(Status.KO);
            // reference: ≈ 200 ms ±50% in real time; the upper bound is wider because the cores are shared
            assertThat(m.latency()).isBetween(Duration.ofMillis(190), Duration.ofMillis(1000));
        }
        Threads.assertNoPoolkitThreads();
    }

    @Test
    @DisplayName("GM-11 a blocking (interruptible) check is interrupted at the check timeout")
    void gm11_blockingCheck_interruptedAtDeadline() {
        try (Monitor m = Monitor.builder(Info.of("slow"))
                .config(MonitorConfig.builder()
                        .checkTimeout(Duration.ofMillis(200))
                        .intervalCheck(Duration.ofMillis(300))
                        .build())
                .healthCheck(ctx -> new java.util.concurrent.CountDownLatch(1).await())
                .build()) {
            m.start();
            Awaits.await().until(() -> !m.message().equals(MonitorState.INITIAL_MESSAGE));
            assertThat(m.message()).isEqualTo("context deadline exceeded");
            // reference: ≈ 200 ms ±50% in real time; the upper bound is wider because the cores are shared
            assertThat(m.latency()).isBetween(Duration.ofMillis(190), Duration.ofMillis(1000));
        }
    }

    @Test
    @DisplayName("GM-12 first check one interval after start, rise interval while rising, re-armed after each check")
    void gm12_intervals_riseThenCheck() {
        Fixture.Script check = new Fixture.Script(fx.clock, true);
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder()
                        .intervalCheck(Duration.ofSeconds(1))
                        .intervalRise(Duration.ofMillis(100))
                        .riseCountKo(2)
                        .riseCountWarn(2)
                        .build())
                .healthCheck(check)
                .build();
        long t0 = fx.clock.nanoTime();
        m.start();
        assertThat(fx.scheduler.runDue()).as("never a check at t = 0").isZero();
        List<Status> statuses = new ArrayList<>();
        for (int i = 0; i < 340; i++) {
            if (fx.step(Duration.ofMillis(10)) > 0) {
                statuses.add(m.status());
            }
        }
        assertThat(check.calls.stream().map(t -> (t - t0) / 1_000_000))
                .containsExactly(1000L, 1100L, 1200L, 1300L, 2300L, 3300L);
        assertThat(statuses).containsExactly(Status.KO, Status.WARN, Status.WARN, Status.OK, Status.OK, Status.OK);
    }

    @Test
    @DisplayName("GM-12 falling uses intervalFall the same way")
    void gm12_intervals_fall() {
        Fixture.Script check = new Fixture.Script(fx.clock, true, true, false);
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder()
                        .intervalCheck(Duration.ofSeconds(1))
                        .intervalFall(Duration.ofMillis(200))
                        .fallCountWarn(2)
                        .fallCountKo(2)
                        .build())
                .healthCheck(check)
                .build();
        long t0 = fx.clock.nanoTime();
        m.start();
        fx.run(Duration.ofMillis(3600), Duration.ofMillis(10));
        // S,S -> OK at 2s; F at 3s (falling) then every 200 ms; Warn at 3.2 (falling), KO at 3.6
        assertThat(check.calls.stream().map(t -> (t - t0) / 1_000_000))
                .containsExactly(1000L, 2000L, 3000L, 3200L, 3400L, 3600L);
        assertThat(m.status()).isEqualTo(Status.KO);
        assertThat(m.isFall()).isFalse();
    }

    @Test
    @DisplayName("GM-13 time accounting: creation gap credited to KO, then uptime and fall time")
    void gm13_clockDrivenAccounting() {
        Fixture.Script check = new Fixture.Script(fx.clock, true, true, true, true, false);
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder()
                        .intervalCheck(Duration.ofSeconds(10))
                        .intervalRise(Duration.ofSeconds(1))
                        .build())
                .healthCheck(check)
                .build();
        m.start();
        fx.step(Duration.ofSeconds(10)); // t = 10 s
        assertThat(m.status()).isEqualTo(Status.WARN);
        assertThat(m.downtime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(m.riseTime()).isEqualTo(Duration.ofSeconds(10));
        m.setConfig(m.config().toBuilder()
                .intervalCheck(Duration.ofSeconds(1))
                .intervalRise(Duration.ofSeconds(1))
                .build());
        fx.step(Duration.ofSeconds(1)); // t = 11 s
        assertThat(m.status()).isEqualTo(Status.OK);
        assertThat(m.downtime()).isEqualTo(Duration.ofSeconds(11));
        fx.step(Duration.ofSeconds(1)); // 12 s
        fx.step(Duration.ofSeconds(1)); // 13 s
        assertThat(m.uptime()).isEqualTo(Duration.ofSeconds(2));
        fx.step(Duration.ofSeconds(1)); // 14 s: failure
        assertThat(m.status()).isEqualTo(Status.WARN);
        assertThat(m.uptime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.fallTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check.calls).hasSize(5);
    }

    // ---------------------------------------------------------------- encodings

    @Test
    @DisplayName("GM-14 text of a fresh monitor, then after a 15 ms check with 65 s uptime")
    void gm14_text() {
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder()
                        .name("")
                        .intervalCheck(Duration.ofSeconds(65))
                        .build())
                .healthCheck(ctx -> fx.clock.advance(Duration.ofMillis(15)))
                .build();
        assertThat(m.toText()).isEqualTo("KO: not named (db) | 0s / 0s / 0s | no healcheck still run");
        // counts 1: KO -> Warn -> OK, then 65 s of OK
        m.setConfig(m.config().toBuilder().intervalRise(Duration.ofSeconds(1)).build());
        m.start();
        fx.step(Duration.ofSeconds(65)); // KO -> Warn (rising, next in 1 s)
        fx.step(Duration.ofSeconds(1)); // Warn -> OK (next in 65 s)
        fx.step(Duration.ofSeconds(65)); // OK, uptime += 65 s + 15 ms (the check's own time)
        assertThat(m.status()).isEqualTo(Status.OK);
        assertThat(m.latency()).isEqualTo(Duration.ofMillis(15));
        assertThat(m.toText()).isEqualTo("OK: not named (db) | 15ms / 1m5s / 1m6s");
    }

    @Test
    @DisplayName("GM-14 info data is printed with sorted keys, newlines as spaces, carriage returns dropped")
    void gm14_text_infoDataSortedAndCleaned() {
        Info info = Info.of("svc");
        info.setData(Map.of("zone", "eu\r\nwest", "version", "1.0", "port", 5432));
        Monitor m = Monitor.builder(info)
                .config(MonitorConfig.builder().name("api").build())
                .build();
        assertThat(m.toText())
                .isEqualTo(
                        "KO: api (svc (port: 5432,version: 1.0,zone: eu west)) | 0s / 0s / 0s | no healcheck still run");
    }

    @Test
    @DisplayName("GM-15 JSON has exactly golib's keys; status is the display string")
    void gm15_json_keys() throws Exception {
        Info info = Info.of("db");
        info.addData("version", "14.5");
        info.addData("port", 5432);
        Monitor m = Monitor.builder(info).build();
        JsonNode json = new ObjectMapper().readTree(m.toJson());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys)
                .containsExactly(
                        "status",
                        "name",
                        "info",
                        "latency",
                        "latency_ms",
                        "uptime",
                        "uptime_epoc",
                        "downtime",
                        "downtime_epoc",
                        "risetime",
                        "risetime_epoc",
                        "falltime",
                        "falltime_epoc",
                        "message");
        assertThat(json.get("status").asText()).isEqualTo("KO");
        assertThat(json.get("name").asText()).isEqualTo("not named");
        assertThat(json.get("info").toString())
                .isEqualTo("{\"name\":\"db\",\"data\":{\"port\":5432,\"version\":\"14.5\"}}");
        assertThat(json.get("latency").asText()).isEqualTo("0s");
        assertThat(json.get("latency_ms").asLong()).isZero();
        assertThat(json.get("uptime_epoc").isIntegralNumber()).isTrue();
        assertThat(json.get("message").asText()).isEqualTo("no healcheck still run");
    }

    @Test
    @DisplayName("GM-15 status strings are KO, Warn and OK")
    void gm15_json_statusStrings() throws Exception {
        Fixture.Script check = new Fixture.Script(fx.clock, true, true);
        Monitor m = fx.monitor("db").healthCheck(check).build();
        ObjectMapper om = new ObjectMapper();
        List<String> seen = new ArrayList<>();
        seen.add(om.readTree(m.toJson()).get("status").asText());
        m.start();
        fx.step(Duration.ofSeconds(1));
        seen.add(om.readTree(m.toJson()).get("status").asText());
        fx.step(Duration.ofSeconds(1));
        seen.add(om.readTree(m.toJson()).get("status").asText());
        assertThat(seen).containsExactly("KO", "Warn", "OK");
    }

    // ---------------------------------------------------------------- lifecycle and hooks

    @Test
    @DisplayName("GM-16 start twice gives one check stream; stop twice is fine; no check after stop")
    void gm16_startTwiceStopTwice() {
        Fixture.Script check = new Fixture.Script(fx.clock, true);
        Monitor m = fx.monitor("db").healthCheck(check).build();
        m.start();
        m.start();
        assertThat(fx.scheduler.pending()).isEqualTo(1);
        fx.run(Duration.ofSeconds(5), Duration.ofMillis(100));
        assertThat(check.calls).hasSize(5);
        m.stop();
        m.stop();
        assertThat(m.isRunning()).isFalse();
        fx.run(Duration.ofSeconds(5), Duration.ofMillis(100));
        assertThat(check.calls).hasSize(5);
        assertThat(fx.scheduler.pending()).isZero();
    }

    @Test
    @DisplayName("GM-16 the collector receives the merged metric names after each check")
    void gm16_metricsNames_collectorCalledWithNames() {
        List<List<String>> received = new CopyOnWriteArrayList<>();
        Monitor m = fx.monitor("db").healthCheck(ctx -> {}).build();
        m.registerCollectMetrics((mon, names) -> received.add(names));
        m.start();
        fx.step(Duration.ofSeconds(1));
        assertThat(received).as("no names registered: never invoked").isEmpty();
        m.registerMetricsName("a");
        m.registerMetricsAddName("a", "b");
        fx.step(Duration.ofSeconds(1));
        fx.step(Duration.ofSeconds(1));
        assertThat(received).containsExactly(List.of("a", "b"), List.of("a", "b"));
        m.registerMetricsName("c");
        fx.step(Duration.ofSeconds(1));
        assertThat(received).last().isEqualTo(List.of("c"));
    }

    @Test
    @DisplayName("GM-16 real threads: after stop returns the check count stays constant")
    void gm16_realTime_noCheckAfterStop() {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        Monitor m = Monitor.builder(Info.of("fast"))
                .config(MonitorConfig.builder()
                        .intervalCheck(Duration.ofMillis(5))
                        .build())
                .healthCheck(ctx -> count.incrementAndGet())
                .build();
        m.start();
        m.start();
        Awaits.await().until(() -> count.get() >= 5);
        m.stop();
        m.stop();
        int after = count.get();
        // a further check would have run within 5 ms: the count must hold still for 20 intervals
        Awaits.await()
                .during(Duration.ofMillis(100))
                .atMost(Duration.ofSeconds(2))
                .until(() -> count.get() == after);
        assertThat(count.get()).isEqualTo(after);
        Threads.assertNoPoolkitThreads();
    }

    @Test
    @DisplayName("copy keeps config, info and last state; a copy of a running monitor runs")
    void copy_keepsStateAndRunning() {
        Fixture.Script check = new Fixture.Script(fx.clock, true);
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder().name("x").build())
                .healthCheck(check)
                .build();
        m.start();
        fx.step(Duration.ofSeconds(1));
        Monitor c = m.copy();
        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.name()).isEqualTo("x");
        assertThat(c.info()).isSameAs(m.info());
        assertThat(c.isRunning()).isTrue();
        m.stop();
        c.stop();
    }

    @Test
    @DisplayName("close stops the monitor and rejects a later start")
    void close_rejectsStart() {
        Monitor m = fx.monitor("db")
                .config(MonitorConfig.builder().name("db").build())
                .build();
        m.start();
        m.close();
        assertThat(m.isRunning()).isFalse();
        assertThatThrownBy(m::start).isInstanceOf(MonitorClosedException.class).hasMessage("monitor 'db' is closed");
    }
}
