package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.Checks;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * pooly's epsilon-greedy over {@link dev.poolkit.balance.HostScore}s: with probability {@code 1 -
 * epsilon} it exploits (the host with the highest score, ties to the <em>last</em> of the maxima,
 * unscored hosts count as {@code -1}, so with every host unscored the last host is chosen), and
 * otherwise it explores (a host uniformly at random).
 *
 * <p>Beyond pooly, epsilon may decay: the n-th selection explores with probability {@code
 * max(minEpsilon, epsilon / (1 + decayRate * n))}. With {@code decayRate = 0} (the default, as in
 * pooly) epsilon is fixed.
 *
 * <p>Reads {@link dev.poolkit.balance.HostScore#current()}; the caller refreshes scores and rates
 * outcomes. Thread-safe and lock-free.
 */
public final class EpsilonGreedy implements Strategy {
    private final double epsilon;
    private final double decayRate;
    private final double minEpsilon;
    private final AtomicSplitMix random;
    private final AtomicLong selections = new AtomicLong();

    /**
     * Creates pooly's fixed-epsilon strategy.
     *
     * @param epsilon the exploration probability in {@code [0, 1]}
     * @param seedSource drawn from once for the seed
     * @throws IllegalArgumentException if {@code epsilon} is outside {@code [0, 1]}
     * @throws NullPointerException if {@code seedSource} is null
     */
    public EpsilonGreedy(double epsilon, RandomGenerator seedSource) {
        this(epsilon, 0.0, 0.0, seedSource);
    }

    /**
     * Creates an epsilon-greedy strategy whose epsilon decays.
     *
     * @param epsilon the initial exploration probability in {@code [0, 1]}
     * @param decayRate how fast epsilon decays per selection, {@code >= 0}; 0 keeps it fixed
     * @param minEpsilon the floor epsilon decays to, in {@code [0, epsilon]}
     * @param seedSource drawn from once for the seed
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if {@code seedSource} is null
     */
    public EpsilonGreedy(double epsilon, double decayRate, double minEpsilon, RandomGenerator seedSource) {
        Checks.unitInterval("epsilon", epsilon);
        Checks.argument(decayRate >= 0 && Double.isFinite(decayRate), "decayRate must be >= 0, but was %s", decayRate);
        Checks.argument(
                minEpsilon >= 0 && minEpsilon <= epsilon,
                "minEpsilon must be between 0 and epsilon (%s), but was %s",
                epsilon,
                minEpsilon);
        this.epsilon = epsilon;
        this.decayRate = decayRate;
        this.minEpsilon = minEpsilon;
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    /**
     * Returns the initial exploration probability.
     *
     * @return epsilon in {@code [0, 1]}
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Returns how fast epsilon decays per selection.
     *
     * @return the rate, {@code >= 0}; 0 when epsilon is fixed
     */
    public double decayRate() {
        return decayRate;
    }

    /**
     * Returns the floor epsilon decays to.
     *
     * @return the floor, in {@code [0, epsilon]}
     */
    public double minEpsilon() {
        return minEpsilon;
    }

    /**
     * Returns the exploration probability the next selection would use.
     *
     * @return epsilon, decayed if a decay rate is set
     */
    public double currentEpsilon() {
        return epsilonAt(selections.get());
    }

    private double epsilonAt(long n) {
        return decayRate == 0.0 ? epsilon : Math.max(minEpsilon, epsilon / (1.0 + decayRate * n));
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        double eps = decayRate == 0.0 ? epsilon : epsilonAt(selections.getAndIncrement());
        // pooly draws a float32 and exploits when it is greater than epsilon.
        float draw = (random.nextLong() >>> 40) * 0x1.0p-24f;
        if (draw > eps) {
            Host chosen = candidates.get(n - 1);
            double max = -1.0;
            for (int i = 0; i < n; i++) {
                Host host = candidates.get(i);
                double score = host.score().current();
                if (score >= max) { // ">=": ties go to the last of the maxima, as in pooly
                    max = score;
                    chosen = host;
                }
            }
            return chosen;
        }
        return candidates.get(random.nextIndex(n));
    }

    @Override
    public String name() {
        return decayRate == 0.0
                ? String.format(Locale.ROOT, "epsilon-greedy(%s)", epsilon)
                : String.format(Locale.ROOT, "epsilon-greedy(%s,%s,%s)", epsilon, decayRate, minEpsilon);
    }

    @Override
    public String toString() {
        return name();
    }
}
