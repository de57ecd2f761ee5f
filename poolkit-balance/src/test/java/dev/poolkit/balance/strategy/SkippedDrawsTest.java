package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.sim.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Thompson strategies skip the draws of candidates that cannot win ({@link Draws#TABLE}); this
 * runs each of them beside the same strategy drawing for every candidate ({@link
 * Draws#TABLE_EVERY_HOST}), from the same seed and with the same outcomes, and requires the same
 * host at every selection. The hosts include some whose evidence takes the exact draws (shapes of
 * 1024 and above, from long histories or, for {@code thompson-cd}, outstanding requests), hosts
 * with equal beliefs, and, with the 3,000 selections and the probes of {@code thompson-cd}, beliefs
 * from fresh to settled.
 */
class SkippedDrawsTest {
    @ParameterizedTest
    @CsvSource({
        "thompson(1.0), 3",
        "thompson(1.0), 10",
        "thompson(1.0), 100",
        "thompson(0.99), 10",
        "thompson(0.99), 100",
        "thompson-cd, 3",
        "thompson-cd, 10",
        "thompson-cd, 100"
    })
    void select_skippingDraws_picksTheHostOfDrawingEveryHost(String name, int n) {
        for (long seed = 1; seed <= 4; seed++) {
            ManualTicker clock = new ManualTicker();
            BiFunction<Draws, Long, Strategy> create = (draws, s) -> switch (name) {
                case "thompson-cd" ->
                    new ChangeDetectingThompson(
                            ChangeDetectingThompson.Config.builder()
                                    .probeInterval(Duration.ofMillis(200))
                                    .build(),
                            clock,
                            new SplittableRandom(s),
                            draws);
                case "thompson(1.0)" -> new ThompsonSampling(1.0, new SplittableRandom(s), draws);
                default -> new ThompsonSampling(0.99, new SplittableRandom(s), draws);
            };
            Strategy skipping = create.apply(Draws.TABLE, seed);
            Strategy everyHost = create.apply(Draws.TABLE_EVERY_HOST, seed);
            List<Host> skippingHosts = hosts(skipping, n, name.equals("thompson-cd"));
            List<Host> everyHostHosts = hosts(everyHost, n, name.equals("thompson-cd"));
            SplittableRandom env = new SplittableRandom(seed);
            for (int step = 0; step < 3000; step++) {
                clock.advance(1_000_000);
                int picked = Hosts.indexOf(skippingHosts, skipping.select(skippingHosts));
                assertThat(Hosts.indexOf(everyHostHosts, everyHost.select(everyHostHosts)))
                        .as("seed %d, selection %d", seed, step)
                        .isEqualTo(picked);
                double p = picked == n - 1 ? 0.9 : 0.2 + 0.5 * picked / n;
                double reward = env.nextDouble() < p ? 1.0 : 0.0;
                skipping.feedback(skippingHosts.get(picked), reward, 0);
                everyHost.feedback(everyHostHosts.get(picked), reward, 0);
            }
        }
    }

    /**
     * Hosts with a history: host 0 with 1,500 successes and 300 failures, host 1 with 2,000
     * failures, and, for {@code thompson-cd} (whose evidence is capped), 1,100 outstanding requests
     * on host 1; the others without evidence, so with equal beliefs.
     */
    private static List<Host> hosts(Strategy strategy, int n, boolean outstanding) {
        List<Host> hosts = Hosts.named(
                java.util.stream.IntStream.range(0, n).mapToObj(i -> "h" + i).toArray(String[]::new));
        for (int k = 0; k < 2000; k++) {
            if (k < 1800) {
                strategy.feedback(hosts.get(0), k < 1500 ? 1.0 : 0.0, 0);
            }
            if (n > 1) {
                strategy.feedback(hosts.get(1), 0.0, 0);
            }
        }
        if (outstanding) {
            for (int k = 0; k < 1100; k++) {
                hosts.get(1).begin();
            }
        }
        return hosts;
    }
}
