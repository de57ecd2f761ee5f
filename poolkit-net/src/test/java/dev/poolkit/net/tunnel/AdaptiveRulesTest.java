package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The integer arithmetic of reference §5.3 at its edges; the traces run against real pools elsewhere. */
class AdaptiveRulesTest {

    private static AdaptiveRules rules(int capacity, int intervalMs) {
        AdaptiveRules rules = new AdaptiveRules(capacity, 100, Duration.ofMillis(100), Duration.ofMillis(1000));
        while (rules.capacity() < capacity) {
            rules.adjustCapacity(rules.capacity()); // ratio 1 > 0.8: one up
        }
        while (rules.interval().toMillis() < intervalMs) {
            rules.adjustInterval(Integer.MAX_VALUE); // idle above 80 %: 100 ms up
        }
        return rules;
    }

    @ParameterizedTest(name = "capacity {0}, idle {1} -> interval {2} ms")
    @CsvSource({
        // capacity*2/10 in integer division: 0 for capacity < 5, so nothing is ever below it; 1 (not 1.8) for 9
        "4, 0, 500",
        "5, 0, 400",
        "9, 0, 400",
        "9, 1, 500",
        "10, 1, 400",
        // capacity*8/10: idle must be strictly above
        "4, 4, 600",
        "4, 3, 500",
        "5, 4, 500",
        "5, 5, 600",
        "10, 8, 500",
        "10, 9, 600"
    })
    void adjustInterval_integerThresholds(int capacity, int idle, long expectedMs) {
        AdaptiveRules rules = rules(capacity, 500);
        rules.adjustInterval(idle);
        assertThat(rules.interval().toMillis()).isEqualTo(expectedMs);
    }

    @Test
    void adjustInterval_staysWithinBounds() {
        AdaptiveRules rules = new AdaptiveRules(10, 10, Duration.ofMillis(150), Duration.ofMillis(320));
        rules.adjustInterval(0);
        assertThat(rules.interval()).isEqualTo(Duration.ofMillis(150));
        for (int i = 0; i < 5; i++) {
            rules.adjustInterval(10);
        }
        assertThat(rules.interval()).as("capped, not 350").isEqualTo(Duration.ofMillis(320));
        rules.adjustInterval(0);
        rules.adjustInterval(0);
        assertThat(rules.interval()).as("floored, not 120").isEqualTo(Duration.ofMillis(150));
    }

    @ParameterizedTest(name = "capacity {0}, created {1} -> capacity {2}")
    @CsvSource({
        "5, 0, 4", // 0.0 < 0.2
        "5, 1, 5", // 0.2 is not below 0.2
        "5, 4, 5", // 0.8 is not above 0.8
        "5, 5, 6",
        "10, 1, 9",
        "10, 2, 10",
        "10, 9, 11"
    })
    void adjustCapacity_ratioOfTheCapacityBefore(int capacity, int created, int expected) {
        AdaptiveRules rules = new AdaptiveRules(1, 100, Duration.ofMillis(100), Duration.ofMillis(100));
        while (rules.capacity() < capacity) {
            rules.adjustCapacity(rules.capacity());
        }
        rules.adjustCapacity(created);
        assertThat(rules.capacity()).isEqualTo(expected);
    }

    @Test
    void adjustCapacity_staysWithinBounds() {
        AdaptiveRules rules = new AdaptiveRules(2, 3, Duration.ofMillis(100), Duration.ofMillis(100));
        rules.adjustCapacity(0);
        assertThat(rules.capacity()).isEqualTo(2);
        rules.adjustCapacity(2);
        rules.adjustCapacity(3);
        assertThat(rules.capacity()).isEqualTo(3);
    }
}
