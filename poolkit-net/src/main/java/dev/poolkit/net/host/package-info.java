/**
 * Connection pools to one host (pooly's {@code Pool}), built on the core {@link dev.poolkit.pool.Pool}.
 *
 * <ul>
 *   <li>{@link dev.poolkit.net.host.HostPool} dials connections to one address through a {@link
 *       dev.poolkit.net.Dialer}, with retries and back-off, keeps {@code minIdle} of them ready,
 *       probes idle ones before reuse and closes them after {@code idleTimeout};
 *   <li>{@link dev.poolkit.net.host.Connection} is one lease: the socket's streams, and {@code
 *       release(error, score)} with pooly's rules (a fatal error closes the connection);
 *   <li>{@link dev.poolkit.net.host.ConnectionListener} observes each lease's outcome, which is how
 *       a {@link dev.poolkit.net.service.Service} scores its hosts.
 * </ul>
 *
 * <p>Every parameter and return value is non-null unless documented otherwise; an absent result is
 * an {@code Optional}.
 */
package dev.poolkit.net.host;
