package dev.poolkit.net.worker;

import dev.poolkit.pool.PoolException;

/**
 * Thrown by {@link WorkerPool#submit} when {@code maxWorkers} connections are already being served.
 * The socket is left open so that the caller can write its own busy reply before closing it (as
 * pool-manager's example writes {@code ERROR_SERVER_BUSY}); {@link AcceptLoop} does so.
 *
 * <p>A rejection is an expected outcome under load, always thrown from the same place, so this
 * exception carries no stack trace: creating it costs no stack walk.
 */
public class PoolBusyException extends PoolException {

    private static final long serialVersionUID = 1L;

    // pool-manager's message, kept verbatim (design §2; reference §6)
    static final String MESSAGE = "can't put, pool is busy";

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     */
    public PoolBusyException(String poolName) {
        super(poolName, MESSAGE, null);
    }

    /**
     * Skips the stack trace (a hot-path rejection).
     *
     * @return this exception
     */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}
