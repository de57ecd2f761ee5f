package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ucb1Test {

    @Test
    void select_triesEveryHostOnceInOrderFirst() {
        Ucb1 strategy = new Ucb1();
        List<Host> hosts = Hosts.named("a", "b", "c");
        for (String expected : new String[] {"a", "b", "c"}) {
            Host host = strategy.select(hosts);
            assertThat(host.name()).isEqualTo(expected);
            strategy.feedback(host, 1.0, Duration.ofNanos(0));
        }
    }

    @Test
    void select_thenHighestUpperConfidenceBound() {
        Ucb1 strategy = new Ucb1();
        List<Host> hosts = Hosts.named("a", "b");
        Host a = hosts.get(0);
        Host b = hosts.get(1);
        for (int i = 0; i < 10; i++) {
            strategy.feedback(a, 1.0, Duration.ofNanos(0)); // a: mean 1, n 10
        }
        for (int i = 0; i < 10; i++) {
            strategy.feedback(b, i < 2 ? 1.0 : 0.0, Duration.ofNanos(0)); // b: mean 0.2, n 10
        }
        // bonus sqrt(2 ln 20 / 10) = 0.774 for both: a wins.
        assertThat(strategy.select(hosts)).isSameAs(a);
        for (int i = 0; i < 1000; i++) {
            strategy.feedback(a, 0.5, Duration.ofNanos(0)); // a: mean ~0.505 over 1010, tiny bonus
        }
        // b: 0.2 + sqrt(2 ln 1020 / 10) = 0.2 + 1.18 > a's 0.505 + 0.117
        assertThat(strategy.select(hosts)).isSameAs(b);
    }

    @Test
    void constructor_nonPositiveExploration_rejected() {
        assertThatThrownBy(() -> new Ucb1(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exploration must be > 0, but was 0.0");
    }
}
