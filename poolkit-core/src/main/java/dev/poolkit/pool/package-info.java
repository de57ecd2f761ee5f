/**
 * Resource pools: {@link dev.poolkit.pool.Pool} hands out exclusive {@link dev.poolkit.pool.Lease}s
 * on resources that a {@link dev.poolkit.pool.ResourceFactory} creates, configured by an immutable
 * {@link dev.poolkit.pool.PoolConfig} and observed through {@link dev.poolkit.pool.PoolStats}.
 *
 * <p>Every parameter and return value in this package is non-null unless documented otherwise; an
 * absent result is an {@link java.util.Optional}. Failures are unchecked and share the root
 * {@link dev.poolkit.pool.PoolException}; bad arguments throw {@link IllegalArgumentException} or
 * {@link NullPointerException}. Logging goes through {@link java.lang.System.Logger} (the module has
 * no dependencies), which SLF4J users route with {@code slf4j-jdk-platform-logging}.
 */
package dev.poolkit.pool;
