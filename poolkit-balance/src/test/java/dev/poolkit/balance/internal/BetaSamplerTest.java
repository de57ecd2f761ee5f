package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Beta and normal samplers against exact distributions: Kolmogorov-Smirnov distances over
 * 200,000 draws (the bound is the 1e-6 critical value, so a false alarm is practically impossible
 * while the normal approximation the samplers replaced is off by 0.02 to 0.1) and tail
 * probabilities within 5 standard deviations.
 */
class BetaSamplerTest {
    private static final int DRAWS = 200_000;
    /** sqrt(-ln(1e-6 / 2) / 2) / sqrt(n): the KS critical value at level 1e-6. */
    private static final double KS_BOUND = Math.sqrt(-Math.log(0.5e-6) / 2) / Math.sqrt(DRAWS);

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 9", "2, 5", "1.2, 2.8", "30, 10", "1, 200", "400, 3.5", "1.0001, 1.0001"})
    void sample_matchesTheExactBetaDistribution(double a, double b) {
        AtomicSplitMix random = new AtomicSplitMix(Double.doubleToLongBits(a * 31 + b));
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = beta(a, b, random);
        }
        assertThat(ksDistance(draws, betaCdf(a, b))).as("Beta(%s, %s)", a, b).isLessThan(KS_BOUND);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "1, 9",
        "2, 5",
        "1.2, 2.8",
        "30, 10",
        "1, 200",
        "400, 3.5",
        "1.0001, 1.0001",
        "900, 850",
        "2000, 7"
    })
    void logit_matchesTheExactBetaDistributionWithinTheTableBound(double a, double b) {
        AtomicSplitMix random = new AtomicSplitMix(Double.doubleToLongBits(a * 17 + b));
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = logistic(BetaSampler.logit(a, b, random.nextLong(), random));
        }
        assertThat(ksDistance(draws, betaCdf(a, b)))
                .as("Beta(%s, %s)", a, b)
                .isLessThan(KS_BOUND + 2 * GammaQuantiles.KOLMOGOROV_BOUND);
    }

    @Test
    void logit_upperTailOfAFailedHost_isRight() {
        AtomicSplitMix random = new AtomicSplitMix(12);
        int n = 2_000_000;
        double p = Math.pow(0.5, 9);
        assertThat(shareAbovePointFive(n, () -> BetaSampler.logit(1, 9, random.nextLong(), random)))
                .isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n) + 2 * GammaQuantiles.KOLMOGOROV_BOUND));
    }

    @Test
    void exactLogit_upperTailOfAFailedHost_isExact() {
        AtomicSplitMix random = new AtomicSplitMix(13);
        int n = 1_000_000;
        double p = Math.pow(0.5, 9);
        assertThat(shareAbovePointFive(n, () -> BetaSampler.exactLogit(1, 9, random)))
                .isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void sample_upperTailOfAFailedHost_isExact() {
        // P(X > 0.5) for Beta(1, 9) is 0.5^9 = 1.953e-3; a normal with the same mean and variance
        // gives 4.9e-6 (the tail the issue found too thin).
        AtomicSplitMix random = new AtomicSplitMix(11);
        int n = 2_000_000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            above += beta(1, 9, random) > 0.5 ? 1 : 0;
        }
        double p = Math.pow(0.5, 9);
        assertThat((double) above / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void ziggurat_matchesTheStandardNormal() {
        AtomicSplitMix random = new AtomicSplitMix(3);
        double[] draws = new double[DRAWS];
        int beyondR = 0;
        for (int i = 0; i < DRAWS * 5; i++) {
            double x = Ziggurat.normal(random.nextLong(), random);
            if (i < DRAWS) {
                draws[i] = x;
            }
            beyondR += Math.abs(x) > Ziggurat.R ? 1 : 0;
        }
        assertThat(ksDistance(draws, BetaSamplerTest::phi)).isLessThan(KS_BOUND);
        double tail = 2 * (1 - phi(Ziggurat.R)); // 5.8e-4: the tail method is exercised and exact
        int n = DRAWS * 5;
        assertThat((double) beyondR / n).isCloseTo(tail, within(5 * Math.sqrt(tail * (1 - tail) / n)));
    }

    @Test
    void sample_sameSeedSameSequence() {
        AtomicSplitMix x = new AtomicSplitMix(5);
        AtomicSplitMix y = new AtomicSplitMix(5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(beta(1.5, 3, y)).isEqualTo(beta(1.5, 3, x));
        }
    }

    @Test
    void atomicSplitMix_sameSeedSameSequence_andValuesInRange() {
        AtomicSplitMix x = new AtomicSplitMix(5);
        AtomicSplitMix y = new AtomicSplitMix(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(y.nextLong()).isEqualTo(x.nextLong());
            assertThat(x.nextIndex(7)).isBetween(0, 6);
            y.nextLong();
            double u = x.nextUnit();
            y.nextLong();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            double open = x.nextOpenUnit();
            y.nextLong();
            assertThat(open).isGreaterThan(0).isLessThan(1);
        }
    }

    @Test
    void discount_powersMatchMathPow() {
        Discount d = new Discount(0.99);
        assertThat(d.pow(0)).isEqualTo(1.0);
        assertThat(d.pow(-3)).isEqualTo(1.0);
        assertThat(d.pow(100)).isCloseTo(Math.pow(0.99, 100), within(1e-12));
        assertThat(d.pow(10_000)).isCloseTo(Math.pow(0.99, 10_000), within(1e-15));
        Discount slow = new Discount(0.999_999_99);
        long gap = 20_000_000L + 12_345;
        assertThat(slow.pow(gap)).isCloseTo(Math.pow(0.999_999_99, gap), within(1e-12));
        long giant = 3L * 4096 * 4096 * 4096 + 5;
        assertThat(slow.pow(giant)).isCloseTo(Math.pow(0.999_999_99, giant), within(1e-12));
        assertThat(new Discount(1.0).pow(gap)).isEqualTo(1.0);
    }

    /** A Beta draw the way the strategies make one: two gamma variates, one word of bits each. */
    private static double beta(double a, double b, AtomicSplitMix random) {
        double ga = BetaSampler.gamma(a, random.nextLong(), random);
        double gb = BetaSampler.gamma(b, random.nextLong(), random);
        return ga / (ga + gb);
    }

    private static double logistic(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    /** The largest gap between the empirical CDF of {@code draws} and {@code cdf}. */
    private static double ksDistance(double[] draws, DoubleUnaryOperator cdf) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double worst = 0;
        for (int i = 0; i < sorted.length; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            worst = Math.max(worst, Math.max(f - (double) i / sorted.length, (i + 1.0) / sorted.length - f));
        }
        return worst;
    }

    /**
     * The Beta(a, b) CDF by integrating the density on a grid of 2^16 intervals (trapezoids on the
     * log-density, normalised numerically, so no gamma function is needed), interpolated linearly.
     */
    private static DoubleUnaryOperator betaCdf(double a, double b) {
        int n = 1 << 16;
        double[] logDensity = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double x = (double) i / n;
            double l = (a == 1 ? 0 : (a - 1) * Math.log(x)) + (b == 1 ? 0 : (b - 1) * Math.log1p(-x));
            logDensity[i] = l;
            max = Math.max(max, l);
        }
        double[] cumulative = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            cumulative[i] =
                    cumulative[i - 1] + 0.5 * (Math.exp(logDensity[i - 1] - max) + Math.exp(logDensity[i] - max));
        }
        double total = cumulative[n];
        return x -> {
            double position = Math.min(Math.max(x, 0), 1) * n;
            int i = Math.min((int) position, n - 1);
            double f = cumulative[i] + (position - i) * (cumulative[i + 1] - cumulative[i]);
            return f / total;
        };
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    private static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1
                - t
                        * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                        * Math.exp(-z * z);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    /** The share of {@code n} logit draws above 0, that is of Beta draws above 0.5. */
    private static double shareAbovePointFive(int n, DoubleSupplier logitDraw) {
        int above = 0;
        for (int i = 0; i < n; i++) {
            above += logitDraw.getAsDouble() > 0 ? 1 : 0;
        }
        return (double) above / n;
    }

    /**
     * The skip bound is above the lookup from the same bits by at least half its slack: shapes
     * log-uniform over the table's range (on and between grid rows), bits uniform and with the
     * tails' far ends (the clamped probabilities) and the median forced.
     */
    @Test
    void logitUpperBound_isAboveTheLookupFromTheSameBits() {
        AtomicSplitMix random = new AtomicSplitMix(17);
        // The far ends, the median, the clamping's edge (u = 32) and the first half-octave's (u = 48).
        int[] specialWords = {
            0,
            1,
            31,
            32,
            47,
            48,
            0x7FFF_FFFF,
            0x8000_0000,
            0x8000_001F,
            0x8000_0020,
            0x8000_0030,
            0xFFFF_FFFF,
            // the edges of the coarse table's prefixes (the top 8 bits)
            0x00FF_FFFF,
            0x0100_0000,
            0x3FFF_FFFF,
            0x4000_0000,
            0x7EFF_FFFF,
            0x7F00_0000,
            0x80FF_FFFF,
            0x8100_0000,
            0xBFFF_FFFF,
            0xC000_0000,
            0xFEFF_FFFF,
            0xFF00_0000
        };
        for (int k = 0; k < 2_000_000; k++) {
            double a = k % 7 == 0 ? GammaQuantiles.rowShape(random.nextIndex(GammaQuantiles.ROWS)) : shape(random);
            double b = k % 5 == 0 ? GammaQuantiles.rowShape(random.nextIndex(GammaQuantiles.ROWS)) : shape(random);
            long bits = random.nextLong();
            if (k % 3 == 0) {
                long low = specialWords[random.nextIndex(specialWords.length)] & 0xFFFF_FFFFL;
                long high = specialWords[random.nextIndex(specialWords.length)];
                bits = k % 2 == 0 ? (bits & ~0xFFFF_FFFFL) | low : (bits & 0xFFFF_FFFFL) | (high << 32);
            }
            double draw = BetaSampler.logit(a, b, bits, random);
            assertThat(BetaSampler.logitUpperBound(a, b, bits) - BetaSampler.LOGIT_BOUND_SLACK / 2)
                    .as("a=%s b=%s bits=%x", a, b, bits)
                    .isGreaterThan(draw);
        }
    }

    @Test
    void logitUpperBound_isInfiniteForExactDraws() {
        assertThat(BetaSampler.logitUpperBound(1024, 2, 0)).isInfinite();
        assertThat(BetaSampler.logitUpperBound(2, 5000, -1)).isInfinite();
        assertThat(BetaSampler.logitUpperBound(BetaSampler.boundCell(2, 5000), -1))
                .isInfinite();
    }

    /**
     * A bound cell stands for its shapes: every pair of shapes between the cell's least shapes and
     * the given ones has the same cell and the same bound, which is what lets a strategy keep the
     * cell while discounting shrinks the shapes.
     */
    @Test
    void boundCell_isTheSameDownToTheCellsLeastShapes() {
        AtomicSplitMix random = new AtomicSplitMix(23);
        for (int k = 0; k < 200_000; k++) {
            double a = k % 11 == 0 ? 1024 + random.nextUnit() * 100 : shape(random);
            double b = shape(random);
            long bits = random.nextLong();
            int cell = BetaSampler.boundCell(a, b);
            assertThat(cell).isBetween(0, (1 << BetaSampler.BOUND_CELL_BITS) - 1);
            assertThat(BetaSampler.logitUpperBound(cell | 0x5A5A_0000, bits))
                    .as("bits above the cell are ignored")
                    .isEqualTo(BetaSampler.logitUpperBound(a, b, bits));
            double leastA = BetaSampler.boundCellShape(a);
            double leastB = BetaSampler.boundCellShape(b);
            assertThat(leastA).isLessThanOrEqualTo(a);
            assertThat(leastB).isLessThanOrEqualTo(b);
            double lowerA = leastA + (a - leastA) * random.nextUnit();
            double lowerB = leastB + (b - leastB) * random.nextUnit();
            assertThat(BetaSampler.boundCell(lowerA, lowerB))
                    .as("a=%s b=%s, down to %s %s", a, b, lowerA, lowerB)
                    .isEqualTo(cell);
            if (leastA > 1 && a < 1024) {
                assertThat(BetaSampler.boundCell(Math.nextDown(leastA), b)).isNotEqualTo(cell);
            }
        }
    }

    /** A shape log-uniform in [1, 1024). */
    private static double shape(AtomicSplitMix random) {
        return Math.min(Math.exp(random.nextUnit() * Math.log(1024)), Math.nextDown(1024.0));
    }
}
