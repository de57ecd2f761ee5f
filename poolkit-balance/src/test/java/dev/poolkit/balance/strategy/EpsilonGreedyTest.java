package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpsilonGreedyTest {

    @Test
    void select_py12_epsilonZero_lastOfTheMaxima() {
        List<Host> hosts = List.of(Hosts.scored("a", 0.2), Hosts.scored("b", 0.9), Hosts.scored("c", 0.9));
        EpsilonGreedy strategy = new EpsilonGreedy(0.0, new SplittableRandom(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("c");
        }
    }

    @Test
    void select_py12_everyHostUnscored_lastHost() {
        List<Host> hosts = Hosts.named("a", "b", "c");
        EpsilonGreedy strategy = new EpsilonGreedy(0.0, new SplittableRandom(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("c");
        }
    }

    @Test
    void select_probabilities_matchFormulaOver100000Draws() {
        // P(best) = 1 - eps + eps/n, P(other) = eps/n.
        double eps = 0.3;
        List<Host> hosts = List.of(Hosts.scored("a", 0.1), Hosts.scored("b", 0.8), Hosts.scored("c", 0.4));
        EpsilonGreedy strategy = new EpsilonGreedy(eps, new SplittableRandom(42));
        int draws = 100_000;
        int[] counts = new int[3];
        for (int i = 0; i < draws; i++) {
            counts[Hosts.indexOf(hosts, strategy.select(hosts))]++;
        }
        double[] expected = {eps / 3, 1 - eps + eps / 3, eps / 3};
        Statistics.assertFrequencies(counts, expected, draws);
    }

    @Test
    void select_decayingEpsilon_exploresLessOverTime() {
        EpsilonGreedy strategy = new EpsilonGreedy(0.5, 0.01, 0.05, new SplittableRandom(3));
        List<Host> hosts = List.of(Hosts.scored("a", 0.1), Hosts.scored("b", 0.8));
        assertThat(strategy.currentEpsilon()).isEqualTo(0.5);
        for (int i = 0; i < 100; i++) {
            strategy.select(hosts);
        }
        assertThat(strategy.currentEpsilon()).isEqualTo(0.25);
        for (int i = 0; i < 10_000; i++) {
            strategy.select(hosts);
        }
        assertThat(strategy.currentEpsilon()).isEqualTo(0.05);
        assertThat(strategy.name()).isEqualTo("epsilon-greedy(0.5,0.01,0.05)");
    }

    @Test
    void constructor_epsilonAboveOne_rejectedWithValue() {
        assertThatThrownBy(() -> new EpsilonGreedy(1.5, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be between 0 and 1, but was 1.5");
    }

    @Test
    void constructor_epsilonNegative_rejectedWithValue() {
        assertThatThrownBy(() -> new EpsilonGreedy(-0.01, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be between 0 and 1, but was -0.01");
    }

    @Test
    void constructor_minEpsilonAboveEpsilon_rejected() {
        assertThatThrownBy(() -> new EpsilonGreedy(0.1, 0.01, 0.2, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minEpsilon must be between 0 and epsilon (0.1), but was 0.2");
    }

    @Test
    void constructor_negativeDecay_rejected() {
        assertThatThrownBy(() -> new EpsilonGreedy(0.1, -1, 0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decayRate must be >= 0, but was -1.0");
    }
}
