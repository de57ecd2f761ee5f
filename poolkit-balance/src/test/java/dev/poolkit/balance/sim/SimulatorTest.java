package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.TrafficScenario.Behaviour;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatorTest {
    private static final Simulator SEQUENTIAL = Simulator.sequential();

    static List<String> names() {
        return StrategyRegistry.names();
    }

    // ------------------------------------------------------------------------ determinism, equality

    @ParameterizedTest
    @MethodSource("names")
    void runTrials_sameSeeds_equalResults(String name) {
        StrategyFactory factory = StrategyRegistry.factory(name);
        TrialsResult a = SEQUENTIAL.runTrials(Scenarios.failover(), name, factory, 2);
        TrialsResult b = SEQUENTIAL.runTrials(Scenarios.failover(), name, factory, 2);
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @ParameterizedTest
    @MethodSource("names")
    void runTraffic_sameSeed_equalResults(String name) {
        StrategyFactory factory = StrategyRegistry.factory(name);
        TrafficResult a = SEQUENTIAL.runTraffic(Scenarios.slowHost(), name, factory, 1);
        TrafficResult b = SEQUENTIAL.runTraffic(Scenarios.slowHost(), name, factory, 1);
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void runTrials_parallelAndSequential_equalResults() {
        StrategyFactory factory = StrategyRegistry.defaultFactory();
        TrialsResult parallel =
                Simulator.builder().parallelism(2).build().runTrials(Scenarios.recovery(), "d", factory, 40);
        assertThat(SEQUENTIAL.runTrials(Scenarios.recovery(), "d", factory, 40)).isEqualTo(parallel);
    }

    @Test
    void results_otherSeedCount_notEqual() {
        StrategyFactory factory = StrategyRegistry.factory("ucb1");
        assertThat(SEQUENTIAL.runTrials(Scenarios.pooly(), "u", factory, 2))
                .isNotEqualTo(SEQUENTIAL.runTrials(Scenarios.pooly(), "u", factory, 3));
    }

    // ------------------------------------------------------------------------------ trials figures

    @Test
    void runTrials_roundRobin_regretIsExact() {
        // Round-robin over 0.1/0.1/0.9 picks each host equally: regret per cycle = 0.8 + 0.8.
        TrialsResult result =
                SEQUENTIAL.runTrials(Scenarios.pooly(), "round-robin", StrategyRegistry.factory("round-robin"), 3);
        assertThat(result.regret().mean()).isCloseTo(0.8 * 167, within(1e-9));
        assertThat(result.regret().standardError()).isZero();
        assertThat(result.bestShare().mean()).isCloseTo(83.0 / 250, within(1e-12));
        assertThat(result.regretCurve()).hasSize(250);
        assertThat(result.meanScoreCurve().get(0)).isEqualTo(0.5);
    }

    @Test
    void reconvergence_roundRobinNeverConverges_censoredAtStretchLength() {
        TrialsResult result =
                SEQUENTIAL.runTrials(Scenarios.failover(), "round-robin", StrategyRegistry.factory("round-robin"), 2);
        assertThat(result.changes()).hasSize(1);
        TrialsResult.Reconvergence change = result.changes().get(0);
        assertThat(change.atStep()).isEqualTo(500);
        assertThat(change.stretchSteps()).isEqualTo(500);
        assertThat(change.steps().mean()).isEqualTo(500);
        assertThat(change.censored()).isEqualTo(1.0);
    }

    @Test
    void changes_onlyRealChangesOfTheBestHost() {
        StrategyFactory factory = StrategyRegistry.factory("ucb1");
        // A phase boundary where only the worse host changes is no change of the best host.
        TrialsScenario worseHostChanges = TrialsScenario.builder("x")
                .phase(100, 0.9, 0.5)
                .phase(100, 0.9, 0.2)
                .build();
        assertThat(SEQUENTIAL.runTrials(worseHostChanges, "u", factory, 1).changes())
                .isEmpty();
        // Neither is a new host joining the best ones (the old best is still best).
        TrialsScenario tie = TrialsScenario.builder("tie")
                .phase(100, 0.9, 0.5)
                .phase(100, 0.9, 0.9)
                .build();
        assertThat(SEQUENTIAL.runTrials(tie, "u", factory, 1).changes()).isEmpty();
        assertThat(SEQUENTIAL.runTrials(Scenarios.recovery(), "u", factory, 1).changes())
                .extracting(TrialsResult.Reconvergence::atStep)
                .containsExactly(300, 600);
        // A continuous drift that crosses once: one change, at the crossing (trial 1,200).
        List<TrialsResult.Reconvergence> drift =
                SEQUENTIAL.runTrials(Scenarios.slowDrift(), "u", factory, 1).changes();
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).atStep()).isBetween(1200, 1201);
        assertThat(drift.get(0).stretchSteps()).isEqualTo(3000 - drift.get(0).atStep());
        // The seesaw's best host changes every half period (500 trials).
        assertThat(SEQUENTIAL.runTrials(Scenarios.seesaw(), "u", factory, 1).changes())
                .extracting(TrialsResult.Reconvergence::atStep)
                .allSatisfy(at -> assertThat(at % 500).isIn(0, 1, 499))
                .hasSize(5);
    }

    @Test
    void runTrials_continuousProfile_readAtEveryTrial() {
        ConcurrentLinkedQueue<Long> read = new ConcurrentLinkedQueue<>();
        Profile recording = t -> {
            read.add(t);
            return 0.5;
        };
        TrialsScenario scenario = TrialsScenario.builder("c")
                .steps(50)
                .host(recording)
                .host(Profile.constant(0.4))
                .build();
        TrialsResult result = SEQUENTIAL.runTrials(scenario, "u", StrategyRegistry.factory("ucb1"), 1);
        assertThat(read).hasSize(50).startsWith(0L, 1_000_000L, 2_000_000L);
        // UCB1 tries both once, then mostly the better one: regret 0.1 per trial on host 1.
        assertThat(result.regret().mean()).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void runTrials_probabilityOutsideUnitInterval_rejectedWithValue() {
        TrialsScenario scenario =
                TrialsScenario.builder("bad").steps(10).host(t -> 1.5).build();
        assertThatThrownBy(() -> SEQUENTIAL.runTrials(scenario, "u", StrategyRegistry.factory("ucb1"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability must be between 0 and 1, but was 1.5");
    }

    @Test
    void runTrials_strategyReturnsAStranger_rejected() {
        Host stranger = Host.of("stranger", dev.poolkit.balance.Ticker.system());
        StrategyFactory bogus = (random, ticker) -> new Strategy() {
            @Override
            public Host select(List<Host> candidates) {
                return stranger;
            }

            @Override
            public String name() {
                return "bogus";
            }
        };
        assertThatThrownBy(() -> SEQUENTIAL.runTrials(Scenarios.pooly(), "bogus", bogus, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("strategy must return one of the candidates, but returned stranger");
    }

    /**
     * The simulator refreshes a score only when it can have changed; a strategy that refreshes
     * every candidate itself before each selection sees no difference, on trials (decay ticks
     * every 10 ms here) and on traffic.
     */
    @Test
    void scores_refreshedLazily_sameAsRefreshingEveryHostEveryTime() {
        AtomicInteger checks = new AtomicInteger();
        StrategyFactory softmax = StrategyRegistry.factory("softmax(0.1)");
        StrategyFactory checking = (random, ticker) -> {
            Strategy inner = softmax.create(random, ticker);
            return new Strategy() {
                @Override
                public Host select(List<Host> candidates) {
                    for (Host host : candidates) {
                        double memoized = host.score().current();
                        assertThat(host.score().refresh()).as(host.name()).isEqualTo(memoized);
                        checks.incrementAndGet();
                    }
                    return inner.select(candidates);
                }

                @Override
                public void feedback(Host host, double reward, Duration latency) {
                    inner.feedback(host, reward, latency);
                }

                @Override
                public String name() {
                    return "checking";
                }
            };
        };
        TrialsScenario fastDecay = Scenarios.recovery().toBuilder()
                .scores(HostScoreConfig.builder()
                        .decayDuration(Duration.ofMillis(600))
                        .memoizeInterval(Duration.ofMillis(1))
                        .build())
                .build();
        SEQUENTIAL.runTrials(fastDecay, "checking", checking, 2);
        SEQUENTIAL.runTrials(Scenarios.manyHosts(), "checking", checking, 1);
        TrafficScenario traffic = Scenarios.fastFailer().toBuilder()
                .duration(Duration.ofSeconds(20))
                .watch(0, Duration.ofSeconds(10), Duration.ofSeconds(20))
                .scores(HostScoreConfig.builder()
                        .decayDuration(Duration.ofSeconds(6))
                        .memoizeInterval(Duration.ofMillis(30))
                        .build())
                .build();
        SEQUENTIAL.runTraffic(traffic, "checking", checking, 1);
        assertThat(checks.get()).isGreaterThan(2 * 1000 * 3 + 2000 * 100);
    }

    // ----------------------------------------------------------------------------- traffic figures

    @Test
    void runTraffic_roundRobin_sharesAreFair() {
        TrafficResult result = SEQUENTIAL.runTraffic(
                Scenarios.fastFailer(), "round-robin", StrategyRegistry.factory("round-robin"), 1);
        List<List<Double>> share = result.sharePerSecond();
        assertThat(share).hasSize(11);
        assertThat(share.get(0)).hasSize(60);
        for (List<Double> host : share) {
            assertThat(host).allSatisfy(s -> assertThat(s).isBetween(0.08, 0.10));
        }
        // Host 0 fails every request for 40 of 60 s: 1 - 40/60/11.
        assertThat(result.successRate().mean()).isCloseTo(1 - 40.0 / 60 / 11, within(0.002));
        assertThat(result.requests()).isBetween(59_000L, 61_000L);
    }

    @Test
    void runTraffic_userLatencyThatChangesOverTime_isUsed() {
        // Host 0 answers in 5 ms for 10 s, then never; the others at the default. Round-robin
        // keeps sending a third of the traffic to it, so a third of the later requests time out.
        Latency mine =
                Latency.constant(Duration.ofMillis(5)).then(Duration.ofSeconds(10), (random, now) -> Long.MAX_VALUE);
        TrafficScenario scenario = TrafficScenario.builder("mine")
                .hosts(3)
                .duration(Duration.ofSeconds(20))
                .change(Duration.ZERO, 0, Behaviour.healthy(mine))
                .build();
        TrafficResult result =
                SEQUENTIAL.runTraffic(scenario, "round-robin", StrategyRegistry.factory("round-robin"), 2);
        assertThat(result.successRate().mean()).isCloseTo(1 - 0.5 / 3, within(0.01));
        assertThat(result.successRate().standardError()).isLessThan(0.01);
        assertThat(result.p999Millis().mean()).isEqualTo(1000.0);
        assertThat(result.watchedShare().mean()).isCloseTo(1.0 / 3, within(0.001));
    }

    @Test
    void runTraffic_continuousErrorRate_followsItsProfile() {
        // Host 0's error rate ramps from 0 to 1 over the run: on average it fails half its requests.
        Behaviour ramping = new Behaviour(
                TrafficScenario.DEFAULT_LATENCY,
                Profile.linear(Duration.ZERO, 0, Duration.ofSeconds(10), 1),
                Latency.constant(Duration.ofMillis(1)));
        TrafficScenario scenario = TrafficScenario.builder("ramp")
                .hosts(2)
                .duration(Duration.ofSeconds(10))
                .change(Duration.ZERO, 0, ramping)
                .build();
        TrafficResult result =
                SEQUENTIAL.runTraffic(scenario, "round-robin", StrategyRegistry.factory("round-robin"), 4);
        assertThat(result.successRate().mean()).isCloseTo(0.75, within(0.01));
    }

    // ----------------------------------------------------------------------------------- progress

    @Test
    void progress_everyRunReportedInOrder() {
        ConcurrentLinkedQueue<Simulator.Progress> seen = new ConcurrentLinkedQueue<>();
        Simulator simulator =
                Simulator.builder().parallelism(2).progress(seen::add).build();
        simulator.runTrials(Scenarios.pooly(), "ucb1", StrategyRegistry.factory("ucb1"), 7);
        List<Simulator.Progress> expected = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            expected.add(new Simulator.Progress("pooly", "ucb1", i, 7));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void progress_listenerThrows_callFails() {
        Simulator simulator = Simulator.builder()
                .parallelism(1)
                .progress(p -> {
                    throw new IllegalStateException("stop");
                })
                .build();
        assertThatThrownBy(() -> simulator.runTrials(Scenarios.pooly(), "u", StrategyRegistry.factory("ucb1"), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stop");
    }

    // ------------------------------------------------------------------------- scenarios, estimates

    @Test
    void scenarios_namesAndLookup() {
        assertThat(Scenarios.trials())
                .extracting(TrialsScenario::name)
                .containsExactly("pooly", "close-arms", "failover", "recovery", "many-hosts");
        assertThat(Scenarios.traffic())
                .extracting(TrafficScenario::name)
                .containsExactly("slow-host", "fast-failer", "dead-host", "herd-recovery");
        assertThat(Scenarios.heldOutTrials())
                .extracting(TrialsScenario::name)
                .containsExactly(
                        "stable-many",
                        "close-pair",
                        "slow-drift",
                        "rotation",
                        "one-good-of-50",
                        "late-bloomer",
                        "seesaw");
        assertThat(Scenarios.heldOutTraffic())
                .extracting(TrafficScenario::name)
                .containsExactly("gradual-slowdown", "flaky-host");
        assertThat(Scenarios.trials("pooly")).contains(Scenarios.pooly());
        assertThat(Scenarios.trials("close-pair")).contains(Scenarios.closePair());
        assertThat(Scenarios.traffic("dead-host")).contains(Scenarios.deadHost());
        assertThat(Scenarios.traffic("nope")).isEmpty();
        assertThat(Scenarios.manyHosts().hostCount()).isEqualTo(100);
        assertThat(Scenarios.failover().steps()).isEqualTo(1000);
    }

    @Test
    void trialsBuilder_defaultsAndRoundTrip() {
        TrialsScenario scenario =
                TrialsScenario.builder("p").host(Profile.constant(0.3)).build();
        assertThat(scenario.steps()).isEqualTo(TrialsScenario.DEFAULT_STEPS);
        assertThat(scenario.scores()).isEqualTo(TrialsScenario.DEFAULT_SCORES);
        assertThat(Scenarios.recovery().toBuilder().build()).isEqualTo(Scenarios.recovery());
        assertThat(Scenarios.slowDrift().toBuilder().build()).isEqualTo(Scenarios.slowDrift());
        // Phases become one piecewise profile per host, changing only where the value changes.
        Profile host0 = Scenarios.recovery().hosts().get(0);
        assertThat(host0.valueAt(299_000_000L)).isEqualTo(0.9);
        assertThat(host0.valueAt(300_000_000L)).isEqualTo(0.1);
        assertThat(host0.validUntilNanos(0)).isEqualTo(300_000_000L);
        assertThat(Scenarios.recovery().hosts().get(1).validUntilNanos(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void trafficBuilder_publicDefaultsAndRoundTrip() {
        TrafficScenario scenario = TrafficScenario.builder("d").build();
        assertThat(scenario.hostCount()).isEqualTo(TrafficScenario.DEFAULT_HOSTS);
        assertThat(scenario.ratePerSecond()).isEqualTo(TrafficScenario.DEFAULT_RATE_PER_SECOND);
        assertThat(scenario.duration()).isEqualTo(TrafficScenario.DEFAULT_DURATION);
        assertThat(scenario.timeout()).isEqualTo(TrafficScenario.DEFAULT_TIMEOUT);
        assertThat(scenario.normal()).isEqualTo(TrafficScenario.DEFAULT_BEHAVIOUR);
        assertThat(scenario.watch()).isEqualTo(new TrafficScenario.Watch(0, Duration.ZERO, Duration.ofSeconds(60)));
        assertThat(scenario.scores()).isEqualTo(HostScoreConfig.defaults());
        assertThat(Scenarios.slowHost().toBuilder().build()).isEqualTo(Scenarios.slowHost());
    }

    @Test
    void profiles_piecewiseAndLinear() {
        Profile p = Profile.constant(1).then(Duration.ofSeconds(1), 2).then(Duration.ofSeconds(3), 3);
        assertThat(p.valueAt(0)).isEqualTo(1);
        assertThat(p.validUntilNanos(0)).isEqualTo(1_000_000_000L);
        assertThat(p.valueAt(1_000_000_000L)).isEqualTo(2);
        assertThat(p.validUntilNanos(1_000_000_000L)).isEqualTo(3_000_000_000L);
        assertThat(p.valueAt(5_000_000_000L)).isEqualTo(3);
        assertThat(p.validUntilNanos(5_000_000_000L)).isEqualTo(Long.MAX_VALUE);
        Profile ramp = Profile.linear(Duration.ofSeconds(1), 0, Duration.ofSeconds(3), 1);
        assertThat(ramp.valueAt(500_000_000L)).isZero();
        assertThat(ramp.validUntilNanos(500_000_000L)).isEqualTo(1_000_000_001L);
        assertThat(ramp.valueAt(2_000_000_000L)).isEqualTo(0.5);
        assertThat(ramp.validUntilNanos(2_000_000_000L)).isEqualTo(2_000_000_001L);
        assertThat(ramp.valueAt(4_000_000_000L)).isEqualTo(1);
        assertThat(ramp).isEqualTo(Profile.linear(Duration.ofSeconds(1), 0, Duration.ofSeconds(3), 1));
        Profile lambda = t -> 0.5;
        assertThat(lambda.validUntilNanos(7)).isEqualTo(8);
    }

    @Test
    void latencies_scaledAndSwitched() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        Latency slowing = Latency.constant(Duration.ofMillis(10))
                .scaled(Profile.linear(Duration.ZERO, 1, Duration.ofSeconds(10), 11));
        assertThat(slowing.sampleNanos(random, 0)).isEqualTo(10_000_000L);
        assertThat(slowing.sampleNanos(random, 5_000_000_000L)).isEqualTo(60_000_000L);
        assertThat(Latency.never().scaled(Profile.constant(2)).sampleNanos(random, 0))
                .isEqualTo(Long.MAX_VALUE);
        Latency switching = Latency.constant(Duration.ofMillis(1)).then(Duration.ofSeconds(1), Latency.never());
        assertThat(switching.sampleNanos(random, 999_999_999L)).isEqualTo(1_000_000L);
        assertThat(switching.sampleNanos(random, 1_000_000_000L)).isEqualTo(Long.MAX_VALUE);
        assertThat(Latency.logNormal(Duration.ofMillis(10), 0.5)).isEqualTo(TrafficScenario.DEFAULT_LATENCY);
    }

    @Test
    void estimate_meanAndStandardError() {
        Estimate e = Estimate.of(new double[] {1, 2, 3, 4});
        assertThat(e.mean()).isEqualTo(2.5);
        assertThat(e.standardError()).isCloseTo(Math.sqrt(5.0 / 3 / 4), within(1e-12));
        assertThat(e.format(2)).isEqualTo("2.50 ± 0.65");
        Estimate single = Estimate.of(new double[] {7});
        assertThat(single.standardError()).isNaN();
        assertThat(single.format(1)).isEqualTo("7.0");
        assertThat(single).isEqualTo(Estimate.of(new double[] {7}));
        assertThatThrownBy(() -> Estimate.of(new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values must not be empty, but was []");
    }

    @Test
    void badInput_rejectedWithFieldAndValue() {
        assertThatThrownBy(() -> TrialsScenario.builder("x").phase(0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trials must be >= 1, but was 0");
        assertThatThrownBy(() -> TrialsScenario.builder("x").phase(10, 0.5, 1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability must be between 0 and 1, but was 1.2");
        assertThatThrownBy(() -> TrialsScenario.builder("x").phase(1, 0.5).phase(1, 0.5, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probabilities must have 1 hosts like the first phase, but had 2");
        assertThatThrownBy(() -> TrialsScenario.builder("x")
                        .phase(1, 0.5)
                        .host(Profile.constant(0.5))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must not be combined with phase, but 1 hosts were added");
        assertThatThrownBy(() -> TrialsScenario.builder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hosts must not be empty, but was []");
        assertThatThrownBy(() ->
                        TrialsScenario.builder("x").steps(0).host(t -> 0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must be >= 1, but was 0");
        assertThatThrownBy(() -> Simulator.builder().parallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be >= 1, but was 0");
        assertThatThrownBy(() -> SEQUENTIAL.runTrials(Scenarios.pooly(), "x", StrategyRegistry.defaultFactory(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seeds must be >= 1, but was 0");
        assertThatThrownBy(() -> Behaviour.erring(Latency.never(), 2, Latency.never()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorRate must be between 0 and 1, but was 2.0");
        assertThatThrownBy(() -> TrafficScenario.builder("x").watch(0, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to must be after from (PT2S), but was PT1S");
        assertThatThrownBy(() -> TrafficScenario.builder("x")
                        .change(Duration.ZERO, 11, TrafficScenario.DEFAULT_BEHAVIOUR)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("change.host must be below hostCount (11), but was 11");
        assertThatThrownBy(() -> TrafficScenario.builder("x")
                        .duration(Duration.ofSeconds(10))
                        .watch(0, Duration.ZERO, Duration.ofSeconds(20))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watch.to must be at most the duration (PT10S), but was PT20S");
        assertThatThrownBy(() -> Profile.linear(Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to must be after from (PT1S), but was PT1S");
        assertThatThrownBy(() -> Profile.constant(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value must be finite, but was NaN");
        assertThatThrownBy(() -> Latency.logNormal(Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("median must be positive, but was PT0S");
    }
}
