package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

/**
 * The root of every failure to lease from, create for or return to a pool, so that one
 * {@code catch (PoolException e)} handles all of them. Bad arguments are reported with
 * {@link IllegalArgumentException} and {@link NullPointerException} instead.
 */
public class PoolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The name of the pool that failed. */
    private final String poolName;

    /**
     * Creates an exception for the named pool.
     *
     * @param poolName the pool's name
     * @param message the detail message, naming the pool and the situation
     * @param cause the underlying failure, or {@code null}
     */
    public PoolException(String poolName, String message, Throwable cause) {
        super(message, cause);
        this.poolName = requireNonNull(poolName, "poolName");
    }

    /**
     * Returns the name of the pool that failed.
     *
     * @return the pool's name
     */
    public String poolName() {
        return poolName;
    }
}
