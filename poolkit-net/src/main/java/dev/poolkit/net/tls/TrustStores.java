package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the trust stores that a {@link TlsMode#VERIFIED} client checks server certificates
 * against: from certificates in memory, or from a PKCS#12, JKS or PEM file. Stateless and
 * thread-safe.
 */
public final class TrustStores {

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private TrustStores() {}

    /**
     * Returns an in-memory trust store that trusts exactly the given certificates.
     *
     * @param certificates the trusted certificates; at least one
     * @return a new key store of the JDK's default type
     * @throws IllegalArgumentException if no certificate is given
     * @throws NullPointerException if {@code certificates} or one of them is null
     */
    public static KeyStore of(X509Certificate... certificates) {
        return of(List.of(certificates));
    }

    private static KeyStore of(Collection<? extends Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates must not be empty, but was []");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, requireNonNull(certificate, "certificate"));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create an in-memory key store", e);
        }
    }

    /**
     * Reads a trust store file: PKCS#12 or JKS (detected from the content), or PEM holding one or
     * more {@code CERTIFICATE} blocks (such as {@link SelfSignedCertificate#certificatePem()}).
     *
     * @param file the file
     * @param password the store's password, or {@code null} for a PEM file or to skip the integrity check
     * @return the loaded trust store
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate; the
     *     message names the file and the reason, and the cause is chained
     * @throws NullPointerException if {@code file} is null
     */
    public static KeyStore load(Path file, char[] password) {
        requireNonNull(file, "file");
        try {
            byte[] content = Files.readAllBytes(file);
            if (new String(content, StandardCharsets.US_ASCII).contains(PEM_CERTIFICATE)) {
                Collection<? extends Certificate> certificates =
                        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content));
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException(unreadable(file, "it holds no certificate"));
                }
                return of(new ArrayList<>(certificates));
            }
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            if (store.size() == 0) {
                throw new IllegalArgumentException(unreadable(file, "it holds no certificate"));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(unreadable(file, e.toString()), e);
        }
    }

    private static String unreadable(Path file, String reason) {
        return "trustStore must be a readable PKCS12, JKS or PEM certificate file, but was '" + file + "' (" + reason
                + ")";
    }
}
