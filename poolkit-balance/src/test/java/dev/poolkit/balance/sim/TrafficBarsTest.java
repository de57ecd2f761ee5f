package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.strategy.StrategyRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The traffic Bars of issue 12, over 10 seeds (600,000 simulated requests per strategy). */
class TrafficBarsTest {
    private static final int SEEDS = 10;
    private static final Simulator SIMULATOR = Simulator.parallel();
    private static final List<String> POOLKIT = List.of("p2c-peak-ewma", StrategyRegistry.DEFAULT);

    private static TrafficResult run(TrafficScenario scenario, String strategy) {
        return SIMULATOR.runTraffic(scenario, strategy, StrategyRegistry.factory(strategy), SEEDS);
    }

    @Test
    void slowHost_poolkitStrategiesKeep999PerMilleAndP999BelowTimeout_roundRobinNear95Percent() {
        double timeoutMillis = Scenarios.slowHost().timeout().toMillis();
        for (String strategy : POOLKIT) {
            TrafficResult result = run(Scenarios.slowHost(), strategy);
            assertThat(result.minSuccessRate()).as(strategy).isGreaterThanOrEqualTo(0.999);
            assertThat(result.maxP999Millis()).as(strategy).isLessThan(timeoutMillis);
        }
        TrafficResult roundRobin = run(Scenarios.slowHost(), "round-robin");
        assertThat(roundRobin.successRate().mean()).isBetween(0.94, 0.965);
        assertThat(roundRobin.p999Millis().mean()).isEqualTo(timeoutMillis);
    }

    @Test
    void fastFailer_failingHostGetsAtMostTwoPercent() {
        for (String strategy : POOLKIT) {
            assertThat(run(Scenarios.fastFailer(), strategy).watchedShare().mean())
                    .as(strategy)
                    .isLessThanOrEqualTo(0.02);
        }
    }

    @Test
    void herdRecovery_returningHostNeverAboveTwiceItsFairShareInAnySecond() {
        for (String strategy : POOLKIT) {
            TrafficResult result = run(Scenarios.herdRecovery(), strategy);
            assertThat(result.watchedMaxShareOfFair()).as(strategy).isLessThanOrEqualTo(2.0);
            assertThat(result.successRate().mean()).as(strategy).isGreaterThan(0.999);
        }
    }

    @Test
    void deadHost_poolkitStrategiesKeep999PerMille() {
        for (String strategy : POOLKIT) {
            assertThat(run(Scenarios.deadHost(), strategy).minSuccessRate())
                    .as(strategy)
                    .isGreaterThanOrEqualTo(0.999);
        }
    }
}
