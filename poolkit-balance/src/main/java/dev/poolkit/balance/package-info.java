/**
 * Host scoring and host selection: {@link dev.poolkit.balance.HostScore} (pooly's sliding-window
 * success score), {@link dev.poolkit.balance.Host}, the {@link dev.poolkit.balance.Strategy}
 * interface and the {@link dev.poolkit.balance.strategy.StrategyRegistry} of named strategies with the
 * recommended default.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance;
