/**
 * Micrometer binders: {@link dev.poolkit.monitor.metrics.MonitorMetrics} for a monitor pool (golib's
 * nine {@code monitor_*} families) and {@link dev.poolkit.monitor.metrics.PoolMetrics} for core pool
 * statistics ({@code poolkit_pool_*}).
 *
 * <p>Parameters and results are non-null unless documented; an absent result is an {@code Optional}.
 */
package dev.poolkit.monitor.metrics;
