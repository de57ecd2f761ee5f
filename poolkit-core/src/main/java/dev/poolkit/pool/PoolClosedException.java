package dev.poolkit.pool;

/** Thrown by a pool that was closed before or during the call. */
public class PoolClosedException extends PoolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     */
    public PoolClosedException(String poolName) {
        super(poolName, "Pool '" + poolName + "' is closed", null);
    }
}
