package dev.poolkit.bench.keyed;

import java.util.concurrent.ThreadLocalRandom;
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
 * Acquire and release of an idle resource of a key, for poolkit's {@code KeyedPool} and commons-pool2's
 * {@code GenericKeyedObjectPool} side by side: one cycle is acquire for a key, reach the resource,
 * release. Both pools allow {@value KeyedBenchPool#PER_KEY} resources per key and room for all keys in
 * total, and are filled before measuring, so nothing is created or evicted: the numbers are the pools'
 * own cost, key lookup included. Each thread walks the keys in order from a random start, so with
 * 10,000 keys the threads rarely share one and the lookups miss the cache as real traffic would.
 *
 * <p>Run the comparison (builds, then writes JSON into {@code docs/benchmarks/}):
 *
 * <pre>
 * poolkit-bench/run.sh KeyedAcquireReleaseBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc
 * </pre>
 *
 * <p>Filling 10,000 keys makes the JIT compile the acquire path early, on its own; give it the
 * warm-up above before reading B/op (with 1 s it still showed a few B/op, settling to 0 later).
 *
 * <p>{@code threads01} and {@code threads04} run the cycle on 1 and 4 JMH threads sharing one pool;
 * the score is the total cycles per microsecond of all threads. Do not pass {@code -t}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KeyedAcquireReleaseBenchmark {

    @Param({"poolkit", "commons-pool2"})
    String pool;

    @Param({"1", "16", "10000"})
    int keys;

    private String[] names;
    private KeyedBenchPool<Object> bench;

    /** Where one thread is in its walk over the keys. */
    @State(Scope.Thread)
    public static class Walk {
        int next;

        @Setup(Level.Trial)
        public void start(KeyedAcquireReleaseBenchmark benchmark) {
            next = ThreadLocalRandom.current().nextInt(benchmark.keys);
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "key-" + i;
        }
        bench = (KeyedBenchPool<Object>) KeyedBenchPool.create(pool, names);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        bench.close();
    }

    private void cycle(Walk walk, Blackhole bh) throws Exception {
        int i = walk.next;
        walk.next = i + 1 == names.length ? 0 : i + 1;
        bh.consume(bench.cycle(names[i]));
    }

    @Benchmark
    @Threads(1)
    public void threads01(Walk walk, Blackhole bh) throws Exception {
        cycle(walk, bh);
    }

    @Benchmark
    @Threads(4)
    public void threads04(Walk walk, Blackhole bh) throws Exception {
        cycle(walk, bh);
    }
}
