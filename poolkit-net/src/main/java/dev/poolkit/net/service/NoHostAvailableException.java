package dev.poolkit.net.service;

import dev.poolkit.pool.PoolException;

/**
 * Thrown by {@link Service#getConnection()} when none of its tries gave a connection: the service
 * had no host in rotation, or every host it tried failed (timed out, could not dial). The message
 * keeps pooly's text for the situation, {@code no host available}; the last host's failure is the
 * cause, and the earlier ones are {@linkplain #getSuppressed() suppressed}.
 */
public class NoHostAvailableException extends PoolException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param serviceName the service's name
     * @param attempts how many tries were made
     * @param cause the last host's failure, or {@code null} if no host was in rotation at any try
     * @throws NullPointerException if {@code serviceName} is null
     */
    public NoHostAvailableException(String serviceName, int attempts, PoolException cause) {
        // "no host available" is pooly's ErrNoHostAvailable (reference §6): kept verbatim.
        super(
                serviceName,
                "Service '" + serviceName + "': no host available"
                        + (cause == null ? "" : " after " + attempts + " tries; last: " + cause.getMessage()),
                cause);
        this.attempts = attempts;
    }

    /**
     * Returns how many tries {@code getConnection} made (its {@code getAttempts + 1}).
     *
     * @return the number of tries
     */
    public int attempts() {
        return attempts;
    }
}
