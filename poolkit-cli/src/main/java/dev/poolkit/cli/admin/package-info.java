/**
 * The admin HTTP endpoint of the {@code poolkit} command: {@link dev.poolkit.cli.admin.AdminServer}
 * serves {@link dev.poolkit.cli.admin.AdminRoute}s, grouped by what they expose (metrics, monitors,
 * and the proxy's hosts and pools).
 */
package dev.poolkit.cli.admin;
