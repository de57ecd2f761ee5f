package dev.poolkit.pool;

import java.time.Duration;
import java.util.Locale;

/** Thrown when no resource became available within an acquire's timeout. */
public class PoolTimeoutException extends PoolException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final transient PoolStats stats;

    /**
     * Creates the exception; the message includes the pool's state at the time.
     *
     * @param poolName the pool's name
     * @param timeout the timeout that expired
     * @param stats the pool's state when the timeout expired
     */
    public PoolTimeoutException(String poolName, Duration timeout, PoolStats stats) {
        super(
                poolName,
                String.format(
                        Locale.ROOT,
                        "Pool '%s' timed out after %d ms (size=%d/%d, idle=%d, leased=%d, waiting=%d)",
                        poolName,
                        timeout.toMillis(),
                        stats.size(),
                        stats.maxSize(),
                        stats.idle(),
                        stats.leased(),
                        stats.waiting()),
                null);
        this.timeout = timeout;
        this.stats = stats;
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
}
