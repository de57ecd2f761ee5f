package dev.poolkit.net.host;

import java.time.Duration;

/**
 * Observes how the connections of a {@link HostPool} are used: the outcome their holders report,
 * and the end of each lease. A multi-host {@link dev.poolkit.net.service.Service} scores its hosts
 * with it; set one with {@link HostPool.Builder#listener(ConnectionListener)}.
 *
 * <p>For each connection, {@link #ended} is called exactly once, when the holder releases,
 * discards or closes it; {@link #scored} is called at most once: by {@link
 * Connection#report(double)}, or else right after {@code ended} by the release. Both run on the
 * holder's thread. <b>They must be quick and must not block or acquire from the pool.</b> An
 * exception they throw is logged at WARN and counted ({@link HostPoolStats#listenerFailures()});
 * the connection is released all the same.
 *
 * <p>Implementations must be thread-safe: many holders release at once.
 */
public interface ConnectionListener {

    /**
     * Returns the listener that ignores everything, a shared instance.
     *
     * @return the no-op listener
     */
    static ConnectionListener noop() {
        return NoopConnectionListener.INSTANCE;
    }

    /**
     * The outcome of the work done with a connection is known.
     *
     * @param connection the connection (released already, unless it came from {@link
     *     Connection#report(double)})
     * @param score the outcome in {@code [0, 1]}: the holder's score, or {@code 0} (pooly's {@code
     *     HOST_DOWN}) when the release carried a fatal error
     * @param latency the time from the lease to the report or release
     */
    default void scored(Connection connection, double score, Duration latency) {}

    /**
     * The lease of a connection ended: its socket went back to the pool or is being closed.
     *
     * @param connection the connection, no longer usable
     * @param heldFor the time from the lease to its end
     * @param fatal whether the holder gave back a fatal error, in which case the socket was closed
     */
    default void ended(Connection connection, Duration heldFor, boolean fatal) {}
}
