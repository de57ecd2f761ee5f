package dev.poolkit.bench.balance;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.Ticker;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one host selection, per strategy and number of candidate hosts, single-threaded.
 *
 * <p>Hosts have pooly scores spread over {@code [0.1, 0.9]} and 20 outcomes of feedback each, so
 * every strategy has its per-host state attached; no host has outstanding requests.
 *
 * <ul>
 *   <li>{@code select}: selection only, after 10,000 selections without feedback, so learning
 *       strategies see hosts whose evidence has aged (the state between bursts of traffic).
 *   <li>{@code selectAndFeedback}: one request's whole strategy cost in steady traffic: a selection,
 *       then {@code feedback} with a precomputed outcome (80% successes) and a latency of 1 to 10 ms
 *       (a {@code Duration} made per call, as a service makes one per request), as a service does
 *       on release. Pooly scores are not rated here (that is {@code HostScore}'s cost, not the
 *       strategy's).
 * </ul>
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * mvn -B -q -pl poolkit-bench -am package -DskipTests
 * $(bin/find-jdk)/bin/java -jar poolkit-bench/target/benchmarks.jar 'dev.poolkit.bench.balance.HostSelectionBenchmark' \
 *     -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HostSelectionBenchmark {
    @Param({
        "round-robin",
        "random",
        "softmax(0.1)",
        "epsilon-greedy(0.1)",
        "ucb1",
        "thompson(0.99)",
        "p2c-least-outstanding",
        "p2c-peak-ewma",
        "thompson-cd"
    })
    public String strategy;

    @Param({"3", "10", "100"})
    public int hosts;

    private Strategy selector;
    private List<Host> candidates;
    private final double[] outcomes = new double[1024];
    private final long[] latencyNanos = new long[1024];
    private int next;

    @Setup
    public void setUp() {
        Ticker clock = Ticker.system();
        selector = StrategyRegistry.factory(strategy).create(new SplittableRandom(42), clock);
        SplittableRandom env = new SplittableRandom(7);
        List<Host> list = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            double p = 0.1 + 0.8 * i / Math.max(1, hosts - 1);
            Host host = new Host("h" + i, new HostScore(clock));
            for (int k = 0; k < 20; k++) {
                double reward = env.nextDouble() < p ? 1.0 : 0.0;
                host.score().rate(reward);
                selector.feedback(host, reward, Duration.ofNanos(1_000_000L));
            }
            host.score().compute();
            list.add(host);
        }
        candidates = List.copyOf(list);
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = env.nextDouble() < 0.8 ? 1.0 : 0.0;
            latencyNanos[i] = (long) (1_000_000 + 9_000_000 * env.nextDouble());
        }
        for (int i = 0; i < 10_000; i++) {
            selector.select(candidates); // attach per-host state before measuring
        }
    }

    @Benchmark
    public Host selectAndFeedback() {
        Host host = selector.select(candidates);
        int i = next++ & (outcomes.length - 1);
        selector.feedback(host, outcomes[i], Duration.ofNanos(latencyNanos[i]));
        return host;
    }

    @Benchmark
    public Host select() {
        return selector.select(candidates);
    }
}
