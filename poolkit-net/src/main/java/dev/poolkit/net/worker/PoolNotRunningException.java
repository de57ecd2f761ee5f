package dev.poolkit.net.worker;

import dev.poolkit.pool.PoolException;

/**
 * Thrown by {@link WorkerPool#submit} before {@link WorkerPool#start()}, after {@link
 * WorkerPool#stop} or {@link WorkerPool#close()}, and while a stop is in progress. The socket is left
 * open; the caller closes it.
 */
public class PoolNotRunningException extends PoolException {

    private static final long serialVersionUID = 1L;

    // pool-manager's message, kept verbatim (design §2; reference §6)
    static final String MESSAGE = "pool manager is not running, please use Start() method to run";

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     */
    public PoolNotRunningException(String poolName) {
        super(poolName, MESSAGE, null);
    }
}
