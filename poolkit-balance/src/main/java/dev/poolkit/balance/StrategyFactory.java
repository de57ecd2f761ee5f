package dev.poolkit.balance;

import java.util.random.RandomGenerator;

/**
 * Creates a fresh strategy instance; the simulator creates one per run and seed.
 *
 * <p>Implementations must be thread-safe and create independent instances.
 */
@FunctionalInterface
public interface StrategyFactory {
    /**
     * Creates a strategy.
     *
     * @param random the seed source; the strategy draws its seed from it once and never keeps it
     * @param ticker the time source for strategies that age their statistics
     * @return a new strategy
     * @throws NullPointerException if an argument is null
     */
    Strategy create(RandomGenerator random, Ticker ticker);
}
