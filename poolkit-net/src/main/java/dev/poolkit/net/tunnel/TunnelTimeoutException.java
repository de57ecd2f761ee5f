package dev.poolkit.net.tunnel;

import dev.poolkit.pool.PoolException;
import java.time.Duration;
import java.util.Locale;

/** Thrown by {@link TunnelServerPool#take(Duration)} when no connection arrived within the timeout. */
public class TunnelTimeoutException extends PoolException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param poolName the pool's name
     * @param timeout the timeout that expired
     */
    public TunnelTimeoutException(String poolName, Duration timeout) {
        super(
                poolName,
                String.format(
                        Locale.ROOT, "Tunnel pool '%s': no connection within %d ms", poolName, timeout.toMillis()),
                null);
        this.timeout = timeout;
    }

    /**
     * Returns the timeout that expired.
     *
     * @return the timeout given to {@code take}
     */
    public Duration timeout() {
        return timeout;
    }
}
