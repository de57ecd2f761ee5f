package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.Checks;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * pooly's softmax (Boltzmann) selection over {@link dev.poolkit.balance.HostScore}s: a host with
 * score {@code s >= 0} is chosen with probability proportional to {@code exp(s / temperature)};
 * unscored hosts (score {@code -1}) are never chosen, unless every host is unscored, in which case
 * the first host is. A low temperature is nearly greedy, a high one nearly uniform.
 *
 * <p>Unlike pooly, this never returns no host: the weights are taken relative to the highest score
 * (so {@code exp} cannot overflow) and the draw is a one-pass weighted reservoir, which always holds
 * a host once one with positive weight has been seen, whatever the rounding.
 *
 * <p>Reads {@link dev.poolkit.balance.HostScore#current()} and keeps each host's weight in the
 * host's attachment until the score changes, so a {@link Host} must not be shared with another
 * strategy at the same time. Thread-safe and lock-free.
 */
public final class SoftMax implements Strategy {
    private final double temperature;
    private final double inverseTemperature;
    private final AtomicSplitMix random;

    /**
     * Creates the strategy.
     *
     * @param temperature positive and finite; pooly's simulations use 0.1, 0.5 and 0.9
     * @param seedSource drawn from once for the seed
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     * @throws NullPointerException if {@code seedSource} is null
     */
    public SoftMax(double temperature, RandomGenerator seedSource) {
        Checks.argument(
                temperature > 0 && Double.isFinite(temperature), "temperature must be > 0, but was %s", temperature);
        this.temperature = temperature;
        this.inverseTemperature = 1.0 / temperature;
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        double max = -1.0;
        for (int i = 0; i < n; i++) {
            double score = candidates.get(i).score().current();
            if (score > max) {
                max = score;
            }
        }
        if (!(max >= 0.0)) {
            return candidates.get(0); // every host unscored: pooly returns the first
        }
        Host chosen = null;
        double sum = 0.0;
        long local = random.localSeed(); // one atomic step per selection, not one per host
        for (int i = 0; i < n; i++) {
            Host host = candidates.get(i);
            double score = host.score().current();
            if (score >= 0.0) {
                double weight = weight(host, score, max);
                sum += weight;
                // Keep this host with probability weight/sum: overall, host i wins with weight_i/total.
                local = AtomicSplitMix.localNext(local);
                double u = (AtomicSplitMix.localLong(local) >>> 11) * 0x1.0p-53;
                if (chosen == null || u * sum < weight) {
                    chosen = host;
                }
            }
        }
        return chosen;
    }

    /**
     * Returns {@code exp((score - max) / temperature)}, computed once and then kept on the host until
     * its score or the maximum changes: scores are memoized, so in steady traffic a selection does no
     * {@code exp} at all. The cache entry is immutable and replaced whole, so a racing selection reads
     * either the old or the new triple, never a mix.
     */
    private double weight(Host host, double score, double max) {
        Weight state = OwnedState.of(host, this, Weight.class, Weight::new);
        Cached cached = state.cached;
        if (cached != null && cached.score() == score && cached.max() == max) {
            return cached.weight();
        }
        double weight = Math.exp((score - max) * inverseTemperature);
        state.cached = new Cached(score, max, weight);
        return weight;
    }

    /** A host's last weight and the score and maximum it was computed from. */
    private record Cached(double score, double max, double weight) {}

    /** The per-host weight cache. */
    private static final class Weight extends OwnedState {
        volatile Cached cached;

        Weight(Object owner) {
            super(owner);
        }
    }

    /**
     * Returns the temperature.
     *
     * @return the temperature, positive
     */
    public double temperature() {
        return temperature;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "softmax(%s)", temperature);
    }

    @Override
    public String toString() {
        return name();
    }
}
