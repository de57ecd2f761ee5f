package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.sim.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChangeDetectingThompsonTest {
    private final ManualTicker clock = new ManualTicker();

    private ChangeDetectingThompson strategy(ChangeDetectingThompson.Config config, long seed) {
        return new ChangeDetectingThompson(config, clock, new SplittableRandom(seed));
    }

    private static int share(ChangeDetectingThompson strategy, List<Host> hosts, Host target, int draws) {
        int hits = 0;
        for (int i = 0; i < draws; i++) {
            hits += strategy.select(hosts) == target ? 1 : 0;
        }
        return hits;
    }

    @Test
    void feedback_hostStartsFailing_changeDetectedWithinTheWindow() {
        ChangeDetectingThompson strategy = strategy(ChangeDetectingThompson.Config.defaults(), 1);
        Host host = Hosts.unscored("a");
        for (int i = 0; i < 200; i++) {
            strategy.feedback(host, 1.0, Duration.ofNanos(0));
        }
        assertThat(strategy.changesDetected(host)).isZero();
        int failures = 0;
        while (strategy.changesDetected(host) == 0) {
            strategy.feedback(host, 0.0, Duration.ofNanos(0));
            failures++;
        }
        // Hoeffding bound for w = 12, m = 196, delta = 0.0001: 0.637; 8 failures in 12 make 0.667.
        assertThat(failures).isEqualTo(8);
    }

    @Test
    void feedback_stableHost_noFalseAlarmOver100000Outcomes() {
        ChangeDetectingThompson strategy = strategy(ChangeDetectingThompson.Config.defaults(), 2);
        Host host = Hosts.unscored("a");
        SplittableRandom env = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            strategy.feedback(host, env.nextDouble() < 0.9 ? 1.0 : 0.0, Duration.ofNanos(0));
        }
        // Tests run after every outcome, so a few false alarms over 100,000 are expected (each at
        // most 0.001); what matters is that they stay rare.
        assertThat(strategy.changesDetected(host)).isLessThan(30);
    }

    @Test
    void select_afterChange_switchesToTheNewBestHost() {
        ChangeDetectingThompson strategy = strategy(ChangeDetectingThompson.Config.defaults(), 3);
        List<Host> hosts = Hosts.named("a", "b");
        for (int i = 0; i < 300; i++) {
            strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 0.5, Duration.ofNanos(0));
        }
        // Few selections without feedback, so that aging (which needs selections) plays no part.
        assertThat(share(strategy, hosts, hosts.get(0), 20)).isGreaterThanOrEqualTo(19);
        for (int i = 0; i < 12; i++) {
            strategy.feedback(hosts.get(0), 0.0, Duration.ofNanos(0));
        }
        assertThat(strategy.changesDetected(hosts.get(0))).isEqualTo(1);
        assertThat(share(strategy, hosts, hosts.get(1), 20)).isGreaterThanOrEqualTo(19);
    }

    @Test
    void select_idleFailedHost_isAgedAndTriedAgain() {
        ChangeDetectingThompson.Config config = ChangeDetectingThompson.Config.builder()
                .probeInterval(Duration.ZERO)
                .build();
        ChangeDetectingThompson strategy = strategy(config, 4);
        List<Host> hosts = Hosts.named("failed", "backup");
        for (int i = 0; i < 20; i++) {
            strategy.feedback(hosts.get(0), 0.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 0.5, Duration.ofNanos(0));
        }
        int early = share(strategy, hosts, hosts.get(0), 50);
        // 20 outcomes of evidence age at 0.05 per selection after a grace of 4: both hosts are at
        // the floor (2 outcomes, sharpened 3 times) after 364 selections. Then "failed" draws from
        // Beta(1, 7) and "backup" from Beta(4, 4): failed wins with E[(1 - Y)^7], Y ~ Beta(4, 4),
        // = 10! 7! / (14! 3!) = 0.03497.
        for (int i = 0; i < 400; i++) {
            strategy.select(hosts);
        }
        int draws = 20_000;
        int late = share(strategy, hosts, hosts.get(0), draws);
        assertThat(early).isLessThan(3);
        double p = 3628800.0 * 5040 / (87178291200.0 * 6);
        Statistics.assertFrequencies(new int[] {late}, new double[] {p}, draws);
    }

    @Test
    void select_hostIdleLongerThanProbeInterval_isProbed() {
        ChangeDetectingThompson strategy = strategy(ChangeDetectingThompson.Config.defaults(), 5);
        List<Host> hosts = Hosts.named("good", "dead");
        for (int i = 0; i < 100; i++) {
            strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 0.0, Duration.ofNanos(0));
        }
        strategy.select(hosts); // selection 0 checks for probes and starts the clocks
        clock.advance(Duration.ofMillis(999).toNanos());
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0)); // the good host keeps answering
        assertThat(share(strategy, hosts, hosts.get(1), 127)).isZero();
        clock.advance(Duration.ofMillis(1).toNanos());
        strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
        // The next check (selection 128) probes the dead host: once.
        assertThat(share(strategy, hosts, hosts.get(1), 64)).isEqualTo(1);
    }

    @Test
    void select_outstandingRequests_countAsPendingFailures() {
        ChangeDetectingThompson strategy = strategy(ChangeDetectingThompson.Config.defaults(), 6);
        List<Host> hosts = Hosts.named("stuck", "free");
        for (int i = 0; i < 100; i++) {
            strategy.feedback(hosts.get(0), 1.0, Duration.ofNanos(0));
            strategy.feedback(hosts.get(1), 1.0, Duration.ofNanos(0));
        }
        for (int i = 0; i < 50; i++) {
            hosts.get(0).begin(); // requests that have not come back
        }
        assertThat(share(strategy, hosts, hosts.get(1), 1000)).isGreaterThan(990);
    }

    @Test
    void config_defaults_andMessages() {
        ChangeDetectingThompson.Config defaults = ChangeDetectingThompson.Config.defaults();
        assertThat(defaults.window()).isEqualTo(12);
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThat(new ChangeDetectingThompson(new SplittableRandom(1)).name()).isEqualTo("thompson-cd");
        assertThatThrownBy(
                        () -> ChangeDetectingThompson.Config.builder().window(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be between 4 and 1024, but was 3");
        assertThatThrownBy(
                        () -> ChangeDetectingThompson.Config.builder().delta(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delta must be in (0, 1), but was 1.0");
        assertThatThrownBy(() ->
                        ChangeDetectingThompson.Config.builder().sharpness(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sharpness must be >= 1, but was 0.5");
        assertThatThrownBy(() -> ChangeDetectingThompson.Config.builder()
                        .probeInterval(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probeInterval must not be negative, but was PT-1S");
        assertThatThrownBy(() -> ChangeDetectingThompson.Config.builder()
                        .maxEvidence(0.1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEvidence must be positive and >= floor (2.0), but was 0.1");
    }
}
