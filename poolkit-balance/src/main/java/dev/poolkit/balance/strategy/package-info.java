/**
 * The strategy implementations and their registry: pooly's {@link
 * dev.poolkit.balance.strategy.RoundRobin}, {@link dev.poolkit.balance.strategy.EpsilonGreedy} and
 * {@link dev.poolkit.balance.strategy.SoftMax}, and {@link dev.poolkit.balance.strategy.Ucb1},
 * (discounted) {@link dev.poolkit.balance.strategy.ThompsonSampling}, {@link
 * dev.poolkit.balance.strategy.PowerOfTwoChoices}, {@link
 * dev.poolkit.balance.strategy.UniformRandom} and the recommended default {@link
 * dev.poolkit.balance.strategy.ChangeDetectingThompson}. {@link
 * dev.poolkit.balance.strategy.StrategyRegistry} names them all; it lives here, beside the
 * strategies it creates, so that the API package {@code dev.poolkit.balance} depends on none of
 * them.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.strategy;
