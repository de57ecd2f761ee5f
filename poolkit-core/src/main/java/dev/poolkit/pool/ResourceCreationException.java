package dev.poolkit.pool;

/**
 * Thrown when a caller needed a new resource and {@link ResourceFactory#create()} failed or returned
 * {@code null}. The factory's exception, if any, is the cause.
 */
public class ResourceCreationException extends PoolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     * @param message what failed
     * @param cause the factory's exception, or {@code null} when it returned null
     */
    public ResourceCreationException(String poolName, String message, Throwable cause) {
        super(poolName, message, cause);
    }
}
