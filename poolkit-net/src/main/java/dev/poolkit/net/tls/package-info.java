/**
 * TLS for poolkit-net: the three client modes ({@link dev.poolkit.net.tls.TlsMode}: plain,
 * encrypted without verification, verified), a {@link dev.poolkit.net.tls.TlsDialer} that adds TLS
 * to any plain {@link dev.poolkit.net.Dialer}, the listening side's {@link
 * dev.poolkit.net.tls.TlsServerConfig}, self-signed certificates generated in memory ({@link
 * dev.poolkit.net.tls.SelfSignedCertificate}, ECDSA P-256 with BouncyCastle) and trust stores
 * ({@link dev.poolkit.net.tls.TrustStores}). TLS itself is the JDK's JSSE, always TLS 1.3.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package dev.poolkit.net.tls;
