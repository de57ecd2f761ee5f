package dev.poolkit.bench.monitor;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.Status;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Health monitor costs, to compare with golib's published monitor benchmarks (reference §1.8):
 * status and latency reads, text and JSON encoding, and one check cycle with a no-op health check.
 *
 * <p>The check-cycle benchmarks drive the monitor's own scheduled tick by hand, so they measure the
 * cycle's overhead (check context, deadline arming and cancelling, state machine, re-arming the next
 * tick, listeners) and not the wait between ticks:
 *
 * <ul>
 *   <li>{@code checkCycleInline}: the check runs on the calling thread and the timers are captured
 *       (never armed on a real scheduler): the cycle's own logic.
 *   <li>{@code checkCycleRealTimers}: the same, but the check timeout is armed and cancelled on a real
 *       {@link ThreadScheduler}, as in production.
 *   <li>{@code checkCycleVirtualThread}: the production path end to end: the tick hands the check to a
 *       new virtual thread (the default executor) and the benchmark waits until the result is
 *       recorded; this adds the thread start and hand-off latency to the cycle.
 * </ul>
 *
 * Command (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl poolkit-bench -am package -DskipTests
 * $(bin/find-jdk)/bin/java -jar poolkit-bench/target/benchmarks.jar 'dev.poolkit.bench.monitor.*' \
 *     -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitorBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(59);

    /**
     * Captures the monitor's tick (delay = check interval) so the benchmark can run it, and passes
     * check-timeout tasks to {@code timers} (or drops them when that is null).
     */
    static final class CapturingScheduler implements Scheduler {
        private static final Cancellable NOOP = () -> {};
        private final Scheduler timers;
        Runnable tick;

        CapturingScheduler(Scheduler timers) {
            this.timers = timers;
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            if (delay.equals(TIMEOUT)) {
                return timers == null ? NOOP : timers.schedule(task, delay);
            }
            tick = task;
            return NOOP;
        }
    }

    private Monitor readMonitor;
    private Monitor inlineMonitor;
    private Monitor timerMonitor;
    private CapturingScheduler inline;
    private CapturingScheduler withTimers;
    private ThreadScheduler threadScheduler;

    private Monitor vtMonitor;
    private CapturingScheduler vtScheduler;
    private final java.util.concurrent.atomic.AtomicLong vtChecks = new java.util.concurrent.atomic.AtomicLong();

    private static Monitor monitor(Scheduler scheduler) {
        return monitor(scheduler, Runnable::run);
    }

    private static Monitor monitor(Scheduler scheduler, java.util.concurrent.Executor executor) {
        Info info = Info.of("db");
        info.addData("version", "14.5");
        info.addData("host", "db-1.example");
        return Monitor.builder(info)
                .config(MonitorConfig.builder()
                        .name("postgres")
                        .checkTimeout(TIMEOUT)
                        .intervalCheck(Duration.ofHours(1))
                        .intervalFall(Duration.ofHours(1))
                        .intervalRise(Duration.ofHours(1))
                        .build())
                .healthCheck(ctx -> {})
                .scheduler(scheduler)
                .executor(executor)
                .build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        inline = new CapturingScheduler(null);
        threadScheduler = Scheduler.newThreadScheduler("poolkit-bench-timers");
        withTimers = new CapturingScheduler(threadScheduler);
        CapturingScheduler readScheduler = new CapturingScheduler(null);
        readMonitor = monitor(readScheduler);
        inlineMonitor = monitor(inline);
        timerMonitor = monitor(withTimers);
        vtScheduler = new CapturingScheduler(threadScheduler);
        vtMonitor = monitor(vtScheduler, null);
        vtMonitor.addCheckListener(m -> vtChecks.incrementAndGet());
        inlineMonitor.start();
        timerMonitor.start();
        vtMonitor.start();
        // a few cycles so that the read monitor holds realistic values (OK, non-zero times)
        readMonitor.start();
        for (int i = 0; i < 3; i++) {
            readScheduler.tick.run();
        }
        readMonitor.stop();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inlineMonitor.close();
        timerMonitor.close();
        vtMonitor.close();
        readMonitor.close();
        threadScheduler.close();
    }

    @Benchmark
    public Status status() {
        return readMonitor.status();
    }

    @Benchmark
    public Duration latency() {
        return readMonitor.latency();
    }

    @Benchmark
    public Duration uptime() {
        return readMonitor.uptime();
    }

    @Benchmark
    public String toText() {
        return inlineMonitor.toText();
    }

    @Benchmark
    public String toJson() {
        return inlineMonitor.toJson();
    }

    @Benchmark
    public Status checkCycleInline() {
        inline.tick.run();
        return inlineMonitor.status();
    }

    @Benchmark
    public Status checkCycleVirtualThread() {
        long target = vtChecks.get() + 1;
        vtScheduler.tick.run();
        while (vtChecks.get() < target) {
            Thread.onSpinWait();
        }
        return vtMonitor.status();
    }

    @Benchmark
    public Status checkCycleRealTimers() {
        withTimers.tick.run();
        return timerMonitor.status();
    }
}
