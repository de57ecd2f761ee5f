package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SNIHostName;
import org.bouncycastle.util.IPAddress;

/**
 * How a client protects the connections it dials (the settings of a {@link TlsDialer}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode plain, encrypted without verification, or verified
 * @param serverName the name to send as SNI and, in {@link TlsMode#VERIFIED}, to check the
 *     certificate against (a DNS name, or an IP literal checked against IP SANs); {@code null} uses
 *     the host of each dialled address
 * @param trustStore the certificates a {@link TlsMode#VERIFIED} client trusts; {@code null} trusts the
 *     JDK's default trust store (cacerts); only allowed with {@link TlsMode#VERIFIED}
 * @param handshakeTimeout the longest any single read during the handshake may block; positive
 */
public record TlsClientConfig(TlsMode mode, String serverName, KeyStore trustStore, Duration handshakeTimeout) {

    /** The default {@code handshakeTimeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks every field.
     *
     * @throws NullPointerException if {@code mode} or {@code handshakeTimeout} is null
     * @throws IllegalArgumentException if {@code serverName} is neither a host name nor an IP literal,
     *     a {@code trustStore} is given for a mode other than {@link TlsMode#VERIFIED}, or {@code
     *     handshakeTimeout} is not positive
     */
    public TlsClientConfig {
        requireNonNull(mode, "mode");
        requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (serverName != null && !isHostNameOrIp(serverName)) {
            throw new IllegalArgumentException(
                    "serverName must be a host name or an IP literal, but was '" + serverName + "'");
        }
        if (trustStore != null && mode != TlsMode.VERIFIED) {
            throw new IllegalArgumentException("trustStore is only used by mode VERIFIED, but mode was " + mode);
        }
        if (!handshakeTimeout.isPositive()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, but was " + handshakeTimeout);
        }
    }

    static boolean isHostNameOrIp(String name) {
        if (IPAddress.isValid(name)) {
            return true;
        }
        try {
            new SNIHostName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Returns the plain-TCP configuration: a {@link TlsDialer} with it returns the plain dialer's
     * sockets unchanged.
     *
     * @return mode {@link TlsMode#NONE}
     */
    public static TlsClientConfig none() {
        return builder().build();
    }

    /**
     * Returns a builder with mode {@link TlsMode#NONE} and the default handshake timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this configuration.
     *
     * @return a new builder holding every field
     */
    public Builder toBuilder() {
        return new Builder()
                .mode(mode)
                .serverName(serverName)
                .trustStore(trustStore)
                .handshakeTimeout(handshakeTimeout);
    }

    /** Collects the fields of a {@link TlsClientConfig}; not thread-safe. */
    public static final class Builder {
        private TlsMode mode = TlsMode.NONE;
        private String serverName;
        private KeyStore trustStore;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {}

        /**
         * Sets the mode.
         *
         * @param mode see {@link TlsClientConfig#mode()}
         * @return this builder
         */
        public Builder mode(TlsMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the mode from its name or NodePass code; see {@link TlsMode#parse}.
         *
         * @param mode the name or code
         * @return this builder
         * @throws IllegalArgumentException if {@code mode} names no mode
         * @throws NullPointerException if {@code mode} is null
         */
        public Builder mode(String mode) {
            return mode(TlsMode.parse(mode));
        }

        /**
         * Sets the server name.
         *
         * @param serverName see {@link TlsClientConfig#serverName()}
         * @return this builder
         */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /**
         * Sets the trust store; see {@link TrustStores} to build or load one.
         *
         * @param trustStore see {@link TlsClientConfig#trustStore()}
         * @return this builder
         */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        /**
         * Sets the handshake timeout.
         *
         * @param handshakeTimeout see {@link TlsClientConfig#handshakeTimeout()}
         * @return this builder
         */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if {@code mode} or {@code handshakeTimeout} is null
         * @throws IllegalArgumentException if a value is invalid; see the record's constructor
         */
        public TlsClientConfig build() {
            return new TlsClientConfig(mode, serverName, trustStore, handshakeTimeout);
        }
    }
}
