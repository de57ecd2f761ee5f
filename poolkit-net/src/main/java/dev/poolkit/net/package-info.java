/**
 * Network pools built on poolkit's resource pool: what every part of the module shares, the
 * {@link dev.poolkit.net.Dialer} (the one way poolkit-net opens a client socket) and
 * {@link dev.poolkit.net.HostAndPort} (a validated {@code host:port}). Features live in
 * sub-packages: {@code host} and {@code service} (per-host pools, the multi-host service),
 * {@code worker} (inbound worker pool, idle reaping), {@code tunnel} and {@code tls} (pre-warmed
 * tunnel pools, TLS).
 *
 * <p>Every parameter and return value is non-null unless documented otherwise. Logging goes through
 * SLF4J; metrics binders use Micrometer.
 */
package dev.poolkit.net;
