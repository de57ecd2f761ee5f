package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonSamplingTest {

    private static int share(ThompsonSampling strategy, List<Host> hosts, Host target, int draws) {
        int hits = 0;
        for (int i = 0; i < draws; i++) {
            hits += strategy.select(hosts) == target ? 1 : 0;
        }
        return hits;
    }

    @Test
    void select_prefersTheHostWithMoreSuccesses() {
        ThompsonSampling strategy = new ThompsonSampling(1.0, new SplittableRandom(1));
        List<Host> hosts = Hosts.named("good", "bad");
        for (int i = 0; i < 50; i++) {
            strategy.feedback(hosts.get(0), 1.0, 0);
            strategy.feedback(hosts.get(1), 0.0, 0);
        }
        assertThat(share(strategy, hosts, hosts.get(0), 1000)).isGreaterThan(990);
    }

    @Test
    void select_discount_forgetsOldEvidence() {
        ThompsonSampling strategy = new ThompsonSampling(0.9, new SplittableRandom(2));
        List<Host> hosts = Hosts.named("a", "b");
        for (int i = 0; i < 50; i++) {
            strategy.feedback(hosts.get(0), 0.0, 0); // a looked bad...
        }
        for (int i = 0; i < 200; i++) {
            strategy.select(hosts); // ...a long time ago: 200 selections at 0.9 shrink it to nothing
        }
        int a = share(strategy, hosts, hosts.get(0), 4000);
        assertThat(a).isBetween(1500, 2500); // both beliefs are back at the uniform prior
    }

    @Test
    void select_beliefDrawProbability_matchesNormalApproximationOfBetas() {
        // One success on a against nothing on b: Beta(2,1) against Beta(1,1), each drawn as a normal
        // with the Beta's mean and variance: P(a wins) = Phi((2/3 - 1/2) / sqrt(1/18 + 1/12)).
        double expected = phi((2.0 / 3 - 0.5) / Math.sqrt(1.0 / 18 + 1.0 / 12));
        ThompsonSampling strategy = new ThompsonSampling(1.0, new SplittableRandom(3));
        List<Host> hosts = Hosts.named("a", "b");
        strategy.feedback(hosts.get(0), 1.0, 0);
        int draws = 100_000;
        int a = 0;
        for (int i = 0; i < draws; i++) {
            a += strategy.select(hosts) == hosts.get(0) ? 1 : 0;
        }
        Statistics.assertFrequencies(new int[] {a, draws - a}, new double[] {expected, 1 - expected}, draws);
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1
                - t
                        * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                        * Math.exp(-z * z);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    @Test
    void constructor_discountOutOfRange_rejected() {
        assertThatThrownBy(() -> new ThompsonSampling(0.0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("discount must be in (0, 1], but was 0.0");
        assertThatThrownBy(() -> new ThompsonSampling(1.01, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("discount must be in (0, 1], but was 1.01");
    }
}
