package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.AtomicSplitMix;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks a candidate uniformly at random. The baseline every other strategy should beat.
 *
 * <p>Thread-safe and lock-free.
 */
public final class UniformRandom implements Strategy {
    private final AtomicSplitMix random;

    /**
     * Creates the strategy.
     *
     * @param seedSource drawn from once for the seed
     * @throws NullPointerException if {@code seedSource} is null
     */
    public UniformRandom(RandomGenerator seedSource) {
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        return candidates.get(random.nextIndex(n));
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String toString() {
        return name();
    }
}
