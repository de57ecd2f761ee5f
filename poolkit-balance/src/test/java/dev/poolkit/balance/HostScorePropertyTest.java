package dev.poolkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.poolkit.balance.sim.ManualTicker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link HostScore} over generated histories (QuickTheories: a failing history is
 * shrunk to a shortest one and printed in the assertion message, with the seed that reproduces it).
 */
class HostScorePropertyTest {

    /** A step of a history: a rating in [0, 1], or (negative) a clock move of up to 3 s. */
    private static Gen<List<Double>> histories() {
        return lists().of(doubles().between(-1, 1)).ofSizeBetween(0, 200);
    }

    private static double replay(HostScore score, ManualTicker ticker, double step) {
        if (step >= 0) {
            score.rate(step);
        } else {
            ticker.advance((long) (-step * 3_000_000_000L));
        }
        return score.score();
    }

    /** Any sequence of ratings and clock moves keeps the score in [0, 1] once computed. */
    @Test
    void score_anyHistory_staysInUnitInterval() {
        qt().withExamples(1000).forAll(histories()).checkAssert(history -> {
            ManualTicker ticker = new ManualTicker();
            HostScore score = new HostScore(ticker);
            for (double step : history) {
                double value = replay(score, ticker, step);
                assertThat(value == HostScore.UNSCORED || (value >= 0 && value <= 1))
                        .as("score %s", value)
                        .isTrue();
            }
        });
    }

    /** With only successes recorded, the score never falls below neutral; with only failures, never above. */
    @Test
    void score_onlyOneKindOfOutcome_staysOnItsSideOfNeutral() {
        qt().withExamples(500)
                .forAll(booleans().all(), lists().of(integers().between(0, 300)).ofSizeBetween(0, 100))
                .checkAssert((successes, moves) -> {
                    ManualTicker ticker = new ManualTicker();
                    HostScore score = new HostScore(ticker);
                    for (int move : moves) {
                        score.rate(successes ? 1.0 : 0.0);
                        ticker.advance(move * 10_000_000L);
                        double value = score.score();
                        if (value != HostScore.UNSCORED) {
                            assertThat(successes ? value >= 0.5 : value <= 0.5)
                                    .as("score %s", value)
                                    .isTrue();
                        }
                    }
                });
    }

    /**
     * The harness itself: a false property ("no history lifts the score above 0.75") fails with the
     * shrunk history in the message: a few steps (a high rating and a clock move past the next
     * computation), where the generated histories are up to 200 steps long.
     */
    @Test
    void falseProperty_failingHistoryIsShrunkAndPrinted() {
        assertThatThrownBy(() -> qt().withFixedSeed(42)
                        .withExamples(1000)
                        .forAll(histories())
                        .checkAssert(history -> {
                            ManualTicker ticker = new ManualTicker();
                            HostScore score = new HostScore(ticker);
                            for (double step : history) {
                                assertThat(replay(score, ticker, step)).isLessThanOrEqualTo(0.75);
                            }
                        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s) :-")
                .hasMessageContaining("Seed was 42")
                .satisfies(e -> assertThat(smallest(e.getMessage())).hasSizeLessThanOrEqualTo(5));
    }

    /** The elements of the first list printed after "Smallest found falsifying value(s) :-". */
    private static List<String> smallest(String message) {
        String rest = message.substring(message.indexOf(":-") + 2);
        String list = rest.substring(rest.indexOf('[') + 1, rest.indexOf(']'));
        return list.isBlank() ? List.of() : List.of(list.split(","));
    }
}
