/**
 * {@code poolkit tunnel server|client} ({@link dev.poolkit.cli.tunnel.TunnelCommand}): a TCP
 * tunnel between two machines over pre-warmed (TLS) connections from poolkit-net's {@code
 * TunnelClientPool} and {@code TunnelServerPool}, paired by connection ID over a control
 * connection; the protocol is described in {@code docs/tunnel.md}.
 */
package dev.poolkit.cli.tunnel;
