package dev.poolkit.bench.monitor;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.pool.Scheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * Monitor-pool operations on a pool of 10 monitors, to set beside the numbers golib's pool README
 * claims (reference §1.8: MonitorGet 45 ns, MonitorList 2.1 µs, Start of 10 monitors 85 µs, Stop of
 * 10 42 µs, metrics collection 25 µs; a doc claim without a matching Go benchmark). The monitors use
 * a scheduler that only records ticks, so start and stop measure the pool and monitor bookkeeping,
 * not a timer thread.
 *
 * <p>Command (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl poolkit-bench -am package -DskipTests
 * $(bin/find-jdk)/bin/java -jar poolkit-bench/target/benchmarks.jar 'dev.poolkit.bench.monitor.MonitorPoolBenchmark' \
 *     -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitorPoolBenchmark {

    private MonitorPool pool;
    private MonitorMetrics metrics;

    @Setup(Level.Trial)
    public void setUp() {
        Scheduler recordOnly = (task, delay) -> () -> {};
        pool = MonitorPool.create();
        for (int i = 0; i < 10; i++) {
            Info info = Info.of("svc" + i);
            info.addData("version", "1." + i);
            pool.add(Monitor.builder(info)
                    .config(MonitorConfig.builder()
                            .name("m" + i)
                            .intervalCheck(Duration.ofHours(1))
                            .build())
                    .healthCheck(ctx -> {})
                    .scheduler(recordOnly)
                    .executor(Runnable::run)
                    .build());
        }
        metrics = MonitorMetrics.bind(pool, new SimpleMeterRegistry());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        metrics.close();
        pool.close();
    }

    @Benchmark
    public Optional<Monitor> get() {
        return pool.get("m7");
    }

    @Benchmark
    public List<String> names() {
        return pool.names();
    }

    @Benchmark
    public boolean startStop10() {
        pool.start();
        pool.stop();
        return pool.isRunning();
    }

    @Benchmark
    public MonitorMetrics collect10() {
        metrics.collect();
        return metrics;
    }

    @Benchmark
    public String toText10() {
        return pool.toText();
    }
}
