package dev.poolkit.net.worker;

/**
 * Serves a whole connection (what a byte relay needs): the handler owns the accepted socket from the
 * call until it returns, and the worker is busy all that time. When it returns, or throws, the pool
 * closes the connection. The pool sets no read deadline on a session; an {@link IdleReaper} (see
 * {@link AcceptLoop.Builder#idleTimeout}) closes sessions that stay silent.
 *
 * <p>When the pool {@link WorkerPool#stop(java.time.Duration) stops}, running sessions are given the
 * stop timeout to finish; then their connections are closed and their threads interrupted, which ends
 * any blocking read or write on {@link ClientConnection#input()}/{@link ClientConnection#output()}.
 * Implementations are called from many workers at once and must be thread-safe.
 */
@FunctionalInterface
public interface SessionHandler {

    /**
     * Serves the connection until it is done.
     *
     * @param client the connection; read and write it through {@link ClientConnection#input()} and
     *     {@link ClientConnection#output()} so that traffic is counted and the idle reaper sees activity
     * @throws Exception for any failure: the pool closes the connection, counts the failure and logs it
     *     (an {@link java.io.IOException} at DEBUG, anything else at WARN); the worker lives on
     */
    void serve(ClientConnection client) throws Exception;
}
