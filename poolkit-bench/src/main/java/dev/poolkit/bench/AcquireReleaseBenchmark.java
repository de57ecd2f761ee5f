package dev.poolkit.bench;

import dev.poolkit.bench.peer.BenchPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Acquire and release of an idle resource, the core pool operation, for poolkit and its peers side by
 * side: one cycle is acquire, reach the resource, release. The resource is a stub with no I/O, every
 * pool is pre-filled to its size before measuring and has the same size and a 30 s acquire timeout
 * (nothing times out), so the numbers are the pools' own cost. {@code baseline} is no pool at all;
 * {@code poolkit-listener} is poolkit with a {@code PoolListener} set, which must cost nothing here;
 * {@code poolkit-strict} and {@code poolkit-bounded} are poolkit in each {@code Fairness} mode
 * ({@code poolkit} has the default, BOUNDED).
 *
 * <p>Run the comparison (builds, then writes JSON into {@code docs/benchmarks/}; {@code -e Keyed}
 * leaves out {@code KeyedAcquireReleaseBenchmark}, whose name JMH's pattern matches too):
 *
 * <pre>
 * poolkit-bench/run.sh AcquireReleaseBenchmark -e Keyed -f 1 -wi 2 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 *
 * <p>The fairness table (issue 18: both modes next to every peer, every thread count, 16 threads on
 * 4 resources included; about 6 minutes on 2 cores; {@code size=32} the same again):
 *
 * <pre>
 * poolkit-bench/run.sh AcquireReleaseBenchmark -e Keyed -p size=4 -f 1 -wi 2 -i 4 -w 1s -r 1s -prof gc \
 *     -p pool=poolkit-strict,poolkit-bounded,stormpot,stormpot-inline,hikaricp,vibur,commons-pool2,baseline
 * </pre>
 *
 * or one slice of it, e.g. {@code poolkit-bench/run.sh 'AcquireReleaseBenchmark.threads04' -p
 * pool=poolkit,stormpot -p size=4 -prof gc}.
 *
 * <p><b>Platform threads.</b> {@code threads01}, {@code threads02}, {@code threads04} and
 * {@code threads16} run the cycle on 1, 2, 4 and 16 JMH threads sharing one pool; the score is the
 * total cycles per microsecond of all threads. Do not pass {@code -t}: it would override all four.
 *
 * <p><b>Virtual threads.</b> {@code virtual1000}: each invocation starts {@value #VIRTUAL_THREADS}
 * virtual threads, each runs {@value #CYCLES_PER_VIRTUAL_THREAD} cycles back to back, and the
 * invocation ends when all have been joined. The score is cycles per microsecond ({@code
 * OperationsPerInvocation} = {@value #VIRTUAL_THREADS} x {@value #CYCLES_PER_VIRTUAL_THREAD}); it
 * includes starting and joining the threads, which {@code baseline} measures on its own. The
 * threads check the resource is non-null instead of using a {@code Blackhole}, which is not meant to
 * be shared by threads. Virtual threads run on the default scheduler (one carrier per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class AcquireReleaseBenchmark {

    /** Virtual threads started per invocation of {@link #virtual1000()}. */
    public static final int VIRTUAL_THREADS = 1_000;

    /** Cycles each virtual thread runs per invocation of {@link #virtual1000()}. */
    public static final int CYCLES_PER_VIRTUAL_THREAD = 1_000;

    @Param({
        "poolkit",
        "poolkit-listener",
        "poolkit-strict",
        "poolkit-bounded",
        "stormpot",
        "stormpot-inline",
        "hikaricp",
        "vibur",
        "commons-pool2",
        "baseline"
    })
    String pool;

    @Param({"4", "32"})
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

    private void cycle(Blackhole bh) throws Exception {
        bh.consume(bench.cycle());
    }

    @Benchmark
    @Threads(1)
    public void threads01(Blackhole bh) throws Exception {
        cycle(bh);
    }

    @Benchmark
    @Threads(2)
    public void threads02(Blackhole bh) throws Exception {
        cycle(bh);
    }

    @Benchmark
    @Threads(4)
    public void threads04(Blackhole bh) throws Exception {
        cycle(bh);
    }

    @Benchmark
    @Threads(16)
    public void threads16(Blackhole bh) throws Exception {
        cycle(bh);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VIRTUAL_THREADS * CYCLES_PER_VIRTUAL_THREAD)
    public void virtual1000() throws Exception {
        BenchPool<Object> p = bench;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable task = () -> {
            try {
                for (int i = 0; i < CYCLES_PER_VIRTUAL_THREAD; i++) {
                    if (p.cycle() == null) {
                        throw new IllegalStateException("null resource");
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] threads = new Thread[VIRTUAL_THREADS];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(task);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a virtual thread failed", t);
        }
    }
}
