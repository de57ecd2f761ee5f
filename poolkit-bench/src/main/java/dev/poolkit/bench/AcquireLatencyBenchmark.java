package dev.poolkit.bench;

import dev.poolkit.bench.peer.BenchPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What fairness buys: the distribution of one acquire + release cycle's time when 16 threads share 4
 * resources, so that most callers must wait. A fair pool serves callers in arrival order, so every
 * cycle waits about the same; a pool that lets the releasing thread take its resource straight back
 * has fast cycles for the lucky threads and long tails (starvation) for the others. Read the p99.9
 * and max columns next to the throughput of {@link AcquireReleaseBenchmark#threads16}.
 *
 * <pre>
 * poolkit-bench/run.sh AcquireLatencyBenchmark -f 1 -wi 2 -i 5 -w 1s -r 2s
 * </pre>
 *
 * <p>{@code poolkit-strict} and {@code poolkit-bounded} are poolkit in each {@code Fairness} mode;
 * JMH prints p50, p90, p95, p99, p99.9, p99.99 and max (p1.00) under each score, the mean is the
 * score. About two minutes on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class AcquireLatencyBenchmark {

    @Param({"poolkit-strict", "poolkit-bounded", "stormpot", "hikaricp", "vibur", "commons-pool2"})
    String pool;

    @Param({"4"})
    int size;

    private BenchPool<Object> bench;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        bench = (BenchPool<Object>) BenchPool.create(pool, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        bench.close();
    }

    @Benchmark
    @Threads(16)
    public void cycle16(Blackhole bh) throws Exception {
        bh.consume(bench.cycle());
    }
}
