package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.strategy.StrategyRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Bars of issue 12 on the recommended default, over 200 seeds per scenario and strategy. */
class DefaultStrategyBarsTest {
    private static final int SEEDS = 200;
    private static final List<TrialsScenario> BAR_SCENARIOS =
            List.of(Scenarios.pooly(), Scenarios.closeArms(), Scenarios.failover(), Scenarios.recovery());
    private static final Map<String, Map<String, TrialsResult>> RESULTS = new HashMap<>();

    @BeforeAll
    static void runAll() {
        Simulator simulator = Simulator.parallel();
        for (TrialsScenario scenario : BAR_SCENARIOS) {
            Map<String, TrialsResult> byStrategy = new HashMap<>();
            for (String name : StrategyRegistry.names()) {
                byStrategy.put(name, simulator.runTrials(scenario, name, StrategyRegistry.factory(name), SEEDS));
            }
            RESULTS.put(scenario.name(), byStrategy);
        }
    }

    private static double ratioToBest(String scenario, String strategy) {
        Map<String, TrialsResult> results = RESULTS.get(scenario);
        double best = results.values().stream()
                .mapToDouble(r -> r.regret().mean())
                .min()
                .orElseThrow();
        return results.get(strategy).regret().mean() / best;
    }

    @Test
    void default_regretAtMostTwiceTheBest_onPoolyCloseArmsAndFailover() {
        for (String scenario : List.of("pooly", "close-arms", "failover")) {
            assertThat(ratioToBest(scenario, StrategyRegistry.DEFAULT))
                    .as(scenario)
                    .isLessThanOrEqualTo(2.0);
        }
    }

    @Test
    void noPoolyStrategy_managesTwiceTheBestOnAllThree() {
        for (String pooly : StrategyRegistry.poolyNames()) {
            boolean all =
                    List.of("pooly", "close-arms", "failover").stream().allMatch(s -> ratioToBest(s, pooly) <= 2.0);
            assertThat(all).as(pooly).isFalse();
        }
    }

    @Test
    void default_reconvergesInUnderAFifthOfSoftMaxTenths_onFailoverAndRecovery() {
        for (String scenario : List.of("failover", "recovery")) {
            List<TrialsResult.Reconvergence> mine =
                    RESULTS.get(scenario).get(StrategyRegistry.DEFAULT).changes();
            List<TrialsResult.Reconvergence> softmax =
                    RESULTS.get(scenario).get("softmax(0.1)").changes();
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i).steps().mean())
                        .as("%s change at %d", scenario, mine.get(i).atStep())
                        .isLessThan(0.2 * softmax.get(i).steps().mean());
            }
        }
    }
}
