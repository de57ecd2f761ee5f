package dev.poolkit.bench.balance;

import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.BetaSampler;
import dev.poolkit.balance.internal.DrawOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one Beta draw, per host, without a strategy's bookkeeping: a loop over 10 hosts'
 * shapes, as a Thompson selection makes it, keeping the best draw.
 *
 * <ul>
 *   <li>{@code table}: the logit of a draw from two table lookups ({@code BetaSampler.logit}), the
 *       best kept as the strategies keep it (a running maximum of keys holding the index).
 *   <li>{@code exact}: two Marsaglia-Tsang gamma variates compared by cross-multiplying.
 *   <li>{@code bits}: only the random bits (one SplitMix64 output per host), the floor.
 * </ul>
 *
 * <p>{@code shapes}: {@code small} is thompson-cd's aged hosts, {@code Beta(1 + 6p, 1 + 6(1 - p))};
 * {@code large} has 300 outcomes' worth of evidence at sharpness 3 (shapes up to 901).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BetaSamplerBenchmark {
    private static final int HOSTS = 10;
    private static final long MASK = DrawOrder.mask(HOSTS);

    @Param({"small", "large"})
    public String shapes;

    private final double[] a = new double[HOSTS];
    private final double[] b = new double[HOSTS];
    private final AtomicSplitMix random = new AtomicSplitMix(42);

    @Setup
    public void setUp() {
        double evidence = shapes.equals("small") ? 6 : 900;
        for (int i = 0; i < HOSTS; i++) {
            double p = 0.1 + 0.8 * i / (HOSTS - 1);
            a[i] = 1 + evidence * p;
            b[i] = 1 + evidence * (1 - p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOSTS)
    public int table() {
        long best = Long.MIN_VALUE;
        long local = random.localSeed();
        for (int i = 0; i < HOSTS; i++) {
            double draw = BetaSampler.logit(a[i], b[i], AtomicSplitMix.localLong(local), random);
            local = AtomicSplitMix.localNext(local);
            best = Math.max(best, DrawOrder.key(draw, i, MASK));
        }
        return DrawOrder.index(best, MASK);
    }

    @Benchmark
    @OperationsPerInvocation(HOSTS)
    public int exact() {
        double bestA = 0.0;
        double bestB = 1.0;
        int bestIndex = 0;
        long local = random.localSeed();
        for (int i = 0; i < HOSTS; i++) {
            double ga = BetaSampler.gamma(a[i], AtomicSplitMix.localLong(local), random);
            local = AtomicSplitMix.localNext(local);
            double gb = BetaSampler.gamma(b[i], AtomicSplitMix.localLong(local), random);
            local = AtomicSplitMix.localNext(local);
            boolean wins = ga * bestB > bestA * gb;
            bestIndex = wins ? i : bestIndex;
            bestA = wins ? ga : bestA;
            bestB = wins ? gb : bestB;
        }
        return bestIndex;
    }

    @Benchmark
    @OperationsPerInvocation(HOSTS)
    public int bits() {
        long best = Long.MIN_VALUE;
        int bestIndex = 0;
        long local = random.localSeed();
        for (int i = 0; i < HOSTS; i++) {
            long draw = AtomicSplitMix.localLong(local);
            local = AtomicSplitMix.localNext(local);
            boolean wins = draw > best;
            bestIndex = wins ? i : bestIndex;
            best = wins ? draw : best;
        }
        return bestIndex;
    }
}
