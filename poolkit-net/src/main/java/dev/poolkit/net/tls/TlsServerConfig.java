package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * How a listening side protects the connections it accepts: a server {@link SSLContext} holding
 * the certificate to present, and how long a client may take to complete the handshake. Accepted
 * connections speak TLS 1.3 only, as NodePass's server does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param context the server context, holding the key and certificate chain to present
 * @param handshakeTimeout the longest any single read during the handshake may block; positive
 */
public record TlsServerConfig(SSLContext context, Duration handshakeTimeout) {

    /** The default {@code handshakeTimeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    static final String[] PROTOCOLS = {"TLSv1.3"};

    /**
     * Checks every field.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if {@code handshakeTimeout} is not positive
     */
    public TlsServerConfig {
        requireNonNull(context, "context");
        requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (!handshakeTimeout.isPositive()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, but was " + handshakeTimeout);
        }
    }

    /**
     * Returns a configuration that presents {@code certificate}, with the default handshake timeout.
     *
     * @param certificate the certificate and key to present
     * @return the configuration
     * @throws NullPointerException if {@code certificate} is null
     */
    public static TlsServerConfig of(SelfSignedCertificate certificate) {
        return builder().context(certificate.serverContext()).build();
    }

    /**
     * Returns an empty builder; a key and certificate (or a context) must be given.
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
        return new Builder().context(context).handshakeTimeout(handshakeTimeout);
    }

    /**
     * Performs the server side of the TLS handshake on an accepted connection.
     *
     * @param accepted an accepted, connected socket; closed by this call if the handshake fails, and
     *     closed together with the returned socket otherwise
     * @return the TLS socket layered over {@code accepted}, with the handshake done and {@code
     *     accepted}'s read timeout restored
     * @throws SocketTimeoutException if a read during the handshake took longer than {@link
     *     #handshakeTimeout()}
     * @throws SSLHandshakeException if the handshake failed; the message names the peer
     * @throws IOException if the connection failed
     * @throws NullPointerException if {@code accepted} is null
     */
    public SSLSocket secure(Socket accepted) throws IOException {
        requireNonNull(accepted, "accepted");
        String peer = String.valueOf(accepted.getRemoteSocketAddress());
        try {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
            tls.setUseClientMode(false);
            tls.setEnabledProtocols(PROTOCOLS);
            TlsDialer.handshake(tls, handshakeTimeout, "from " + peer);
            return tls;
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    /** Builds a server context from a key and its chain; shared with {@link SelfSignedCertificate}. */
    static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain) {
        requireMatch(key, chain.get(0));
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a server TLS context on this JDK", e);
        }
    }

    /** A key store accepts any key with any chain; catch a mismatch here rather than at the first handshake. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // nothing to probe with; the handshake will tell
        }
        boolean matches;
        try {
            byte[] probe = "poolkit key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("privateKey must belong to the certificate "
                    + certificate.getSubjectX500Principal().getName() + ", but it does not");
        }
    }

    /** Collects the fields of a {@link TlsServerConfig}; not thread-safe. */
    public static final class Builder {
        private SSLContext context;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {}

        /**
         * Sets a ready-made server context.
         *
         * @param context see {@link TlsServerConfig#context()}
         * @return this builder
         */
        public Builder context(SSLContext context) {
            this.context = context;
            return this;
        }

        /**
         * Presents the given key and certificate chain.
         *
         * @param privateKey the server's private key
         * @param chain the server's certificate first, then any intermediates; not empty
         * @return this builder
         * @throws IllegalArgumentException if the chain is empty or does not match the key
         * @throws NullPointerException if an argument is null
         */
        public Builder keyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
            requireNonNull(privateKey, "privateKey");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain must hold at least the server's certificate, but was []");
            }
            return context(serverContext(privateKey, List.copyOf(chain)));
        }

        /**
         * Presents the key and certificate chain read from PEM files, as OpenSSL and {@link
         * SelfSignedCertificate#writePem} write them.
         *
         * @param certificateChainFile one or more {@code CERTIFICATE} blocks, the server's first
         * @param privateKeyFile an unencrypted {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} or
         *     {@code RSA PRIVATE KEY} block
         * @return this builder
         * @throws IllegalArgumentException if a file cannot be read or parsed, or the key does not match;
         *     the message names the file
         * @throws NullPointerException if an argument is null
         */
        public Builder pemFiles(Path certificateChainFile, Path privateKeyFile) {
            requireNonNull(certificateChainFile, "certificateChainFile");
            requireNonNull(privateKeyFile, "privateKeyFile");
            return keyMaterial(readKey(privateKeyFile), readChain(certificateChainFile));
        }

        private static List<X509Certificate> readChain(Path file) {
            try {
                byte[] content = Files.readAllBytes(file);
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(content))) {
                    chain.add((X509Certificate) c);
                }
                if (chain.isEmpty()) {
                    throw new IllegalArgumentException(
                            "certificateChainFile must hold a PEM certificate, but '" + file + "' holds none");
                }
                return chain;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(
                        "certificateChainFile must be a readable PEM certificate file, but was '" + file + "' (" + e
                                + ")",
                        e);
            }
        }

        private static PrivateKey readKey(Path file) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                    PEMParser parser = new PEMParser(reader)) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                for (Object o; (o = parser.readObject()) != null; ) {
                    if (o instanceof PrivateKeyInfo info) {
                        return converter.getPrivateKey(info);
                    }
                    if (o instanceof PEMKeyPair pair) {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                }
                throw new IllegalArgumentException(
                        "privateKeyFile must hold an unencrypted PEM private key, but '" + file + "' holds none");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "privateKeyFile must be a readable PEM private key file, but was '" + file + "' (" + e + ")",
                        e);
            }
        }

        /**
         * Sets the handshake timeout.
         *
         * @param handshakeTimeout see {@link TlsServerConfig#handshakeTimeout()}
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
         * @throws NullPointerException if no context or key material was given, or the timeout is null
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public TlsServerConfig build() {
            return new TlsServerConfig(context, handshakeTimeout);
        }
    }
}
