package dev.poolkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.poolkit.balance.sim.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostScoreTest {
    private static final long SLOT = Duration.ofSeconds(1).toNanos(); // default decay 60 s / 60
    private static final long MEMO = Duration.ofMillis(100).toNanos();

    private final ManualTicker clock = new ManualTicker();

    // ---------------------------------------------------------------------- PY-11

    @Test
    void score_py11_slotsOfSixTenthsThreeTenthsAndOne_exactlySevenTenths() {
        HostScore score = new HostScore(clock);
        score.rate(0.6);
        clock.advance(SLOT);
        score.rate(0.3);
        clock.advance(SLOT);
        score.rate(1.0);
        assertThat(score.score()).as("memoized before the last rating").isCloseTo(0.45, within(1e-12));
        clock.advance(MEMO); // the next computation

        assertThat(score.score()).isEqualTo(0.7);
    }

    @Test
    void score_py11_explicitTicks_exactlySevenTenths() {
        HostScore score = new HostScore(clock);
        score.rate(0.6);
        score.decay();
        score.rate(0.3);
        score.decay();
        score.rate(1.0);

        assertThat(score.compute()).isEqualTo(0.7);
        assertThat(score.current()).isEqualTo(0.7);
    }

    @Test
    void score_freshHost_minusOneBeforeFirstComputeAndHalfAfter() {
        HostScore score = new HostScore(clock);
        assertThat(score.score()).isEqualTo(HostScore.UNSCORED);
        clock.advance(MEMO - 1);
        assertThat(score.score()).isEqualTo(-1.0);
        clock.advance(1);
        assertThat(score.score()).isEqualTo(0.5);
    }

    @Test
    void score_oneHostUpThenOneDecay_twoThirds() {
        HostScore score = new HostScore(clock);
        score.rate(HostScore.HOST_UP);
        clock.advance(MEMO);
        assertThat(score.score()).isEqualTo(1.0);
        clock.advance(SLOT - MEMO);
        assertThat(score.score()).isCloseTo(1.0 / 3 + 2.0 / 3 * 0.5, within(1e-12));
    }

    @Test
    void current_doesNotReadTheClock() {
        HostScore score = new HostScore(clock);
        clock.advance(MEMO);
        assertThat(score.current()).isEqualTo(-1.0);
        score.refresh();
        assertThat(score.current()).isEqualTo(0.5);
    }

    @Test
    void score_runningMeanWithinSlot() {
        HostScore score = new HostScore(clock);
        score.rate(1.0);
        score.rate(0.0);
        score.rate(0.5);
        assertThat(score.compute()).isCloseTo(0.5, within(1e-12));
        score.rate(1.0);
        assertThat(score.compute()).isCloseTo(0.625, within(1e-12));
    }

    @Test
    void score_ringOfSixtySlots_oldestSlotIsResetAfterAFullRing() {
        HostScore score = new HostScore(clock);
        score.rate(0.0); // slot 0
        for (int i = 0; i < 59; i++) {
            score.decay(); // slots 1..59 stay empty
        }
        // 60 slots: the zero in the oldest slot weighs 1/1830, the rest are neutral.
        assertThat(score.compute()).isCloseTo(0.5 * (1 - 1.0 / 1830), within(1e-12));
        score.decay(); // the ring wraps: slot 0 is reset
        assertThat(score.compute()).isEqualTo(0.5);
    }

    @Test
    void score_longIdlePeriod_catchesUpCheaplyToNeutral() {
        HostScore score = new HostScore(clock);
        score.rate(1.0);
        clock.advance(Duration.ofDays(365).toNanos());
        assertThat(score.score()).isEqualTo(0.5);
        score.rate(0.0);
        clock.advance(MEMO);
        // The newest slot (weight 60/1830) holds the 0, every other slot is neutral.
        assertThat(score.score()).isCloseTo(0.5 * (1 - 60.0 / 1830), within(1e-12));
    }

    @Test
    void score_decayAndComputeDueTogether_decayFirst() {
        HostScore score = new HostScore(
                HostScoreConfig.builder()
                        .decayDuration(Duration.ofSeconds(60))
                        .memoizeInterval(Duration.ofSeconds(1))
                        .build(),
                clock);
        score.rate(1.0);
        clock.advance(SLOT);
        // Both ticks fall due at 1 s; pooly's ordering is irrelevant for the value after both.
        assertThat(score.score()).isCloseTo(1.0 / 3 + 2.0 / 3 * 0.5, within(1e-12));
    }

    @Test
    void score_transformIsApplied() {
        HostScore score =
                new HostScore(HostScoreConfig.builder().transform(s -> s * s).build(), clock);
        score.rate(0.5);
        assertThat(score.compute()).isEqualTo(0.25);
    }

    // ---------------------------------------------------------------------- bad input

    @Test
    void rate_aboveOne_rejectedWithValue() {
        HostScore score = new HostScore(clock);
        assertThatThrownBy(() -> score.rate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score must be between 0 and 1, but was 1.5");
    }

    @Test
    void rate_negative_rejectedWithValue() {
        HostScore score = new HostScore(clock);
        assertThatThrownBy(() -> score.rate(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score must be between 0 and 1, but was -0.1");
    }

    @Test
    void rate_nan_rejected() {
        HostScore score = new HostScore(clock);
        assertThatThrownBy(() -> score.rate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score must be between 0 and 1, but was NaN");
    }

    @Test
    void config_memoizeIntervalZero_rejected() {
        assertThatThrownBy(() ->
                        HostScoreConfig.builder().memoizeInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoizeInterval must be positive, but was PT0S");
    }

    @Test
    void config_decayDurationTooShort_rejected() {
        assertThatThrownBy(() -> HostScoreConfig.builder()
                        .decayDuration(Duration.ofNanos(59))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decayDuration must be >= 60ns, but was PT0.000000059S");
    }

    @Test
    void config_null_rejected() {
        assertThatThrownBy(() -> HostScoreConfig.builder().transform(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("transform");
    }

    @Test
    void config_toBuilder_roundTrips() {
        HostScoreConfig config = HostScoreConfig.builder()
                .decayDuration(Duration.ofSeconds(6))
                .memoizeInterval(Duration.ofMillis(5))
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(HostScoreConfig.defaults().decayDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(HostScoreConfig.defaults().memoizeInterval()).isEqualTo(Duration.ofMillis(100));
    }
}
