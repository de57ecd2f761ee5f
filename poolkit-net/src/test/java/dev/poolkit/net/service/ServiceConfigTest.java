package dev.poolkit.net.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.strategy.StrategyRegistry;
import dev.poolkit.net.host.HostPoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ServiceConfig}: defaults and every rule with its exact message. */
class ServiceConfigTest {

    @Test
    void defaults_arePoolysWithTheRecommendedStrategy() {
        ServiceConfig config = ServiceConfig.defaults();

        assertThat(config.strategy()).isEqualTo(StrategyRegistry.DEFAULT);
        assertThat(config.getAttempts()).isEqualTo(3);
        assertThat(config.closeDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.hostScore()).isEqualTo(HostScoreConfig.defaults());
        assertThat(config.hostPool()).isEqualTo(HostPoolConfig.defaults());
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void getAttempts_negative_rejected() {
        assertThatThrownBy(() -> ServiceConfig.builder().getAttempts(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("getAttempts must be >= 0, but was -1");
    }

    @Test
    void closeDeadline_negative_rejected() {
        assertThatThrownBy(() -> ServiceConfig.builder()
                        .closeDeadline(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("closeDeadline must not be negative, but was PT-1S");
    }

    @Test
    void strategy_unknown_rejectedWithTheRegistrysForms() {
        assertThatThrownBy(() -> ServiceConfig.builder().strategy("fastest").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("strategy must be one of [round-robin, random,")
                .hasMessageEndingWith(", but was fastest");
        assertThatThrownBy(() -> ServiceConfig.builder().strategy("softmax(0)").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strategy_anyForm_accepted() {
        assertThat(ServiceConfig.builder()
                        .strategy("epsilon-greedy(0.2)")
                        .build()
                        .strategy())
                .isEqualTo("epsilon-greedy(0.2)");
    }

    @Test
    void nulls_rejectedByName() {
        assertThatThrownBy(() -> ServiceConfig.builder().strategy(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("strategy");
        assertThatThrownBy(() -> ServiceConfig.builder().hostPool(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("hostPool");
        assertThatThrownBy(() -> ServiceConfig.builder().hostScore(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("hostScore");
        assertThatThrownBy(() -> ServiceConfig.builder().closeDeadline(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("closeDeadline");
    }
}
