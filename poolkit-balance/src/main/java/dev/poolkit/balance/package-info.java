/**
 * Host scoring and host selection: {@link dev.poolkit.balance.HostScore} (pooly's sliding-window
 * success score), {@link dev.poolkit.balance.Host}, the {@link dev.poolkit.balance.Strategy}
 * interface with the balance protocol a service follows, {@link
 * dev.poolkit.balance.StrategyFactory} and the {@link dev.poolkit.balance.Ticker} time source. The
 * strategies and the registry of their names are in {@code dev.poolkit.balance.strategy}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance;
