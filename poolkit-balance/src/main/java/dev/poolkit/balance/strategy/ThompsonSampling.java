package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.BetaSampler;
import dev.poolkit.balance.internal.Checks;
import dev.poolkit.balance.internal.Discount;
import dev.poolkit.balance.internal.DrawOrder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Discounted Thompson sampling with a Beta-Bernoulli model (Raj and Kalyani, "Taming
 * non-stationary bandits: a Bayesian approach", 2017): each host has a Beta(1 + S, 1 + F) belief
 * about its success probability; a selection draws one value from each candidate's belief and picks
 * the highest (ties to the first). Draws come from a table of gamma quantiles whose Kolmogorov
 * distance from the exact Beta distribution is below {@code 4e-4} for every belief (see {@code
 * docs/strategies.md}, "Thompson sampling: the draws"); evidence beyond 1,023 outcomes is drawn
 * exactly. After each selection every host's S and F are multiplied by
 * {@code discount}, and a reward {@code r} adds {@code r} to S and {@code 1 - r} to F of its host.
 * The discount caps the evidence at about {@code 1/(1 - discount)} outcomes, so beliefs follow
 * hosts that change; {@code discount = 1} is plain Thompson sampling.
 *
 * <p>Most candidates' draws are never computed: each candidate's draw comes from its own 64 bits of
 * the selection's random stream, and {@code BetaSampler.logitUpperBound} bounds it from those bits
 * with two loads from a small table; a candidate whose bound is below a draw already made cannot
 * win and is skipped, so the winner is the one drawing every candidate would pick from the same
 * bits (ties included: a skipped draw is below the best by more than the draws' order resolves).
 * The last winner is drawn first, so the draw to beat is high from the start. The bound depends on
 * the shapes only through their cell of the table ({@code BetaSampler.boundCell}), and between
 * feedbacks the discount only shrinks the shapes, so each belief keeps its cell with the first
 * step at which a shape leaves it: a candidate that is skipped costs its bits and two loads, with no
 * discounting and no shapes.
 *
 * <p>The discount is applied lazily: each host remembers the selection count at its last update.
 * Thread-safe: feedback takes a per-host lock, selection reads without locking.
 */
public final class ThompsonSampling implements Strategy {
    /** The default discount, an evidence horizon of about 100 outcomes. */
    public static final double DEFAULT_DISCOUNT = 0.99;

    private final Discount discount;
    private final AtomicSplitMix random;
    private final AtomicLong step = new AtomicLong();
    private final Draws draws;
    /**
     * The candidate index that won the last selection: a hint, so any value is correct, and read and
     * written without synchronisation (an int is never torn) because a volatile write's fence would
     * cost as much as a few hosts' bounds, and the winner changes at most selections.
     */
    private int lastWinner;

    /**
     * Creates the strategy.
     *
     * @param discount the per-selection discount in {@code (0, 1]}
     * @param seedSource drawn from once for the seed
     * @throws IllegalArgumentException if {@code discount} is outside {@code (0, 1]}
     * @throws NullPointerException if {@code seedSource} is null
     */
    public ThompsonSampling(double discount, RandomGenerator seedSource) {
        this(discount, seedSource, Draws.TABLE);
    }

    /** Creates the strategy with the given draws (the others are references in tests). */
    ThompsonSampling(double discount, RandomGenerator seedSource, Draws draws) {
        this.draws = requireNonNull(draws, "draws");
        Checks.argument(discount > 0 && discount <= 1, "discount must be in (0, 1], but was %s", discount);
        this.discount = new Discount(discount);
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        long now = step.getAndIncrement();
        // Draws are compared on the logit scale, the best kept without branching (DrawOrder). The
        // last winner goes first so that the bound of the others' draws has a high draw to beat
        // (see Draws.TABLE); host i always takes word i of the selection's stream.
        long mask = DrawOrder.mask(n);
        long best = Long.MIN_VALUE;
        double bestDraw = Double.NEGATIVE_INFINITY;
        long local = random.localSeed(now); // the step numbers the stream: no second atomic step
        int first = Math.min(lastWinner, n - 1);
        Draws draws = this.draws;
        Discount discount = this.discount;
        boolean skips = draws.skips();
        for (int j = -1; j < n; j++) {
            int i = j < 0 ? first : j;
            if (i == first & j >= 0) {
                continue;
            }
            Belief belief = OwnedState.of(candidates.get(i), this, Belief.class, Belief::new);
            long bits = AtomicSplitMix.localLongAt(local, i);
            if (skips) {
                // the kept cell while it holds: no discount, no shapes computed
                if (BetaSampler.logitUpperBound((int) belief.cellAt(now), bits) < bestDraw) {
                    continue;
                }
            }
            double g = discount.pow(now - belief.lastStep);
            double a = 1.0 + belief.successes * g;
            double b = 1.0 + belief.failures * g;
            double draw = draws.draw(a, b, bits, random);
            bestDraw = Math.max(bestDraw, draw);
            best = Math.max(best, DrawOrder.key(draw, i, mask));
        }
        int winner = DrawOrder.index(best, mask);
        if (winner != first) {
            lastWinner = winner; // written only on change, so selections of one winner do not contend
        }
        return candidates.get(winner);
    }

    @Override
    public void feedback(Host host, double reward, long latencyNanos) {
        Checks.unitInterval("reward", reward);
        Belief belief = OwnedState.of(host, this, Belief.class, Belief::new);
        belief.lock.lock();
        try {
            long now = step.get();
            double g = discount.pow(now - belief.lastStep);
            belief.successes = belief.successes * g + reward;
            belief.failures = belief.failures * g + (1.0 - reward);
            belief.lastStep = now;
            belief.bound = boundEntry(belief.successes, belief.failures, now, now);
        } finally {
            belief.lock.unlock();
        }
    }

    /**
     * Returns the bound entry of a belief with the given evidence, last updated at {@code lastStep},
     * at step {@code now >= lastStep}: its shapes' {@link BetaSampler#boundCell} and the first step
     * at which a shape leaves its cell. Between feedbacks the shapes only shrink, so they are in the
     * cell from {@code lastStep} (if {@code now} is there) to that end; see {@link SkipCellState#bound}.
     */
    private long boundEntry(double successes, double failures, long lastStep, long now) {
        double g = discount.pow(now - lastStep);
        double a = 1.0 + successes * g;
        double b = 1.0 + failures * g;
        long steps = Math.min(
                discount.lastStepAtLeast(successes, BetaSampler.boundCellShape(a)),
                discount.lastStepAtLeast(failures, BetaSampler.boundCellShape(b)));
        return SkipCellState.entry(BetaSampler.boundCell(a, b), lastStep, steps);
    }

    /**
     * Returns the per-selection discount.
     *
     * @return the discount in {@code (0, 1]}
     */
    public double discount() {
        return discount.gamma();
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "thompson(%s)", discount.gamma());
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class Belief extends SkipCellState {
        final ThompsonSampling strategy;
        volatile double successes;
        volatile double failures;
        volatile long lastStep;

        Belief(Object owner) {
            super(owner);
            this.strategy = (ThompsonSampling) owner;
        }

        @Override
        long cellEntry(long t) {
            return strategy.boundEntry(successes, failures, lastStep, t);
        }
    }
}
