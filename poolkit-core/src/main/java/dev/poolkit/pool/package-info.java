/**
 * Resource pools: {@link dev.poolkit.pool.Pool} hands out exclusive {@link dev.poolkit.pool.Lease}s
 * on resources that a {@link dev.poolkit.pool.ResourceFactory} creates, configured by an immutable
 * {@link dev.poolkit.pool.PoolConfig} and observed through {@link dev.poolkit.pool.PoolStats}.
 *
 * <p>Every parameter and return value in this package is non-null unless documented otherwise; an
 * absent result is an {@link java.util.Optional}. Failures are unchecked and share the root
 * {@link dev.poolkit.pool.PoolException}; bad arguments throw {@link IllegalArgumentException} or
 * {@link NullPointerException}.
 *
 * <p><b>Logging, on purpose unlike the rest of poolkit.</b> The style guide says SLF4J; this module
 * logs through {@link java.lang.System.Logger} instead, because poolkit-core depends on nothing but
 * the JDK. Every line names the pool ({@code Pool 'db': ...}); the acquire/release path never logs.
 * SLF4J users route it with {@code org.slf4j:slf4j-jdk-platform-logging}; without it, the JDK's
 * {@code java.util.logging} prints WARNING and above.
 *
 * <p><b>Threads.</b> Factory calls run on each pool's executor (a virtual thread per call by
 * default); the background work of every pool is timed by one shared daemon thread, {@code
 * poolkit-scheduler}, that lives while any pool using it is open.
 */
package dev.poolkit.pool;
