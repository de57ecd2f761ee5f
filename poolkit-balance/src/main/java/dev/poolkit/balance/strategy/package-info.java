/**
 * The strategy implementations: pooly's {@link dev.poolkit.balance.strategy.RoundRobin}, {@link
 * dev.poolkit.balance.strategy.EpsilonGreedy} and {@link dev.poolkit.balance.strategy.SoftMax}, and
 * {@link dev.poolkit.balance.strategy.Ucb1}, discounted {@link
 * dev.poolkit.balance.strategy.ThompsonSampling}, {@link
 * dev.poolkit.balance.strategy.PowerOfTwoChoices}, {@link dev.poolkit.balance.strategy.Random} and
 * the recommended default {@link dev.poolkit.balance.strategy.ChangeDetectingThompson}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.strategy;
