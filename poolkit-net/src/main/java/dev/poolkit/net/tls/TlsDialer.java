package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.SocketAddresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.util.IPAddress;

/**
 * A {@link Dialer} that dials with any plain dialer and then performs the client side of a TLS 1.3
 * handshake, as its {@link TlsClientConfig} says: {@link TlsMode#NONE} returns the plain socket
 * unchanged, {@link TlsMode#SELF_SIGNED} encrypts without checking the server's certificate,
 * {@link TlsMode#VERIFIED} checks the chain against the trust store and the host name against the
 * certificate's subject alternative names.
 *
 * <p>Socket options ({@code TCP_NODELAY}, keep-alive) and the connect timeout are the plain
 * dialer's; the read timeout it sets applies to the returned socket. The TLS context is built once,
 * so TLS sessions are resumed across dials when the server allows it.
 *
 * <p>Thread-safe: one dialer may dial from any number of threads at once.
 */
public final class TlsDialer implements Dialer {

    private final Dialer plain;
    private final TlsClientConfig config;
    private final SSLSocketFactory factory; // null for NONE

    /**
     * Creates a TLS dialer.
     *
     * @param plain the dialer that opens the TCP connection
     * @param config the TLS settings
     * @throws IllegalArgumentException if the trust store cannot be used (for example, it is not
     *     initialised); the message names the reason
     * @throws NullPointerException if an argument is null
     */
    public TlsDialer(Dialer plain, TlsClientConfig config) {
        this.plain = requireNonNull(plain, "plain");
        this.config = requireNonNull(config, "config");
        this.factory = config.mode() == TlsMode.NONE ? null : context(config).getSocketFactory();
    }

    private static SSLContext context(TlsClientConfig config) {
        try {
            TrustManager[] trust;
            if (config.mode() == TlsMode.SELF_SIGNED) {
                trust = new TrustManager[] {new TrustingTrustManager()};
            } else {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(config.trustStore()); // null: the JDK's cacerts
                trust = factory.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "trustStore must be usable for verification, but was not (" + e + ")", e);
        }
    }

    /**
     * Returns the settings.
     *
     * @return the configuration given at construction
     */
    public TlsClientConfig config() {
        return config;
    }

    /**
     * Dials {@code address} with the plain dialer and then secures the connection; see {@link
     * #secure}.
     *
     * @throws SSLHandshakeException if the handshake failed (for a {@link TlsMode#VERIFIED} dialer,
     *     also when the certificate is not trusted or does not name the host); the message names the
     *     address
     * @throws SocketTimeoutException if the connect, or a read during the handshake, timed out
     */
    @Override
    public Socket dial(InetSocketAddress address) throws IOException {
        Socket socket = plain.dial(address);
        return secure(socket, address.getHostString(), address.getPort());
    }

    /**
     * Performs the client handshake on an already connected socket, blocking until it is done.
     * Callers that time the handshake separately from the connect (the tunnel pools) dial with the
     * plain dialer and call this.
     *
     * @param connected a connected socket; with {@link TlsMode#NONE} it is returned as it is;
     *     otherwise it is closed if the handshake fails, and closed together with the returned socket
     * @param host the host that was dialled, used for SNI and verification unless the configuration
     *     names a {@link TlsClientConfig#serverName() serverName}
     * @param port the port that was dialled
     * @return {@code connected}, or a TLS socket layered over it with the handshake done and {@code
     *     connected}'s read timeout in force again
     * @throws SSLHandshakeException if the handshake failed; the message names the address
     * @throws SocketTimeoutException if a read during the handshake took longer than the
     *     configuration's {@code handshakeTimeout}
     * @throws IOException if the connection failed
     * @throws NullPointerException if {@code connected} or {@code host} is null
     */
    public Socket secure(Socket connected, String host, int port) throws IOException {
        requireNonNull(connected, "connected");
        requireNonNull(host, "host");
        if (factory == null) {
            return connected;
        }
        String peerHost = config.serverName() != null ? config.serverName() : host;
        try {
            SSLSocket tls = (SSLSocket) factory.createSocket(connected, peerHost, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(TlsServerConfig.PROTOCOLS);
            if (!IPAddress.isValid(peerHost) && TlsClientConfig.isHostNameOrIp(peerHost)) {
                parameters.setServerNames(List.of(new SNIHostName(peerHost)));
            }
            if (config.mode() == TlsMode.VERIFIED) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(parameters);
            String where = "with " + SocketAddresses.describe(peerHost, port);
            handshake(tls, config.handshakeTimeout(), where);
            return tls;
        } catch (IOException | RuntimeException e) {
            connected.close();
            throw e;
        }
    }

    /**
     * Runs a handshake with a read timeout, restoring the socket's own timeout afterwards, and
     * rewrites failures so that their message names the peer. Shared by both sides.
     */
    static void handshake(SSLSocket tls, Duration timeout, String where) throws IOException {
        int previous = tls.getSoTimeout();
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try {
            tls.setSoTimeout(millis);
            tls.startHandshake();
            tls.setSoTimeout(previous);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timedOut =
                    new SocketTimeoutException("TLS handshake " + where + " timed out after " + millis + " ms");
            timedOut.initCause(e);
            throw timedOut;
        } catch (SSLException e) {
            SSLHandshakeException failed =
                    new SSLHandshakeException("TLS handshake " + where + " failed: " + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    @Override
    public String toString() {
        return "TlsDialer[" + config.mode() + ", " + plain + "]";
    }

    /**
     * Accepts every server certificate: {@link TlsMode#SELF_SIGNED}'s "encrypted, peer not verified".
     * An extended trust manager, so that JSSE does not add its own host name check around it.
     */
    private static final class TrustingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
