/**
 * Ready-made health checks ({@link dev.poolkit.monitor.check.HealthChecks}): TCP connect, TLS
 * handshake, HTTP GET and pool lease.
 *
 * <p>Parameters and results are non-null unless documented.
 */
package dev.poolkit.monitor.check;
