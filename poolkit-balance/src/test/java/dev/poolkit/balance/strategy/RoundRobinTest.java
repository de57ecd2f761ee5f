package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.Host;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTest {
    private final RoundRobin strategy = new RoundRobin();

    private String next(List<Host> hosts) {
        return strategy.select(hosts).name();
    }

    @Test
    void select_py10_removeAndReAdd_followsPoolySequence() {
        List<Host> hosts = new ArrayList<>(Hosts.named("e1", "e2", "e3"));
        assertThat(next(hosts)).isEqualTo("e1");
        assertThat(next(hosts)).isEqualTo("e2");

        hosts.remove(2); // Remove(e3)
        assertThat(next(hosts)).isEqualTo("e1");

        hosts.add(Hosts.unscored("e3")); // Add(e3): a new host, a new slot
        assertThat(next(hosts)).isEqualTo("e2");
        assertThat(next(hosts)).isEqualTo("e3");
        assertThat(next(hosts)).isEqualTo("e1");
    }

    @Test
    void select_threeHosts_cyclesInInsertionOrder() {
        List<Host> hosts = Hosts.named("a", "b", "c");
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(next(hosts));
        }
        assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void select_removeMiddleHost_skipsItsGhostSlot() {
        List<Host> hosts = new ArrayList<>(Hosts.named("a", "b", "c"));
        assertThat(next(hosts)).isEqualTo("a");
        hosts.remove(1);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(next(hosts));
        }
        assertThat(picks).containsExactly("c", "a", "c", "a");
    }

    @Test
    void select_singleHost_alwaysIt() {
        List<Host> hosts = Hosts.named("only");
        for (int i = 0; i < 5; i++) {
            assertThat(next(hosts)).isEqualTo("only");
        }
    }
}
