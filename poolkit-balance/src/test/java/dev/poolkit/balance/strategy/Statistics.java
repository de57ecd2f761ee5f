package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;

/** Frequency checks with bounds wide enough to be reliable, narrow enough to catch a wrong formula. */
final class Statistics {
    private Statistics() {}

    /**
     * Asserts that each observed frequency is within 5 standard deviations of its expected
     * probability (a false alarm has probability below 1e-6 per category).
     */
    static void assertFrequencies(int[] counts, double[] expected, int draws) {
        for (int i = 0; i < counts.length; i++) {
            double p = expected[i];
            double sd = Math.sqrt(p * (1 - p) / draws);
            double observed = (double) counts[i] / draws;
            assertThat(Math.abs(observed - p))
                    .as("host %d: observed %s, expected %s (sd %s)", i, observed, p, sd)
                    .isLessThanOrEqualTo(5 * sd + 1e-9);
        }
    }
}
