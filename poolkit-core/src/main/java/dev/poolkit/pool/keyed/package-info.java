/**
 * Keyed pools: {@link dev.poolkit.pool.keyed.KeyedPool} keeps a {@link dev.poolkit.pool.Pool}-like
 * pool per key under one global limit and hands out the same exclusive {@link dev.poolkit.pool.Lease}s,
 * configured by an immutable {@link dev.poolkit.pool.keyed.KeyedPoolConfig}.
 *
 * <p>Every parameter and return value in this package is non-null unless documented otherwise; an
 * absent result is an {@link java.util.Optional}. Failures are the unchecked {@link
 * dev.poolkit.pool.PoolException}s of the root package; bad arguments throw {@link
 * IllegalArgumentException} or {@link NullPointerException}. Logging goes through {@link
 * java.lang.System.Logger}, as everywhere in poolkit-core.
 */
package dev.poolkit.pool.keyed;
