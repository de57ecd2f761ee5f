package dev.poolkit.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.sim.ManualClock;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HostScorePropertyTest {

    /** Any sequence of ratings and clock moves keeps the score in [0, 1] once computed. */
    @Property(tries = 300)
    void score_anyHistory_staysInUnitInterval(@ForAll("histories") List<Double> history) {
        ManualClock clock = new ManualClock();
        HostScore score = new HostScore(clock);
        for (double step : history) {
            if (step >= 0) {
                score.rate(step);
            } else {
                clock.advance((long) (-step * 3_000_000_000L)); // up to 3 s
            }
            double value = score.score();
            assertThat(value == HostScore.UNSCORED || (value >= 0 && value <= 1))
                    .as("score %s", value)
                    .isTrue();
        }
    }

    /** With only successes recorded, the score never falls below neutral; with only failures, never above. */
    @Property(tries = 200)
    void score_onlyOneKindOfOutcome_staysOnItsSideOfNeutral(
            @ForAll boolean successes, @ForAll("moves") List<Integer> moves) {
        ManualClock clock = new ManualClock();
        HostScore score = new HostScore(clock);
        for (int move : moves) {
            score.rate(successes ? 1.0 : 0.0);
            clock.advance(move * 10_000_000L);
            double value = score.score();
            if (value != HostScore.UNSCORED) {
                assertThat(successes ? value >= 0.5 : value <= 0.5).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<List<Double>> histories() {
        return Arbitraries.doubles().between(-1, 1).list().ofMaxSize(200);
    }

    @Provide
    Arbitrary<List<Integer>> moves() {
        return Arbitraries.integers().between(0, 300).list().ofMaxSize(100);
    }
}
