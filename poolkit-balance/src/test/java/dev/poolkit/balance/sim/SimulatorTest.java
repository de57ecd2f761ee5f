package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.TrialsScenario.Phase;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatorTest {

    static List<String> names() {
        return StrategyRegistry.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void runTrialsOnce_sameSeed_sameRun(String name) {
        StrategyFactory factory = StrategyRegistry.factory(name);
        Simulator.TrialsRun a = Simulator.runTrialsOnce(Scenarios.failover(), factory, 17);
        Simulator.TrialsRun b = Simulator.runTrialsOnce(Scenarios.failover(), factory, 17);
        assertThat(b.regret()).isEqualTo(a.regret());
        assertThat(b.meanScore()).isEqualTo(a.meanScore());
        assertThat(b.reconvergence()).isEqualTo(a.reconvergence());
        assertThat(b.successes()).isEqualTo(a.successes());
    }

    @ParameterizedTest
    @MethodSource("names")
    void runTrafficOnce_sameSeed_sameRun(String name) {
        StrategyFactory factory = StrategyRegistry.factory(name);
        Simulator.TrafficRun a = Simulator.runTrafficOnce(Scenarios.slowHost(), factory, 3);
        Simulator.TrafficRun b = Simulator.runTrafficOnce(Scenarios.slowHost(), factory, 3);
        assertThat(b.requests()).isEqualTo(a.requests());
        assertThat(b.successes()).isEqualTo(a.successes());
        assertThat(b.p999Nanos()).isEqualTo(a.p999Nanos());
        assertThat(b.perSecond()).isDeepEqualTo(a.perSecond());
    }

    @Test
    void runTrials_parallelAndSequential_sameAggregate() {
        StrategyFactory factory = StrategyRegistry.defaultFactory();
        TrialsResult parallel = new Simulator(2).runTrials(Scenarios.recovery(), "d", factory, 40);
        TrialsResult sequential = new Simulator(1).runTrials(Scenarios.recovery(), "d", factory, 40);
        assertThat(parallel.meanRegret()).isEqualTo(sequential.meanRegret());
        assertThat(parallel.regretCurve()).isEqualTo(sequential.regretCurve());
        assertThat(parallel.changes()).isEqualTo(sequential.changes());
    }

    @Test
    void runTrials_oracleKnowledge_roundRobinRegretIsExact() {
        // Round-robin over 0.1/0.1/0.9 picks each host equally: regret per cycle = 0.8 + 0.8.
        TrialsResult result = new Simulator(1)
                .runTrials(Scenarios.pooly(), "round-robin", StrategyRegistry.factory("round-robin"), 3);
        assertThat(result.meanRegret()).isCloseTo(0.8 * 167, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(result.bestShare()).isCloseTo(83.0 / 250, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void reconvergence_roundRobinNeverConverges_censoredAtPhaseLength() {
        TrialsResult result = new Simulator(1)
                .runTrials(Scenarios.failover(), "round-robin", StrategyRegistry.factory("round-robin"), 2);
        TrialsResult.Reconvergence change = result.changes().get(0);
        assertThat(change.atStep()).isEqualTo(500);
        assertThat(change.meanSteps()).isEqualTo(500);
        assertThat(change.censored()).isEqualTo(1.0);
    }

    @Test
    void runTraffic_roundRobin_sharesAreFair() {
        TrafficResult result = new Simulator(1)
                .runTraffic(Scenarios.fastFailer(), "round-robin", StrategyRegistry.factory("round-robin"), 1);
        double[][] share = result.sharePerSecond();
        assertThat(share).hasNumberOfRows(11);
        assertThat(share[0]).hasSize(60);
        for (double[] host : share) {
            for (double s : host) {
                assertThat(s).isBetween(0.08, 0.10);
            }
        }
        // Host 0 fails every request for 40 of 60 s: 1 - 40/60/11.
        assertThat(result.successRate()).isCloseTo(1 - 40.0 / 60 / 11, org.assertj.core.api.Assertions.within(0.002));
        assertThat(result.requests()).isBetween(59_000L, 61_000L);
    }

    @Test
    void scenarios_builtInNamesAndLookup() {
        assertThat(Scenarios.trials())
                .extracting(TrialsScenario::name)
                .containsExactly("pooly", "close-arms", "failover", "recovery", "many-hosts");
        assertThat(Scenarios.traffic())
                .extracting(TrafficScenario::name)
                .containsExactly("slow-host", "fast-failer", "dead-host", "herd-recovery");
        assertThat(Scenarios.trials("pooly")).contains(Scenarios.pooly());
        assertThat(Scenarios.traffic("nope")).isEmpty();
        assertThat(Scenarios.manyHosts().hostCount()).isEqualTo(100);
        assertThat(Scenarios.failover().steps()).isEqualTo(1000);
    }

    @Test
    void scenario_badInput_rejectedWithValue() {
        assertThatThrownBy(() -> Phase.of(0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must be >= 1, but was 0");
        assertThatThrownBy(() -> Phase.of(10, 0.5, 1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability must be between 0 and 1, but was 1.2");
        assertThatThrownBy(() -> new TrialsScenario("x", List.of(Phase.of(1, 0.5), Phase.of(1, 0.5, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phases must all have 1 hosts, but one had 2");
        assertThatThrownBy(() -> new Simulator(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be >= 1, but was 0");
        assertThatThrownBy(
                        () -> new Simulator(1).runTrials(Scenarios.pooly(), "x", StrategyRegistry.defaultFactory(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seeds must be >= 1, but was 0");
        assertThatThrownBy(() -> new TrafficScenario.Behaviour(Latency.never(), 2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorRate must be between 0 and 1, but was 2.0");
        assertThatThrownBy(() -> new TrafficScenario.Watch(0, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to must be after from (PT2S), but was PT1S");
    }

    @Test
    void phase_isValueLike() {
        assertThat(Phase.of(3, 0.1, 0.2)).isEqualTo(Phase.of(3, 0.1, 0.2)).hasSameHashCodeAs(Phase.of(3, 0.1, 0.2));
        double[] p = Phase.of(3, 0.1).probabilities();
        p[0] = 0.9;
        assertThat(Phase.of(3, 0.1).probabilities()[0]).isEqualTo(0.1);
    }
}
