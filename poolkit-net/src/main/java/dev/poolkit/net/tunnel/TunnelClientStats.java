package dev.poolkit.net.tunnel;

import java.time.Duration;

/**
 * A snapshot of a {@link TunnelClientPool}'s state and counters. Counters are cumulative since the
 * pool was built, except {@code errors}, which {@link TunnelClientPool#resetErrors()} sets back to 0.
 *
 * @param active connections pooled now (NodePass's {@code Active()})
 * @param capacity the current adaptive capacity
 * @param interval the current adaptive refill interval
 * @param dials connection attempts, by the manager and by {@link TunnelClientPool#get()}
 * @param freshDials attempts made on a caller's thread by {@link TunnelClientPool#get()} because
 *     nothing was pooled
 * @param connectFailures attempts whose TCP connect failed
 * @param handshakeFailures attempts whose TLS handshake failed
 * @param idFailures attempts where no valid 8-byte ID arrived in time (or it duplicated a pooled one)
 * @param handshakes attempts that produced a ready connection
 * @param handshakeTime the total time of those, from connected to ready (TLS handshake and ID read)
 * @param discarded pooled connections found dead by {@link TunnelClientPool#get()} and closed
 * @param errors failures since the last reset: failed attempts, discarded connections, and
 *     {@link TunnelClientPool#addError()} calls
 */
public record TunnelClientStats(
        int active,
        int capacity,
        Duration interval,
        long dials,
        long freshDials,
        long connectFailures,
        long handshakeFailures,
        long idFailures,
        long handshakes,
        Duration handshakeTime,
        long discarded,
        long errors) {

    /**
     * Returns the attempts that did not produce a connection, for any reason.
     *
     * @return {@code connectFailures + handshakeFailures + idFailures}
     */
    public long dialFailures() {
        return connectFailures + handshakeFailures + idFailures;
    }
}
