package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

/**
 * The comparison of the exactness tests: two mean regrets agree within 4 standard errors of their
 * difference, and from 2,000 seeds on within 5%, with the row of {@code docs/strategies.md}
 * printed to standard output.
 */
public final class RegretAgreement {
    private RegretAgreement() {}

    /**
     * Asserts that {@code ours} agrees with {@code reference}.
     *
     * @param scenario the scenario's name, for the row
     * @param strategy the strategy's name, for the row and the messages
     * @param ours the regret under test
     * @param reference the reference regret
     * @param seeds the seeds both ran
     */
    public static void assertAgree(String scenario, String strategy, Estimate ours, Estimate reference, int seeds) {
        double difference = ours.mean() - reference.mean();
        double standardError = Math.hypot(ours.standardError(), reference.standardError());
        if (seeds >= 2000) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %+.1f%% |%n",
                    scenario,
                    strategy,
                    ours.format(2),
                    reference.format(2),
                    100 * difference / reference.mean());
            assertThat(Math.abs(difference) / reference.mean()).as(strategy).isLessThanOrEqualTo(0.05);
        }
        assertThat(Math.abs(difference))
                .as("%s on %s: %s against %s", strategy, scenario, ours.format(2), reference.format(2))
                .isLessThanOrEqualTo(4 * standardError);
    }
}
