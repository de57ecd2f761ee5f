package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyRegistryTest {
    private static final SplittableRandom SEED = new SplittableRandom(1);

    private static Strategy create(String name) {
        return StrategyRegistry.factory(name).create(SEED, Ticker.system());
    }

    /** A strategy's configuration: its class and every parameter it has an accessor for. */
    private static List<Object> configuration(Strategy s) {
        if (s instanceof SoftMax x) {
            return List.of(SoftMax.class, x.temperature());
        }
        if (s instanceof EpsilonGreedy x) {
            return List.of(EpsilonGreedy.class, x.epsilon(), x.decayRate(), x.minEpsilon());
        }
        if (s instanceof Ucb1 x) {
            return List.of(Ucb1.class, x.exploration());
        }
        if (s instanceof ThompsonSampling x) {
            return List.of(ThompsonSampling.class, x.discount());
        }
        if (s instanceof PowerOfTwoChoices x) {
            return List.of(PowerOfTwoChoices.class, x.cost(), x.decay(), x.failurePenalty());
        }
        if (s instanceof ChangeDetectingThompson x) {
            return List.of(ChangeDetectingThompson.class, x.config());
        }
        return List.of(s.getClass());
    }

    /** {@code find(s.name())} creates a strategy with the configuration of {@code s}. */
    private static void assertRoundTrips(Strategy s) {
        Strategy again = create(s.name());
        assertThat(configuration(again)).as(s.name()).isEqualTo(configuration(s));
        assertThat(again.name()).isEqualTo(s.name());
    }

    static List<String> names() {
        return StrategyRegistry.names();
    }

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
                        "thompson(1.0)",
                        "thompson(0.99)",
                        "p2c-least-outstanding",
                        "p2c-peak-ewma",
                        "thompson-cd");
        assertThat(StrategyRegistry.poolyNames()).hasSize(7).startsWith("round-robin");
    }

    @ParameterizedTest
    @MethodSource("names")
    void name_ofEveryListedStrategy_isItsOwnNameAndRoundTrips(String name) {
        Strategy s = create(name);
        assertThat(s.name()).isEqualTo(name);
        assertRoundTrips(s);
    }

    @ParameterizedTest
    @MethodSource("names")
    void names_everyListedNameIsInADocumentedForm(String name) {
        String kind = name.contains("(") ? name.substring(0, name.indexOf('(')) : name;
        assertThat(StrategyRegistry.forms()).anyMatch(f -> f.equals(kind) || f.startsWith(kind + "("));
    }

    @Test
    void roundTrip_customParameters_everyKind() {
        qt().withExamples(200)
                .forAll(doubles().between(1e-6, 100))
                .checkAssert(t -> assertRoundTrips(new SoftMax(t, SEED)));
        qt().withExamples(200)
                .forAll(
                        doubles().between(0, 1),
                        doubles().between(0, 10),
                        doubles().between(0, 1))
                .checkAssert((e, d, m) -> assertRoundTrips(new EpsilonGreedy(e, d, m * e, SEED)));
        qt().withExamples(200)
                .forAll(doubles().between(1e-6, 1))
                .checkAssert(e -> assertRoundTrips(new EpsilonGreedy(e, SEED)));
        qt().withExamples(200).forAll(doubles().between(1e-6, 10)).checkAssert(c -> assertRoundTrips(new Ucb1(c)));
        qt().withExamples(200)
                .forAll(doubles().between(1e-9, 1))
                .checkAssert(d -> assertRoundTrips(new ThompsonSampling(d, SEED)));
        qt().withExamples(200)
                .forAll(longs().between(1, 1_000_000_000_000L), longs().between(0, 1_000_000_000_000L))
                .checkAssert((decay, penalty) -> assertRoundTrips(PowerOfTwoChoices.peakEwma(
                        Duration.ofNanos(decay), Duration.ofNanos(penalty), Ticker.system(), SEED)));
        qt().withExamples(300)
                .forAll(
                        integers().between(4, 1024),
                        doubles().between(1e-9, 0.5),
                        doubles().between(0, 5),
                        longs().between(0, 100_000_000_000L))
                .checkAssert((window, delta, x, probeNanos) -> assertRoundTrips(new ChangeDetectingThompson(
                        ChangeDetectingThompson.Config.builder()
                                .window(window)
                                .delta(delta)
                                .agingLoss(x)
                                .floor(x / 2)
                                .sharpness(1 + x)
                                .probeInterval(Duration.ofNanos(probeNanos))
                                .maxEvidence(10 + x * 100)
                                .outstandingWeight(x / 3)
                                .build(),
                        Ticker.system(),
                        SEED)));
    }

    @Test
    void name_ofCustomConfiguration_listsOnlyTheChangedSettings() {
        ChangeDetectingThompson cd = new ChangeDetectingThompson(
                ChangeDetectingThompson.Config.builder()
                        .window(20)
                        .probeInterval(Duration.ofMillis(500))
                        .build(),
                Ticker.system(),
                SEED);
        assertThat(cd.name()).isEqualTo("thompson-cd(window=20,probeInterval=PT0.5S)");
        assertThat(PowerOfTwoChoices.peakEwma(Duration.ofSeconds(5), Duration.ofSeconds(1), Ticker.system(), SEED)
                        .name())
                .isEqualTo("p2c-peak-ewma(decay=PT5S)");
        assertThat(new EpsilonGreedy(0.2, 0.01, 0.05, SEED).name()).isEqualTo("epsilon-greedy(0.2,0.01,0.05)");
        assertThat(new Ucb1(2).name()).isEqualTo("ucb1(2.0)");
        assertThat(create("ucb1(1.0)").name()).isEqualTo("ucb1");
    }

    @Test
    void defaultStrategy_isChangeDetectingThompson() {
        assertThat(StrategyRegistry.DEFAULT).isEqualTo("thompson-cd");
        assertThat(StrategyRegistry.defaultStrategy()).isInstanceOf(ChangeDetectingThompson.class);
        assertThat(StrategyRegistry.defaultFactory()
                        .create(SEED, Ticker.system())
                        .name())
                .isEqualTo("thompson-cd");
    }

    @Test
    void find_parameterisedName_createsThatStrategy() {
        Strategy strategy = create("softmax(0.25)");
        assertThat(strategy).isInstanceOf(SoftMax.class);
        assertThat(((SoftMax) strategy).temperature()).isEqualTo(0.25);
        assertThat(configuration(create("thompson-cd(sharpness=2.5,window=30)")))
                .isEqualTo(List.of(
                        ChangeDetectingThompson.class,
                        ChangeDetectingThompson.Config.builder()
                                .sharpness(2.5)
                                .window(30)
                                .build()));
        assertThat(configuration(create("p2c-peak-ewma(failurePenalty=PT2S)")))
                .isEqualTo(List.of(
                        PowerOfTwoChoices.class,
                        PowerOfTwoChoices.Cost.PEAK_EWMA,
                        PowerOfTwoChoices.DEFAULT_DECAY,
                        Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nonsense",
                "softmax(abc)",
                "softmax()",
                "softmax(1f)",
                "softmax(0x1p3)",
                "softmax(0.1",
                "softmax(0.1,0.2)",
                "epsilon-greedy(0.1,0.2)",
                "round-robin()",
                "ucb1()",
                "thompson",
                "thompson-cd(window=1.5)",
                "thompson-cd(colour=red)",
                "thompson-cd(window=12,window=13)",
                "thompson-cd(probeInterval=1s)",
                "p2c-peak-ewma(decay=PT1S,other=PT1S)",
                "p2c-least-outstanding(decay=PT1S)"
            })
    void find_nameInNoForm_empty(String name) {
        assertThat(StrategyRegistry.find(name)).isEmpty();
    }

    @Test
    void find_invalidParameter_rejectedWithValue() {
        assertThatThrownBy(() -> StrategyRegistry.find("softmax(0)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be > 0, but was 0.0");
        assertThatThrownBy(() -> StrategyRegistry.find("epsilon-greedy(2)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be between 0 and 1, but was 2.0");
        assertThatThrownBy(() -> StrategyRegistry.find("thompson-cd(window=2)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be between 4 and 1024, but was 2");
        assertThatThrownBy(() -> StrategyRegistry.find("p2c-peak-ewma(decay=PT0S)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decay must be positive, but was PT0S");
    }

    @Test
    void factory_unknownName_rejectedWithValue() {
        assertThatThrownBy(() -> StrategyRegistry.factory("fastest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("strategy must be one of [round-robin, random,")
                .hasMessageContaining("or of the forms [round-robin, random, softmax(T),")
                .hasMessageEndingWith("but was fastest");
    }
}
