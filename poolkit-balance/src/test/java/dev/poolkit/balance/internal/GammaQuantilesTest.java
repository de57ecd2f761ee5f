package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table's error bound, computed rather than sampled: the Kolmogorov distance of a lookup's
 * distribution from Gamma(s) is the largest gap between {@code u} and {@code P(s, exp(Q(u)))} over
 * the probabilities {@code u} (the lookup's quantile function Q is monotone), evaluated at every
 * grid point of p and at seven points inside each grid interval, for shapes on the grid, between
 * grid points and at the ends of the range. The reference, {@link IncompleteGamma}, is checked
 * against closed forms first.
 */
class GammaQuantilesTest {
    @Test
    void incompleteGamma_matchesClosedForms() {
        for (double x : new double[] {1e-9, 0.01, 0.5, 1, 2, 3.7, 10, 40}) {
            // Gamma(1) is Exp(1); Gamma(2) and Gamma(3) are Erlang.
            assertThat(IncompleteGamma.lower(1, x)).isCloseTo(-Math.expm1(-x), within(1e-11 * -Math.expm1(-x)));
            double q2 = Math.exp(-x) * (1 + x);
            assertThat(IncompleteGamma.upper(2, x)).isCloseTo(q2, within(1e-11 * q2));
            double q3 = Math.exp(-x) * (1 + x + x * x / 2);
            assertThat(IncompleteGamma.upper(3, x)).isCloseTo(q3, within(1e-11 * q3));
            assertThat(IncompleteGamma.lower(3, x) + IncompleteGamma.upper(3, x))
                    .isCloseTo(1, within(1e-14));
        }
        assertThat(IncompleteGamma.logGammaFunction(1)).isCloseTo(0, within(1e-13));
        assertThat(IncompleteGamma.logGammaFunction(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(IncompleteGamma.logGammaFunction(100.5)).isCloseTo(361.4355404677776, within(1e-10));
        assertThat(IncompleteGamma.logGammaFunction(3.3)).isCloseTo(0.9870985778947339, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"1, 1e-9", "1, 0.3", "2.5, 1e-6", "7, 0.5", "300, 1e-4", "1000, 0.2"})
    void logQuantile_invertsTheCdf(double s, double p) {
        double lower = IncompleteGamma.logQuantile(s, p, false, 0);
        assertThat(IncompleteGamma.lower(s, Math.exp(lower))).isCloseTo(p, within(1e-11 * p));
        double upper = IncompleteGamma.logQuantile(s, p, true, 0);
        assertThat(IncompleteGamma.upper(s, Math.exp(upper))).isCloseTo(p, within(1e-11 * p));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 1.0078125, 1.5, 1.99, 2, 3.14159, 6.99, 12.3456, 63.9, 100.25, 300, 511.9, 901, 1023.99})
    void lookup_kolmogorovDistanceFromGamma_isWithinTheBound(double shape) {
        assertThat(kolmogorovDistance(shape)).as("Gamma(%s)", shape).isLessThan(GammaQuantiles.KOLMOGOROV_BOUND);
    }

    /** sup over u of |P(s, exp(Q(u))) - u|, Q the lookup's quantile function. */
    static double kolmogorovDistance(double shape) {
        double worst = 0;
        int steps = 8;
        for (int i = 0; i < GammaQuantiles.POINTS - 1; i++) {
            double p0 = GammaQuantiles.gridProbability(i);
            double p1 = GammaQuantiles.gridProbability(i + 1);
            for (int k = 0; k < steps; k++) {
                double p = p0 + (p1 - p0) * k / steps;
                int word = (int) Math.floor(p * 0x1.0p32 - 0.5); // the 31 bits that give p
                double low = GammaQuantiles.logGamma(shape, word, false, null);
                double high = GammaQuantiles.logGamma(shape, word | 0x8000_0000L, false, null);
                double exactP = (word + 0.5) * 0x1.0p-32;
                worst = Math.max(worst, Math.abs(IncompleteGamma.lower(shape, Math.exp(low)) - exactP));
                worst = Math.max(worst, Math.abs(IncompleteGamma.upper(shape, Math.exp(high)) - exactP));
            }
        }
        return worst;
    }

    /**
     * What {@link GammaQuantiles#coarseBound} relies on: every row grows along the lower tail's
     * grid and shrinks along the upper tail's, every value is at most the next row's at the same
     * grid point, and all are within 50 of 0 (so that {@link BetaSampler#LOGIT_BOUND_SLACK} covers
     * the interpolation's rounding).
     */
    @Test
    void table_growsWithTheShapeAndTheProbability() {
        int points = GammaQuantiles.POINTS;
        for (int r = 0; r <= GammaQuantiles.ROWS; r++) {
            float[] row = GammaQuantiles.row(r);
            for (int i = 0; i + 1 < points; i++) {
                assertThat(row[i]).as("row %d, lower tail, point %d", r, i).isLessThanOrEqualTo(row[i + 1]);
                assertThat(row[points + i + 1])
                        .as("row %d, upper tail, point %d", r, i)
                        .isLessThanOrEqualTo(row[points + i]);
            }
            assertThat(row[points - 1]).as("row %d, median", r).isLessThanOrEqualTo(row[2 * points - 1]);
            assertThat(Math.max(-row[0], row[points])).as("row %d", r).isLessThan(50f);
            if (r < GammaQuantiles.ROWS) {
                float[] next = GammaQuantiles.row(r + 1);
                for (int i = 0; i < row.length; i++) {
                    assertThat(row[i]).as("row %d, index %d", r, i).isLessThanOrEqualTo(next[i]);
                }
            }
        }
    }
}
