package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A freshly generated self-signed server certificate and its private key, as NodePass's
 * certificate generator makes them: an ECDSA P-256 key, a 128-bit random serial number, subject
 * {@code O=<organization>}, valid for one year from now, key usage digitalSignature and
 * keyEncipherment, extended key usage serverAuth. Beyond the original, the given host names (and
 * IP literals) go into the subject alternative names, so that a {@link TlsMode#VERIFIED} client
 * that is given this certificate as its trust store can check the host name too.
 *
 * <p>Nothing is written to disk unless {@link #writePem} is called, and {@link #toString()} never
 * shows the key. Immutable and thread-safe.
 *
 * {@snippet :
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("poolkit", "localhost", "127.0.0.1");
 * TlsServerConfig server = TlsServerConfig.of(cert);                 // for the listening side
 * TlsClientConfig client = TlsClientConfig.builder()                 // for a client that trusts it
 *         .mode(TlsMode.VERIFIED).serverName("localhost").trustStore(cert.trustStore()).build();
 * }
 */
public final class SelfSignedCertificate {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final List<String> hostNames;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey, List<String> hostNames) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.hostNames = hostNames;
    }

    /**
     * Generates a key pair and a certificate for it. Takes a few milliseconds.
     *
     * @param organization the subject's organization ({@code O}); may be empty, as in NodePass
     * @param hostNames DNS names and IP literals ({@code 127.0.0.1}, {@code ::1}) to put in the
     *     subject alternative names; none is resolved; may be empty
     * @return the certificate and its key
     * @throws IllegalArgumentException if a host name is blank or contains white space
     * @throws NullPointerException if {@code organization}, {@code hostNames} or one of its elements is null
     * @throws IllegalStateException if the JDK offers no EC key generation or ECDSA signature (every
     *     JDK that poolkit supports does)
     */
    public static SelfSignedCertificate generate(String organization, String... hostNames) {
        requireNonNull(organization, "organization");
        requireNonNull(hostNames, "hostNames");
        List<String> names = List.of(hostNames); // also rejects null elements
        List<GeneralName> altNames = new ArrayList<>();
        for (String name : names) {
            if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "hostNames must be DNS names or IP literals, but one was '" + name + "'");
            }
            altNames.add(
                    IPAddress.isValid(name)
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
        }
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();

            BigInteger serial;
            do {
                serial = new BigInteger(128, random);
            } while (serial.signum() == 0);
            Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plusYears(1).toInstant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, organization)
                    .build();

            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serial, Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            if (!altNames.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
            return new SelfSignedCertificate(certificate, keys.getPrivate(), names);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 certificate on this JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the certificate's extensions", e);
        }
    }

    /**
     * Returns the certificate.
     *
     * @return the self-signed X.509 certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Returns the private key. Handle it as a secret.
     *
     * @return the EC private key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Returns the host names given to {@link #generate}.
     *
     * @return the names in the subject alternative names, in the order given; immutable
     */
    public List<String> hostNames() {
        return hostNames;
    }

    /**
     * Creates a server-side TLS context that presents this certificate.
     *
     * @return a new, initialised context
     */
    public SSLContext serverContext() {
        return TlsServerConfig.serverContext(privateKey, List.of(certificate));
    }

    /**
     * Returns a trust store holding only this certificate, for a {@link TlsMode#VERIFIED} client.
     *
     * @return a new in-memory key store
     */
    public KeyStore trustStore() {
        return TrustStores.of(certificate);
    }

    /**
     * Returns the certificate in PEM ({@code -----BEGIN CERTIFICATE-----}).
     *
     * @return the PEM text, ending with a line break
     */
    public String certificatePem() {
        return pem(certificate);
    }

    /**
     * Returns the private key in unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the form
     * OpenSSL, Go and Python read. Handle it as a secret.
     *
     * @return the PEM text, ending with a line break
     */
    public String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(privateKey, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the private key", e);
        }
    }

    /**
     * Writes the certificate and the private key as PEM files, replacing existing files. Where the
     * file system supports POSIX permissions, the key file is readable by its owner only.
     *
     * @param certificateFile where to write {@link #certificatePem()}
     * @param privateKeyFile where to write {@link #privateKeyPem()}
     * @throws IOException if a file cannot be written
     * @throws NullPointerException if an argument is null
     */
    public void writePem(Path certificateFile, Path privateKeyFile) throws IOException {
        requireNonNull(certificateFile, "certificateFile");
        requireNonNull(privateKeyFile, "privateKeyFile");
        Files.writeString(certificateFile, certificatePem(), StandardCharsets.US_ASCII);
        Files.deleteIfExists(privateKeyFile);
        if (privateKeyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    privateKeyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(privateKeyFile, privateKeyPem(), StandardCharsets.US_ASCII);
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM", e);
        }
        return text.toString();
    }

    /**
     * Describes the certificate (subject, serial number, expiry, host names), never the key.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "SelfSignedCertificate[subject="
                + certificate.getSubjectX500Principal().getName() + ", serial="
                + certificate.getSerialNumber().toString(16) + ", notAfter="
                + certificate.getNotAfter().toInstant() + ", hostNames=" + hostNames + "]";
    }
}
