package dev.poolkit.net.tunnel;

import dev.poolkit.pool.PoolException;

/**
 * Thrown by {@link TunnelServerPool#take()} when the pool was closed before or during the wait.
 * The message keeps NodePass's text for the same situation, {@code context canceled}.
 */
public class TunnelClosedException extends PoolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     */
    public TunnelClosedException(String poolName) {
        // "context canceled" is NodePass's ServerGet result after Close (reference §6): kept verbatim.
        super(poolName, "Tunnel pool '" + poolName + "': context canceled", null);
    }
}
