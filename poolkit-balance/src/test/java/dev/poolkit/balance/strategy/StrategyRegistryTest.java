package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.Ticker;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {

    @Test
    void names_fixedOrderPoolyFirstDefaultLast() {
        assertThat(StrategyRegistry.names())
                .containsExactly(
                        "round-robin",
                        "random",
                        "softmax(0.1)",
                        "softmax(0.5)",
                        "softmax(0.9)",
                        "epsilon-greedy(0.1)",
                        "epsilon-greedy(0.5)",
                        "epsilon-greedy(0.9)",
                        "ucb1",
                        "thompson(0.99)",
                        "p2c-least-outstanding",
                        "p2c-peak-ewma",
                        "thompson-cd");
        assertThat(StrategyRegistry.poolyNames()).hasSize(7).startsWith("round-robin");
    }

    @Test
    void defaultStrategy_isChangeDetectingThompson() {
        assertThat(StrategyRegistry.DEFAULT).isEqualTo("thompson-cd");
        assertThat(StrategyRegistry.defaultStrategy()).isInstanceOf(ChangeDetectingThompson.class);
        assertThat(StrategyRegistry.defaultFactory()
                        .create(new SplittableRandom(1), Ticker.system())
                        .name())
                .isEqualTo("thompson-cd");
    }

    @Test
    void find_parameterisedName_createsThatStrategy() {
        Strategy strategy = StrategyRegistry.factory("softmax(0.25)").create(new SplittableRandom(1), Ticker.system());
        assertThat(strategy).isInstanceOf(SoftMax.class);
        assertThat(((SoftMax) strategy).temperature()).isEqualTo(0.25);
        assertThat(StrategyRegistry.find("epsilon-greedy(0.3)")).isPresent();
        assertThat(StrategyRegistry.find("thompson(0.95)")).isPresent();
        assertThat(StrategyRegistry.find("nonsense")).isEmpty();
        assertThat(StrategyRegistry.find("softmax(abc)")).isEmpty();
    }

    @Test
    void find_invalidParameter_rejectedWithValue() {
        assertThatThrownBy(() -> StrategyRegistry.find("softmax(0)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be > 0, but was 0.0");
        assertThatThrownBy(() -> StrategyRegistry.find("epsilon-greedy(2)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be between 0 and 1, but was 2.0");
    }

    @Test
    void factory_unknownName_rejectedWithValue() {
        assertThatThrownBy(() -> StrategyRegistry.factory("fastest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("strategy must be one of [round-robin, random,")
                .hasMessageEndingWith("but was fastest");
    }
}
