/**
 * Pre-warmed tunnel connection pools, NodePass's model and wire protocol: a {@link
 * dev.poolkit.net.tunnel.TunnelServerPool} accepts connections and names each with an ID that it
 * writes to the client (8 lowercase hex ASCII bytes, after the TLS handshake when TLS is on); a
 * {@link dev.poolkit.net.tunnel.TunnelClientPool} keeps connections to it established ahead of
 * demand, with NodePass's adaptive capacity and interval, so that both ends can pair the same
 * connection by its ID the moment a request arrives. {@link dev.poolkit.net.tunnel.TunnelPoolMetrics}
 * binds both to Micrometer. See {@code docs/tunnel.md} for the protocol, the rules and what differs
 * from NodePass.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package dev.poolkit.net.tunnel;
