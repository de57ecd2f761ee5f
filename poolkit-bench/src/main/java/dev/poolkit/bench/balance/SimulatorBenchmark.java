package dev.poolkit.bench.balance;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.Scenarios;
import dev.poolkit.balance.sim.Simulator;
import dev.poolkit.balance.sim.TrafficScenario;
import dev.poolkit.balance.sim.TrialsScenario;
import dev.poolkit.balance.strategy.StrategyRegistry;
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
 * Simulator throughput on one core: simulated requests per second, one seed per invocation, for
 * the trials mode ({@code failover}: 1,000 trials over 3 hosts) and the traffic mode ({@code
 * slow-host}: about 60,000 requests over 11 hosts; the Poisson count varies by seed around 60,000,
 * which JMH's per-invocation count cannot follow, so the figure is within about 1%).
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
    @Param({"round-robin", "softmax(0.1)", "p2c-peak-ewma", "thompson-cd"})
    public String strategy;

    private StrategyFactory factory;
    private final TrialsScenario trials = Scenarios.failover();
    private final TrafficScenario traffic = Scenarios.slowHost();
    private long seed;

    @Setup
    public void setUp() {
        factory = StrategyRegistry.factory(strategy);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public Simulator.TrialsRun trials() {
        return Simulator.runTrialsOnce(trials, factory, seed++);
    }

    @Benchmark
    @OperationsPerInvocation(60_000)
    public Simulator.TrafficRun traffic() {
        return Simulator.runTrafficOnce(traffic, factory, seed++);
    }
}
