/**
 * The inbound half of a server: a worker pool for accepted connections and an idle-connection
 * reaper.
 *
 * <ul>
 *   <li>{@link dev.poolkit.net.worker.WorkerPool} serves accepted sockets with at most {@code
 *       maxWorkers} busy workers and rejects the rest with {@link
 *       dev.poolkit.net.worker.PoolBusyException} (pool-manager's model). A {@link
 *       dev.poolkit.net.worker.MessageHandler} receives each framed message; a {@link
 *       dev.poolkit.net.worker.SessionHandler} owns the connection for its lifetime.
 *   <li>{@link dev.poolkit.net.worker.IdleReaper} closes registered connections that stay silent for
 *       a number of ticks (golib's socket idle manager).
 *   <li>{@link dev.poolkit.net.worker.AcceptLoop} binds a listening socket, submits every accepted
 *       connection to a pool, answers rejected ones with an optional busy reply and, when an idle
 *       timeout is set, watches every connection with an idle reaper.
 *   <li>{@link dev.poolkit.net.worker.WorkerPoolMetrics} publishes all of it to Micrometer.
 * </ul>
 *
 * <p>Every parameter and return value is non-null unless documented otherwise; an absent result is
 * an {@code Optional}.
 */
package dev.poolkit.net.worker;
