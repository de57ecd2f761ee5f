package dev.poolkit.bench.balance;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.Latency;
import dev.poolkit.balance.sim.Simulator;
import dev.poolkit.balance.sim.TrafficResult;
import dev.poolkit.balance.sim.TrafficScenario;
import dev.poolkit.balance.sim.TrialsResult;
import dev.poolkit.balance.sim.TrialsScenario;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.time.Duration;
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
 * Simulator throughput on one core, in simulated requests per second: one run (seed 0) per
 * invocation on the calling thread, aggregation included.
 *
 * <ul>
 *   <li>{@code trials}: a failover over {@code hosts} hosts, 2,000 trials: host 0 at 0.9 and the
 *       others spread over 0.1..0.5 for 1,000 trials, then the last host at 0.9 and host 0 at 0.1.
 *   <li>{@code traffic}: {@code hosts} hosts at the default traffic settings for 10 simulated
 *       seconds (about 10,000 requests; the Poisson count of seed 0 is what JMH divides by),
 *       host 0 answering in 2 s from 3 s to 7 s.
 * </ul>
 *
 * <p>The strategy's own selection cost is part of the figure (see {@link HostSelectionBenchmark});
 * {@code random} shows the simulator's own cost, the others what a comparison run pays.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * mvn -B -q -pl poolkit-bench -am package -DskipTests
 * $(bin/find-jdk)/bin/java -jar poolkit-bench/target/benchmarks.jar 'dev.poolkit.bench.balance.SimulatorBenchmark' \
 *     -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SimulatorBenchmark {
    private static final int TRIALS = 2000;
    private static final int TRAFFIC_REQUESTS =
            10_138; // seed 0's Poisson count over 10 s at 1,000/s, whatever the strategy

    @Param({"random", "softmax(0.1)", "p2c-peak-ewma", "thompson-cd"})
    public String strategy;

    @Param({"3", "11", "100"})
    public int hosts;

    private final Simulator simulator = Simulator.sequential();
    private StrategyFactory factory;
    private TrialsScenario trials;
    private TrafficScenario traffic;

    @Setup
    public void setUp() {
        factory = StrategyRegistry.factory(strategy);
        double[] before = new double[hosts];
        double[] after = new double[hosts];
        for (int i = 0; i < hosts; i++) {
            before[i] = 0.1 + 0.4 * i / Math.max(1, hosts - 1);
            after[i] = before[i];
        }
        before[0] = 0.9;
        after[0] = 0.1;
        after[hosts - 1] = 0.9;
        trials = TrialsScenario.builder("failover-" + hosts)
                .phase(TRIALS / 2, before)
                .phase(TRIALS / 2, after)
                .build();
        traffic = TrafficScenario.builder("slow-host-" + hosts)
                .hosts(hosts)
                .duration(Duration.ofSeconds(10))
                .change(
                        Duration.ofSeconds(3),
                        0,
                        TrafficScenario.Behaviour.healthy(Latency.constant(Duration.ofSeconds(2))))
                .change(Duration.ofSeconds(7), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
                .build();
        long requests = simulator.runTraffic(traffic, strategy, factory, 1).requests();
        if (requests != TRAFFIC_REQUESTS) {
            throw new IllegalStateException("seed 0 makes " + requests + " requests, not " + TRAFFIC_REQUESTS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRIALS)
    public TrialsResult trials() {
        return simulator.runTrials(trials, strategy, factory, 1);
    }

    @Benchmark
    @OperationsPerInvocation(TRAFFIC_REQUESTS)
    public TrafficResult traffic() {
        return simulator.runTraffic(traffic, strategy, factory, 1);
    }
}
