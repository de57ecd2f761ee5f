/**
 * The registry of shared resources (the go-pooler model): {@link
 * dev.poolkit.pool.shared.SharedResourceRegistry} creates one resource per key on first use, hands the
 * same instance to every caller, health-checks it and closes it on release, under a cap on the number
 * of keys.
 *
 * <p>Every parameter and return value in this package is non-null unless documented otherwise.
 * Failures are the unchecked {@link dev.poolkit.pool.PoolException}s of the root package; bad
 * arguments throw {@link IllegalArgumentException} or {@link NullPointerException}. Logging goes
 * through {@link java.lang.System.Logger}, as everywhere in poolkit-core.
 */
package dev.poolkit.pool.shared;
