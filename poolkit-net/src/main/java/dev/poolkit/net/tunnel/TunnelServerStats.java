package dev.poolkit.net.tunnel;

import java.time.Duration;

/**
 * A snapshot of a {@link TunnelServerPool}'s state and counters. Counters are cumulative since the
 * pool was built, except {@code errors}, which {@link TunnelServerPool#resetErrors()} sets back to 0.
 *
 * @param active connections pooled now, waiting to be taken (NodePass's {@code Active()})
 * @param accepted connections accepted by the listener
 * @param rejected accepted connections closed at once: the client's address is not allowed, or
 *     {@code maxPooled} connections were already waiting
 * @param handshakes connections that completed the TLS handshake (if any) and received their ID
 * @param handshakeFailures connections whose TLS handshake or ID write failed
 * @param handshakeTime the total time of the successful handshakes, TLS and ID write
 * @param discarded pooled connections found dead by {@link TunnelServerPool#take()} and closed
 * @param errors failures since the last reset: failed handshakes, discarded connections, accept
 *     errors, and {@link TunnelServerPool#addError()} calls
 */
public record TunnelServerStats(
        int active,
        long accepted,
        long rejected,
        long handshakes,
        long handshakeFailures,
        Duration handshakeTime,
        long discarded,
        long errors) {}
