package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BetaSamplerTest {

    @Test
    void sample_hasTheBetasMeanAndVariance() {
        AtomicSplitMix random = new AtomicSplitMix(1);
        double a = 30;
        double b = 10;
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = BetaSampler.sample(a, b, random);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        double betaVariance = a * b / ((a + b) * (a + b) * (a + b + 1));
        assertThat(mean).isCloseTo(0.75, within(5 * Math.sqrt(betaVariance / n)));
        assertThat(variance).isCloseTo(betaVariance, within(betaVariance * 0.03));
    }

    @Test
    void atomicSplitMix_sameSeedSameSequence_andIndexInRange() {
        AtomicSplitMix x = new AtomicSplitMix(5);
        AtomicSplitMix y = new AtomicSplitMix(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(y.nextLong()).isEqualTo(x.nextLong());
            assertThat(x.nextIndex(7)).isBetween(0, 6);
            y.nextLong();
            double u = x.nextUnit();
            y.nextLong();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }

    @Test
    void inverseNormal_knownQuantiles() {
        assertThat(AtomicSplitMix.inverseNormal(0.5)).isCloseTo(0.0, within(1e-12));
        assertThat(AtomicSplitMix.inverseNormal(0.975)).isCloseTo(1.959963985, within(1e-8));
        assertThat(AtomicSplitMix.inverseNormal(0.001)).isCloseTo(-3.090232306, within(2e-5));
        assertThat(AtomicSplitMix.inverseNormal(1e-9)).isCloseTo(-5.997807015, within(2e-5));
    }

    @Test
    void fastInverseNormal_withinThreeThousandthsOfASigmaEverywhere() {
        for (int i = 1; i < 1_000_000; i++) {
            double u = i / 1_000_000.0;
            assertThat(AtomicSplitMix.fastInverseNormal(u))
                    .as("u = %s", u)
                    .isCloseTo(AtomicSplitMix.inverseNormal(u), within(0.003));
        }
    }

    @Test
    void discount_powersMatchMathPow() {
        Discount d = new Discount(0.99);
        assertThat(d.pow(0)).isEqualTo(1.0);
        assertThat(d.pow(-3)).isEqualTo(1.0);
        assertThat(d.pow(100)).isCloseTo(Math.pow(0.99, 100), within(1e-12));
        assertThat(d.pow(10_000)).isCloseTo(Math.pow(0.99, 10_000), within(1e-15));
    }
}
