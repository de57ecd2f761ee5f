package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftMaxTest {

    @Test
    void select_py13_everyHostUnscored_firstHost() {
        List<Host> hosts = Hosts.named("a", "b", "c");
        SoftMax strategy = new SoftMax(0.5, new SplittableRandom(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("a");
        }
    }

    @Test
    void select_py13_lowTemperature_betterHostAtLeast999PerMille() {
        List<Host> hosts = List.of(Hosts.scored("x", 0.0), Hosts.scored("y", 1.0));
        SoftMax strategy = new SoftMax(0.1, new SplittableRandom(7));
        int y = 0;
        for (int i = 0; i < 10_000; i++) {
            y += strategy.select(hosts).name().equals("y") ? 1 : 0;
        }
        assertThat(y).isGreaterThanOrEqualTo(9_990);
    }

    @Test
    void select_probabilities_matchBoltzmannFormulaOver100000Draws() {
        double t = 0.3;
        double[] scores = {0.2, 0.9, 0.5, 0.0};
        List<Host> hosts = List.of(
                Hosts.scored("a", scores[0]),
                Hosts.scored("b", scores[1]),
                Hosts.scored("c", scores[2]),
                Hosts.scored("d", scores[3]));
        SoftMax strategy = new SoftMax(t, new SplittableRandom(11));
        int draws = 100_000;
        int[] counts = new int[scores.length];
        for (int i = 0; i < draws; i++) {
            counts[Hosts.indexOf(hosts, strategy.select(hosts))]++;
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s / t);
        }
        double[] expected = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            expected[i] = Math.exp(scores[i] / t) / sum;
        }
        Statistics.assertFrequencies(counts, expected, draws);
    }

    @Test
    void select_unscoredHostsAmongScored_neverChosen() {
        List<Host> hosts = List.of(Hosts.unscored("u1"), Hosts.scored("s", 0.3), Hosts.unscored("u2"));
        SoftMax strategy = new SoftMax(5.0, new SplittableRandom(3));
        for (int i = 0; i < 10_000; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("s");
        }
    }

    @Test
    void select_extremeTemperatures_alwaysReturnsAHost() {
        List<Host> hosts = List.of(Hosts.scored("a", 0.0), Hosts.scored("b", 1.0), Hosts.scored("c", 0.999));
        for (double t : new double[] {Double.MIN_VALUE, 1e-300, 1e-3, 1e300, Double.MAX_VALUE}) {
            SoftMax strategy = new SoftMax(t, new SplittableRandom(5));
            for (int i = 0; i < 1000; i++) {
                assertThat(strategy.select(hosts)).isNotNull();
            }
        }
    }

    @Test
    void constructor_zeroTemperature_rejectedWithValue() {
        assertThatThrownBy(() -> new SoftMax(0.0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be > 0, but was 0.0");
    }

    @Test
    void constructor_negativeTemperature_rejectedWithValue() {
        assertThatThrownBy(() -> new SoftMax(-0.5, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be > 0, but was -0.5");
    }

    @Test
    void constructor_nanTemperature_rejectedWithValue() {
        assertThatThrownBy(() -> new SoftMax(Double.NaN, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be > 0, but was NaN");
    }
}
