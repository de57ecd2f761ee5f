/**
 * Health monitors with rise/fall thresholds ({@link dev.poolkit.monitor.Monitor}), their
 * configuration, status and info, and the pool that runs many of them as a group
 * ({@link dev.poolkit.monitor.MonitorPool}).
 *
 * <p>Parameters and results are non-null unless documented; an absent result is an {@code
 * Optional}.
 */
package dev.poolkit.monitor;
