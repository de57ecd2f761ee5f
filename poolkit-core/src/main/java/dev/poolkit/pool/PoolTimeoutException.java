package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Thrown when an acquire found no resource within its timeout. The timeout covers the whole call:
 * waiting in the queue, and creating or validating a resource for the caller. When a creation was
 * under way for the caller, the message says so and for how long it had run ({@link
 * #creationRunning()}); that creation goes on, and its resource goes to the next caller or to the
 * idle set.
 */
public class PoolTimeoutException extends PoolException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final transient PoolStats stats;
    private final Duration creationRunning;

    /**
     * Creates the exception for a caller that was not waiting for a creation; the message includes
     * the pool's state at the time.
     *
     * @param poolName the pool's name
     * @param timeout the timeout that expired
     * @param stats the pool's state when the timeout expired
     * @throws NullPointerException if an argument is null
     */
    public PoolTimeoutException(String poolName, Duration timeout, PoolStats stats) {
        this(poolName, timeout, stats, null);
    }

    /**
     * Creates the exception; the message includes the pool's state at the time and, if a creation
     * was under way for the caller, how long it had run.
     *
     * @param poolName the pool's name
     * @param timeout the timeout that expired
     * @param stats the pool's state when the timeout expired
     * @param creationRunning how long the creation for this caller had been running, or {@code null}
     *     if there was none
     * @throws NullPointerException if {@code poolName}, {@code timeout} or {@code stats} is null
     */
    public PoolTimeoutException(String poolName, Duration timeout, PoolStats stats, Duration creationRunning) {
        super(poolName, message(poolName, timeout, stats, creationRunning), null);
        this.timeout = timeout;
        this.stats = stats;
        this.creationRunning = creationRunning;
    }

    private static String message(String poolName, Duration timeout, PoolStats stats, Duration creationRunning) {
        requireNonNull(timeout, "timeout");
        requireNonNull(stats, "stats");
        String message = String.format(
                Locale.ROOT,
                "Pool '%s' timed out after %d ms (size=%d/%d, idle=%d, leased=%d, waiting=%d)",
                poolName,
                timeout.toMillis(),
                stats.size(),
                stats.maxSize(),
                stats.idle(),
                stats.leased(),
                stats.waiting());
        if (creationRunning != null) {
            message += String.format(
                    Locale.ROOT,
                    "; a resource creation for this call had been running for %d ms and goes on",
                    creationRunning.toMillis());
        }
        return message;
    }

    /**
     * Returns the timeout that expired.
     *
     * @return the acquire timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the pool's state when the timeout expired.
     *
     * @return the stats snapshot, or {@code null} after deserialization
     */
    public PoolStats stats() {
        return stats;
    }

    /**
     * Returns how long the creation of a resource for this caller had been running when the caller
     * gave up.
     *
     * @return the time, or empty if the caller was not waiting for a creation
     */
    public Optional<Duration> creationRunning() {
        return Optional.ofNullable(creationRunning);
    }
}
