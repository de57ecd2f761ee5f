package dev.poolkit.balance.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.internal.BetaSampler;
import dev.poolkit.balance.internal.Discount;
import java.lang.reflect.Field;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ThompsonSampling} keeps each belief's skip-bound cell with the step until which it holds.
 * These tests check that the cache never changes a winner: over long stretches without feedback
 * (cells expire and selections recompute them as the discount shrinks the shapes), after feedback
 * (which replaces them), and after a selector and a feedback thread ran at once (no cell computed
 * from evidence a feedback has since replaced survives).
 */
class SkipBoundCacheTest {
    @ParameterizedTest
    @CsvSource({"0.9, 10", "0.99, 10", "0.99, 100", "0.999, 30", "1.0, 30"})
    void select_betweenRareFeedbacks_picksTheHostOfDrawingEveryHost(double discount, int n) {
        for (long seed = 1; seed <= 3; seed++) {
            ThompsonSampling skipping = new ThompsonSampling(discount, new SplittableRandom(seed), Draws.TABLE);
            ThompsonSampling everyHost =
                    new ThompsonSampling(discount, new SplittableRandom(seed), Draws.TABLE_EVERY_HOST);
            List<Host> skippingHosts = hosts(skipping, n);
            List<Host> everyHostHosts = hosts(everyHost, n);
            SplittableRandom env = new SplittableRandom(seed);
            for (int step = 0; step < 6000; step++) {
                int picked = Hosts.indexOf(skippingHosts, skipping.select(skippingHosts));
                assertThat(Hosts.indexOf(everyHostHosts, everyHost.select(everyHostHosts)))
                        .as("seed %d, selection %d", seed, step)
                        .isEqualTo(picked);
                if (step % 97 == 0) { // rare: most cells expire between feedbacks
                    int host = env.nextInt(n);
                    double reward = env.nextDouble();
                    for (int k = 0; k < 20; k++) {
                        skipping.feedback(skippingHosts.get(host), reward, 0);
                        everyHost.feedback(everyHostHosts.get(host), reward, 0);
                    }
                }
            }
        }
    }

    /**
     * {@link ChangeDetectingThompson} keeps cells on the aging clock {@code now - 2n}: over long
     * stretches without feedback (aging takes idle hosts through their cells down to the floor) and
     * with candidate lists whose size changes (the clock steps back when it grows), the winner is the
     * one of drawing every host.
     */
    @ParameterizedTest
    @CsvSource({"0.05, 10", "0.05, 60", "0.5, 30", "0.001, 30"})
    void changeDetecting_agingAndChangingCandidates_picksTheHostOfDrawingEveryHost(double agingLoss, int n) {
        for (long seed = 1; seed <= 3; seed++) {
            ChangeDetectingThompson.Config config = ChangeDetectingThompson.Config.builder()
                    .agingLoss(agingLoss)
                    .probeInterval(java.time.Duration.ZERO)
                    .build();
            ChangeDetectingThompson skipping = new ChangeDetectingThompson(
                    config, dev.poolkit.balance.Ticker.system(), new SplittableRandom(seed), Draws.TABLE);
            ChangeDetectingThompson everyHost = new ChangeDetectingThompson(
                    config, dev.poolkit.balance.Ticker.system(), new SplittableRandom(seed), Draws.TABLE_EVERY_HOST);
            List<Host> skippingHosts =
                    Hosts.named(IntStream.range(0, n).mapToObj(i -> "h" + i).toArray(String[]::new));
            List<Host> everyHostHosts =
                    Hosts.named(IntStream.range(0, n).mapToObj(i -> "h" + i).toArray(String[]::new));
            SplittableRandom env = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                int outcomes = (i * 37) % 120;
                for (int k = 0; k < outcomes; k++) {
                    double reward = (k * 7 + i) % 10 < i % 10 ? 1.0 : 0.0;
                    skipping.feedback(skippingHosts.get(i), reward, 0);
                    everyHost.feedback(everyHostHosts.get(i), reward, 0);
                }
            }
            int size = n;
            for (int step = 0; step < 6000; step++) {
                if (step % 250 == 0) {
                    size = 2 + env.nextInt(n - 1); // grows and shrinks
                }
                List<Host> a = skippingHosts.subList(0, size);
                List<Host> b = everyHostHosts.subList(0, size);
                int picked = Hosts.indexOf(a, skipping.select(a));
                assertThat(Hosts.indexOf(b, everyHost.select(b)))
                        .as("seed %d, selection %d", seed, step)
                        .isEqualTo(picked);
                if (step % 97 == 0) {
                    int host = env.nextInt(size);
                    double reward = env.nextDouble();
                    skipping.feedback(a.get(host), reward, 0);
                    everyHost.feedback(b.get(host), reward, 0);
                }
            }
        }
    }

    /**
     * A selector thread and a feedback thread on the same hosts; afterwards every host's cell must
     * be the one of its current evidence at every step it claims to hold for (within 2,000 steps):
     * a cell a selection computed from evidence a feedback replaced in the meantime would fail.
     */
    @ParameterizedTest
    @CsvSource({"0.95", "1.0"})
    void cells_afterConcurrentSelectionAndFeedback_belongToTheCurrentEvidence(double gamma) throws Exception {
        ThompsonSampling strategy = new ThompsonSampling(gamma, new SplittableRandom(5));
        List<Host> hosts =
                Hosts.named(IntStream.range(0, 12).mapToObj(i -> "h" + i).toArray(String[]::new));
        CountDownLatch start = new CountDownLatch(1);
        Thread selector = new Thread(() -> {
            await(start);
            for (int k = 0; k < 300_000; k++) {
                strategy.select(hosts);
            }
        });
        Thread feedback = new Thread(() -> {
            await(start);
            SplittableRandom env = new SplittableRandom(6);
            for (int k = 0; k < 300_000; k++) {
                strategy.feedback(hosts.get(env.nextInt(hosts.size())), env.nextDouble() < 0.3 ? 1.0 : 0.0, 0);
            }
        });
        selector.start();
        feedback.start();
        start.countDown();
        selector.join();
        feedback.join();

        Discount discount = new Discount(gamma);
        long now = ((AtomicLong) field(ThompsonSampling.class, "step").get(strategy)).get();
        for (Host host : hosts) {
            Object belief = host.attachment();
            long bound = (long) field(belief.getClass(), "bound").get(belief);
            double successes = (double) field(belief.getClass(), "successes").get(belief);
            double failures = (double) field(belief.getClass(), "failures").get(belief);
            long lastStep = (long) field(belief.getClass(), "lastStep").get(belief);
            long end = bound >>> BetaSampler.BOUND_CELL_BITS;
            for (long t = now; t < Math.min(end, now + 2000); t++) {
                double g = discount.pow(t - lastStep);
                assertThat(BetaSampler.boundCell(1.0 + successes * g, 1.0 + failures * g))
                        .as("%s at step %d (cell until %d)", host, t, end)
                        .isEqualTo((int) bound & ((1 << BetaSampler.BOUND_CELL_BITS) - 1));
            }
        }
    }

    /** Hosts with evidence from none to over 1,024 outcomes (drawn exactly until it shrinks). */
    private static List<Host> hosts(ThompsonSampling strategy, int n) {
        List<Host> hosts =
                Hosts.named(IntStream.range(0, n).mapToObj(i -> "h" + i).toArray(String[]::new));
        for (int i = 0; i < n; i++) {
            int outcomes = i == 0 ? 1500 : (i * 37) % 200;
            for (int k = 0; k < outcomes; k++) {
                strategy.feedback(hosts.get(i), (k * 7 + i) % 10 < i % 10 ? 1.0 : 0.0, 0);
            }
        }
        return hosts;
    }

    /** Returns the field {@code name} of {@code type} or of a superclass. */
    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
