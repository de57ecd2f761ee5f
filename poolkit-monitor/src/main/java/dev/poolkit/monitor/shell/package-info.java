/**
 * golib's monitor-pool shell commands ({@link dev.poolkit.monitor.shell.MonitorCommands}).
 *
 * <p>Parameters and results are non-null unless documented.
 */
package dev.poolkit.monitor.shell;
