package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import java.time.Duration;
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
            strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 0.0, Duration.ofNanos(0));
        }
        assertThat(share(strategy, hosts, hosts.get(0), 1000)).isGreaterThan(990);
    }

    @Test
    void select_discount_forgetsOldEvidence() {
        ThompsonSampling strategy = new ThompsonSampling(0.9, new SplittableRandom(2));
        List<Host> hosts = Hosts.named("a", "b");
        for (int i = 0; i < 50; i++) {
            strategy.feedback(hosts.get(0), 0.0, Duration.ofNanos(0)); // a looked bad...
        }
        for (int i = 0; i < 200; i++) {
            strategy.select(hosts); // ...a long time ago: 200 selections at 0.9 shrink it to nothing
        }
        int a = share(strategy, hosts, hosts.get(0), 4000);
        assertThat(a).isBetween(1500, 2500); // both beliefs are back at the uniform prior
    }

    @Test
    void select_beliefDrawProbability_isTheExactBetaProbability() {
        // One success on a against nothing on b: Beta(2,1) (density 2x) against Beta(1,1), so
        // P(a wins) = E[Beta(2,1)] = 2/3 exactly (a normal approximation gives 0.673).
        ThompsonSampling strategy = new ThompsonSampling(1.0, new SplittableRandom(3));
        List<Host> hosts = Hosts.named("a", "b");
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
        int draws = 200_000;
        int a = share(strategy, hosts, hosts.get(0), draws);
        Statistics.assertFrequencies(new int[] {a, draws - a}, new double[] {2.0 / 3, 1.0 / 3}, draws);
    }

    @Test
    void select_hostThatFailedNineTimes_isRetriedAsOftenAsItsBetaTailSays() {
        // Beta(1, 10) against a host known to be at 0.5 (10,000 outcomes: its draws stay within
        // 0.5 +- 0.02): a wins about P(Beta(1,10) > 0.5) = 2^-10 of the time. A normal draw with
        // the same mean and variance would give a about 1e-5, twenty times too rarely.
        ThompsonSampling strategy = new ThompsonSampling(1.0, new SplittableRandom(4));
        List<Host> hosts = Hosts.named("failed", "known");
        for (int i = 0; i < 9; i++) {
            strategy.feedback(hosts.get(0), 0.0, Duration.ofNanos(0));
        }
        for (int i = 0; i < 5000; i++) {
            strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 0.0, Duration.ofNanos(0));
        }
        int draws = 400_000;
        int a = share(strategy, hosts, hosts.get(0), draws);
        // P(Beta(1,10) > Y) for Y ~ Beta(5001, 5001): E[(1 - Y)^10], within 0.2% of 2^-10.
        double p = Math.pow(0.5, 10);
        assertThat((double) a / draws).isBetween(p * 0.8, p * 1.25);
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
