package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.internal.SharedScheduler;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real threads: many monitors, cancellation, stop during a check. */
class MonitorConcurrencyTest {

    /** Counts the checks of one monitor and the gaps between their starts. */
    private static final class Probe implements HealthCheck {
        final AtomicInteger checks = new AtomicInteger();
        final AtomicLong lastStart = new AtomicLong();
        final AtomicLong gapSum = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();

        @Override
        public void check(CheckContext context) {
            long now = System.nanoTime();
            long prev = lastStart.getAndSet(now);
            if (prev != 0) {
                gapSum.addAndGet(now - prev);
                gaps.incrementAndGet();
            }
            checks.incrementAndGet();
        }
    }

    private static long platformThreads() {
        return Thread.getAllStackTraces().size();
    }

    @Test
    @Timeout(60)
    @DisplayName("1,000 monitors at 10 ms in one pool for 2 s: one scheduler thread, no drift, clean close")
    void thousandMonitors_tenMillis_sharedSchedulerNoDrift() {
        long threadsBefore = platformThreads();
        MonitorPool pool = MonitorPool.create();
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = new Probe();
            probes.add(p);
            pool.add(Monitor.builder(Info.of("m" + i))
                    .config(MonitorConfig.builder()
                            .name("m" + i)
                            .intervalCheck(Duration.ofMillis(10))
                            .build())
                    .healthCheck(p)
                    .build());
        }
        long start = System.nanoTime();
        pool.start();
        AtomicLong maxThreads = new AtomicLong();
        long deadline = start + Duration.ofSeconds(2).toNanos();
        // sample the platform thread count every 50 ms while the monitors run for 2 s
        Awaits.await().pollInterval(Duration.ofMillis(50)).until(() -> {
            maxThreads.accumulateAndGet(platformThreads(), Math::max);
            return System.nanoTime() >= deadline;
        });
        assertThat(Threads.threadsNamed("poolkit-")).containsExactly(SharedScheduler.THREAD_NAME);
        pool.close();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        long total = probes.stream().mapToLong(p -> p.checks.get()).sum();
        long min = probes.stream().mapToLong(p -> p.checks.get()).min().orElseThrow();
        double meanGapMs = probes.stream()
                        .mapToDouble(p -> p.gapSum.get() / (double) Math.max(1, p.gaps.get()))
                        .average()
                        .orElseThrow()
                / 1e6;
        System.out.printf(
                "1000 monitors @10ms for %d ms: %d checks (%.0f/s), min per monitor %d, mean gap %.2f ms,"
                        + " platform threads %d -> max %d%n",
                elapsedMs, total, total * 1000.0 / elapsedMs, min, meanGapMs, threadsBefore, maxThreads.get());

        // each check re-arms 10 ms after it ends, so lateness cannot accumulate (no drift) and the ideal
        // is one check per ~10 ms per monitor: 100,000 checks/s. These two cores are shared with other
        // builds and benchmarks, so allow a 2x slowdown on average, and no monitor may starve.
        assertThat(meanGapMs).as("mean gap between checks of a monitor, ms").isLessThan(20.0);
        assertThat(min).as("fewest checks of any monitor").isGreaterThan(50);
        assertThat(maxThreads.get() - threadsBefore)
                .as("platform threads added")
                .isLessThanOrEqualTo(8);
        Threads.assertNoPoolkitThreads();
        assertThat(pool.isRunning()).isFalse();
    }

    @Test
    @Timeout(30)
    @DisplayName("a check that ignores cancellation is not aborted: its result and real latency are recorded")
    void checkIgnoringCancellation_completesAndIsRecorded() {
        AtomicReference<Boolean> sawCancel = new AtomicReference<>();
        try (Monitor m = Monitor.builder(Info.of("stubborn"))
                .config(MonitorConfig.builder()
                        .checkTimeout(Duration.ofMillis(100))
                        .intervalCheck(Duration.ofMillis(20))
                        .build())
                .healthCheck(ctx -> {
                    long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
                    CountDownLatch never = new CountDownLatch(1);
                    for (long left; (left = end - System.nanoTime()) > 0; ) {
                        try {
                            never.await(left, TimeUnit.NANOSECONDS);
                        } catch (InterruptedException ignoredOnPurpose) {
                            // this check ignores the interrupt and keeps waiting
                        }
                    }
                    sawCancel.compareAndSet(null, ctx.isCancelled());
                })
                .build()) {
            m.start();
            Awaits.await().until(() -> m.status() != Status.KO || m.isRise());
            assertThat(m.message()).isEmpty();
            assertThat(m.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(sawCancel.get())
                    .as("the context was cancelled at 100 ms")
                    .isTrue();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName(
            "stop while a check is in flight: the check sees \"context canceled\", stop returns promptly, the result is dropped")
    void stopDuringCheck_cancelsAndDropsResult() throws Exception {
        CountDownLatch inCheck = new CountDownLatch(1);
        AtomicReference<String> seen = new AtomicReference<>();
        Monitor m = Monitor.builder(Info.of("slow"))
                .config(MonitorConfig.builder()
                        .checkTimeout(Duration.ofSeconds(20))
                        .intervalCheck(Duration.ofMillis(10))
                        .build())
                .healthCheck(ctx -> {
                    inCheck.countDown();
                    try {
                        ctx.awaitCancellation();
                    } catch (CheckCancelledException e) {
                        seen.set(e.getMessage());
                        throw e;
                    }
                })
                .build();
        m.start();
        assertThat(inCheck.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        m.stop();
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stopMs).as("stop waited for the cancelled check only").isLessThan(5_000);
        assertThat(seen.get()).isEqualTo("context canceled");
        assertThat(m.message()).as("dropped result").isEqualTo("no healcheck still run");
        assertThat(m.isRunning()).isFalse();
        Threads.assertNoPoolkitThreads();
    }

    @Test
    @Timeout(30)
    @DisplayName("stop during a check that ignores cancellation returns after at most the check timeout")
    void stopDuringStubbornCheck_boundedByCheckTimeout() throws Exception {
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Monitor m = Monitor.builder(Info.of("stubborn"))
                .config(MonitorConfig.builder()
                        .checkTimeout(Duration.ofMillis(200))
                        .intervalCheck(Duration.ofMillis(10))
                        .build())
                .healthCheck(ctx -> {
                    inCheck.countDown();
                    while (true) {
                        try {
                            release.await();
                            return;
                        } catch (InterruptedException ignoredOnPurpose) {
                            // ignores cancellation
                        }
                    }
                })
                .build();
        m.start();
        assertThat(inCheck.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        m.stop();
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stopMs).isBetween(100L, 5_000L);
        release.countDown();
        // the late result is dropped: the monitor stays as it was while the straggler finishes
        Awaits.await()
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> m.message().equals("no healcheck still run")
                        && m.latency().isZero());
        assertThat(m.isRunning()).isFalse();
        Threads.assertNoPoolkitThreads();
    }
}
