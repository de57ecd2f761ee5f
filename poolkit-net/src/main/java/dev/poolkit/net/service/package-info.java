/**
 * The multi-host service (pooly's {@code Service}): connection pools to several hosts, a
 * poolkit-balance {@link dev.poolkit.balance.Strategy} that steers each request away from failing
 * hosts from the outcome of every connection, and pooly's statistics as Micrometer meters.
 *
 * <ul>
 *   <li>{@link dev.poolkit.net.service.Service} holds the hosts and hands out {@link
 *       dev.poolkit.net.host.Connection}s; {@link dev.poolkit.net.service.ServiceConfig} configures it;
 *   <li>{@link dev.poolkit.net.service.HostStatus} and {@link dev.poolkit.net.service.PoolStatus}
 *       are plain snapshots for admin endpoints;
 *   <li>{@link dev.poolkit.net.service.ServiceMetrics} publishes it all to Micrometer (names in
 *       {@link dev.poolkit.net.service.ServiceMetricNames});
 *   <li>{@link dev.poolkit.net.service.NoHostAvailableException} is what a request gets when no
 *       host could give a connection.
 * </ul>
 *
 * <p>Every parameter and return value is non-null unless documented otherwise; an absent result is
 * an {@code Optional}.
 */
package dev.poolkit.net.service;
