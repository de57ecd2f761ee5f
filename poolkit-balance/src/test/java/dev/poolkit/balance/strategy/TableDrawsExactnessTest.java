package dev.poolkit.balance.strategy;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.Estimate;
import dev.poolkit.balance.sim.RegretAgreement;
import dev.poolkit.balance.sim.Scenarios;
import dev.poolkit.balance.sim.Simulator;
import dev.poolkit.balance.sim.TrialsScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Thompson strategies with table-lookup draws against the same strategies with exact Beta
 * draws, on pooly, close-arms and failover: the suite runs 300 seeds and requires the mean regrets
 * to agree within 4 standard errors of their difference; with {@code -Dpoolkit.exactness.seeds=2000}
 * the bar is 5% and the table of {@code docs/strategies.md} is printed:
 *
 * <pre>
 * mvn -B -q -pl poolkit-balance verify -Dtest=TableDrawsExactnessTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dpoolkit.exactness.seeds=2000
 * </pre>
 */
class TableDrawsExactnessTest {
    private static final int SEEDS = Integer.getInteger("poolkit.exactness.seeds", 300);
    private static final Simulator SIMULATOR = Simulator.parallel();

    @ParameterizedTest
    @CsvSource({
        "pooly, thompson-cd",
        "close-arms, thompson-cd",
        "failover, thompson-cd",
        "pooly, thompson(1.0)",
        "close-arms, thompson(1.0)",
        "failover, thompson(1.0)",
        "pooly, thompson(0.98)",
        "close-arms, thompson(0.98)",
        "failover, thompson(0.98)"
    })
    void regret_matchesExactDraws(String scenarioName, String strategy) {
        TrialsScenario scenario = Scenarios.trials(scenarioName).orElseThrow();
        Estimate table = SIMULATOR
                .runTrials(scenario, strategy, factory(strategy, Draws.TABLE), SEEDS)
                .regret();
        Estimate exact = SIMULATOR
                .runTrials(scenario, strategy + " exact", factory(strategy, Draws.EXACT), SEEDS)
                .regret();
        RegretAgreement.assertAgree(scenarioName, strategy, table, exact, SEEDS);
    }

    private static StrategyFactory factory(String strategy, Draws draws) {
        if (strategy.equals("thompson-cd")) {
            return (seedSource, ticker) ->
                    new ChangeDetectingThompson(ChangeDetectingThompson.Config.defaults(), ticker, seedSource, draws);
        }
        double discount = Double.parseDouble(strategy.substring("thompson(".length(), strategy.length() - 1));
        return (seedSource, ticker) -> new ThompsonSampling(discount, seedSource, draws);
    }
}
