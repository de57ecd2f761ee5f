package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.sim.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {
    private final ManualTicker clock = new ManualTicker();

    @Test
    void leastOutstanding_twoHosts_alwaysTheLessLoaded() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.leastOutstanding(new SplittableRandom(1));
        List<Host> hosts = Hosts.named("busy", "idle");
        hosts.get(0).begin();
        for (int i = 0; i < 1000; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("idle");
        }
    }

    @Test
    void leastOutstanding_mostLoadedOfMany_neverChosen_othersAtMostTwiceFair() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.leastOutstanding(new SplittableRandom(2));
        List<Host> hosts = Hosts.named("a", "b", "c", "d", "e");
        hosts.get(0).begin();
        int[] counts = new int[5];
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            counts[Hosts.indexOf(hosts, strategy.select(hosts))]++;
        }
        assertThat(counts[0]).isZero();
        // A pair is uniform over the 10 pairs; a tie goes to the first drawn: b..e get 1/4 each.
        Statistics.assertFrequencies(counts, new double[] {0, 0.25, 0.25, 0.25, 0.25}, draws);
    }

    @Test
    void peakEwma_slowerObservation_takesEffectAtOnce() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.peakEwma(clock, new SplittableRandom(3));
        List<Host> hosts = Hosts.named("fast", "slow");
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(10_000_000));
        strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(10_000_000));
        strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(500_000_000)); // one slow answer
        for (int i = 0; i < 100; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("fast");
        }
    }

    @Test
    void peakEwma_fastFailure_isPenalisedNotMistakenForFast() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.peakEwma(clock, new SplittableRandom(4));
        List<Host> hosts = Hosts.named("healthy", "failsFast");
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(10_000_000)); // 10 ms, success
        strategy.feedback(hosts.get(1), 0.0, Duration.ofNanos(1_000_000)); // 1 ms, error
        for (int i = 0; i < 100; i++) {
            assertThat(strategy.select(hosts).name()).isEqualTo("healthy");
        }
    }

    @Test
    void peakEwma_idleHost_decaysAndIsTriedAgain() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.peakEwma(clock, new SplittableRandom(5));
        List<Host> hosts = Hosts.named("steady", "wasSlow");
        strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(1_000_000_000)); // 1 s, long ago
        clock.advance(Duration.ofSeconds(60).toNanos());
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(10_000_000)); // 10 ms, just now
        // 1 s * exp(-60 s / 10 s) = 2.5 ms < 10 ms
        assertThat(strategy.select(hosts).name()).isEqualTo("wasSlow");
    }

    @Test
    void peakEwma_costScalesWithOutstanding() {
        PowerOfTwoChoices strategy = PowerOfTwoChoices.peakEwma(clock, new SplittableRandom(6));
        List<Host> hosts = Hosts.named("a", "b");
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(10_000_000));
        strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(15_000_000));
        assertThat(strategy.select(hosts).name()).isEqualTo("a");
        hosts.get(0).begin(); // a: 10 ms * 2 > b: 15 ms * 1
        assertThat(strategy.select(hosts).name()).isEqualTo("b");
    }

    @Test
    void constructor_badDurations_rejected() {
        assertThatThrownBy(() -> PowerOfTwoChoices.peakEwma(
                        Duration.ZERO, Duration.ofSeconds(1), clock, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decay must be positive, but was PT0S");
        assertThatThrownBy(() -> PowerOfTwoChoices.peakEwma(
                        Duration.ofSeconds(1), Duration.ofSeconds(-1), clock, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failurePenalty must not be negative, but was PT-1S");
    }
}
