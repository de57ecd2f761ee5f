package dev.poolkit.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated certificate has exactly the properties of design §6.2; nothing is read from disk. */
class SelfSignedCertificateTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @Test
    void generate_hasNodePassProperties() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SelfSignedCertificate cert = SelfSignedCertificate.generate("poolkit test");
        Instant after = Instant.now();
        X509Certificate x509 = cert.certificate();

        assertThat(x509.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) x509.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(cert.privateKey()).isInstanceOf(ECPrivateKey.class);
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getSerialNumber().signum()).isPositive();
        assertThat(x509.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(x509.getSubjectX500Principal()).isEqualTo(new X500Principal("O=poolkit test"));
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        x509.verify(x509.getPublicKey()); // self-signed

        Instant notBefore = x509.getNotBefore().toInstant();
        assertThat(notBefore).isBetween(before, after);
        assertThat(x509.getNotAfter().toInstant())
                .isEqualTo(notBefore.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());

        boolean[] usage = x509.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment").isTrue();
        assertThat(List.of(usage[1], usage[3], usage[4], usage[5], usage[6])).containsOnly(false);
        assertThat(x509.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(x509.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(x509.getSubjectAlternativeNames())
                .as("no names given: no SANs, as NodePass")
                .isNull();
        assertThat(cert.hostNames()).isEmpty();
    }

    @Test
    void generate_twice_differentKeysAndSerials() {
        SelfSignedCertificate a = SelfSignedCertificate.generate("o");
        SelfSignedCertificate b = SelfSignedCertificate.generate("o");
        assertThat(a.certificate().getSerialNumber())
                .isNotEqualTo(b.certificate().getSerialNumber());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
    }

    @Test
    void generate_hostNames_becomeDnsAndIpSans() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o", "localhost", "127.0.0.1", "::1", "a.example");
        assertThat(cert.certificate().getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"),
                        List.of(2, "a.example"));
        assertThat(cert.hostNames()).containsExactly("localhost", "127.0.0.1", "::1", "a.example");
    }

    @Test
    void generate_blankOrSpacedHostName_rejected() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate("o", "localhost", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hostNames must be DNS names or IP literals, but one was ' '");
        assertThatThrownBy(() -> SelfSignedCertificate.generate("o", "a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hostNames must be DNS names or IP literals, but one was 'a b'");
    }

    @Test
    void generate_nulls_throwNpe() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("organization");
        assertThatThrownBy(() -> SelfSignedCertificate.generate("o", (String) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void pem_roundTripsThroughTheJdk() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o", "localhost");
        String certPem = cert.certificatePem();
        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(cert.certificate());

        String keyPem = cert.privateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----").endsWith("-----END PRIVATE KEY-----\n");
        String base64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertThat(KeyFactory.getInstance("EC")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))))
                .isEqualTo(cert.privateKey());
    }

    @Test
    void writePem_keyFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(keyFile, "old");
        cert.writePem(certFile, keyFile);
        assertThat(Files.readString(certFile)).isEqualTo(cert.certificatePem());
        assertThat(Files.readString(keyFile)).isEqualTo(cert.privateKeyPem());
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void toString_namesTheCertificate_neverTheKey() {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("acme", "localhost");
        String text = cert.toString();
        assertThat(text)
                .startsWith("SelfSignedCertificate[subject=O=acme, serial="
                        + cert.certificate().getSerialNumber().toString(16))
                .endsWith(", hostNames=[localhost]]");
        String keyBody = cert.privateKeyPem().split("\n")[1];
        assertThat(text).doesNotContain(keyBody).doesNotContain("PRIVATE");
    }

    @Test
    void serverContext_presentsTheCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o", "localhost");
        assertThat(cert.serverContext().getProtocol()).isEqualTo("TLS");
        assertThat(cert.trustStore().getCertificate("trusted-0")).isEqualTo(cert.certificate());
    }
}
