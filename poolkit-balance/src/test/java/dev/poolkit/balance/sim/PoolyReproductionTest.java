package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.poolkit.balance.strategy.StrategyRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PY-15 and the first Bar of issue 12: pooly's published Monte Carlo simulation (hosts 0.1, 0.1,
 * 0.9; 250 trials), averaged over 200 seeds.
 */
class PoolyReproductionTest {
    private static final int SEEDS = 200;
    private static final Simulator SIMULATOR = Simulator.parallel();

    /** Final values of pooly's published curves (misc/softmax_test.svg, misc/egreedy_test.svg). */
    private static final Map<String, Double> PUBLISHED = Map.of(
            "softmax(0.1)", 0.924,
            "softmax(0.5)", 0.655,
            "softmax(0.9)", 0.549,
            "epsilon-greedy(0.1)", 0.857,
            "epsilon-greedy(0.5)", 0.650,
            "epsilon-greedy(0.9)", 0.420);

    private static double finalMeanScore(String strategy) {
        return SIMULATOR
                .runTrials(Scenarios.pooly(), strategy, StrategyRegistry.factory(strategy), SEEDS)
                .finalMeanScore()
                .mean();
    }

    @Test
    void py15_thresholds() {
        assertThat(finalMeanScore("softmax(0.1)")).isGreaterThanOrEqualTo(0.80);
        assertThat(finalMeanScore("epsilon-greedy(0.1)")).isGreaterThanOrEqualTo(0.75);
        assertThat(finalMeanScore("softmax(0.9)")).isLessThanOrEqualTo(0.65);
        assertThat(finalMeanScore("epsilon-greedy(0.9)")).isLessThanOrEqualTo(0.65);
    }

    @Test
    void publishedCurves_finalValuesWithinFiveHundredths() {
        for (Map.Entry<String, Double> e : PUBLISHED.entrySet()) {
            assertThat(finalMeanScore(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(0.05));
        }
    }

    @Test
    void curves_startAtTheNeutralScore() {
        for (String strategy : PUBLISHED.keySet()) {
            TrialsResult result =
                    SIMULATOR.runTrials(Scenarios.pooly(), strategy, StrategyRegistry.factory(strategy), SEEDS);
            assertThat(result.meanScoreCurve().get(0)).as(strategy).isCloseTo(0.5, within(1e-12));
        }
    }
}
