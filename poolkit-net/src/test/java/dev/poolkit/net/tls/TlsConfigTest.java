package dev.poolkit.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.Dialer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the TLS configurations and trust stores, with exact messages; files only in a temp dir. */
@Timeout(30)
class TlsConfigTest {

    // ------------------------------------------------------------------ TlsClientConfig

    @Test
    void clientConfig_defaults() {
        TlsClientConfig config = TlsClientConfig.none();
        assertThat(config.mode()).isEqualTo(TlsMode.NONE);
        assertThat(config.serverName()).isNull();
        assertThat(config.trustStore()).isNull();
        assertThat(config.handshakeTimeout()).isEqualTo(TlsClientConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void clientConfig_unknownModeName_rejected() {
        assertThatThrownBy(() -> TlsClientConfig.builder().mode("strict"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlsMode must be one of NONE (0), SELF_SIGNED (1) or VERIFIED (2), but was 'strict'");
    }

    @Test
    void clientConfig_trustStoreWithoutVerification_rejected() {
        KeyStore store = SelfSignedCertificate.generate("o").trustStore();
        assertThatThrownBy(() -> TlsClientConfig.builder()
                        .mode(TlsMode.SELF_SIGNED)
                        .trustStore(store)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustStore is only used by mode VERIFIED, but mode was SELF_SIGNED");
    }

    @Test
    void clientConfig_badServerName_rejected() {
        assertThatThrownBy(
                        () -> TlsClientConfig.builder().serverName("not a host").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serverName must be a host name or an IP literal, but was 'not a host'");
    }

    @Test
    void clientConfig_nonPositiveTimeout_rejected() {
        assertThatThrownBy(() -> TlsClientConfig.builder()
                        .handshakeTimeout(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handshakeTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> TlsClientConfig.builder().mode((TlsMode) null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("mode");
    }

    // ------------------------------------------------------------------ TlsServerConfig

    @Test
    void serverConfig_withoutKeyMaterial_rejected() {
        assertThatThrownBy(() -> TlsServerConfig.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("context");
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o");
        assertThatThrownBy(() -> TlsServerConfig.of(cert).toBuilder()
                        .handshakeTimeout(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handshakeTimeout must be positive, but was PT-1S");
    }

    @Test
    void serverConfig_keyOfAnotherCertificate_rejected() {
        SelfSignedCertificate a = SelfSignedCertificate.generate("a");
        SelfSignedCertificate b = SelfSignedCertificate.generate("b");
        assertThatThrownBy(() -> TlsServerConfig.builder().keyMaterial(a.privateKey(), List.of(b.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("privateKey must belong to the certificate O=b, but it does not");
        assertThatThrownBy(() -> TlsServerConfig.builder().keyMaterial(a.privateKey(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chain must hold at least the server's certificate, but was []");
    }

    @Test
    void serverConfig_pemFiles_presentTheWrittenCertificate(@TempDir Path dir) throws IOException {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("from files", "localhost");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(certFile, keyFile);
        TlsServerConfig config =
                TlsServerConfig.builder().pemFiles(certFile, keyFile).build();
        try (TlsEchoServer server = new TlsEchoServer(config);
                Socket socket = new TlsDialer(
                                Dialer.tcp(),
                                TlsClientConfig.builder()
                                        .mode(TlsMode.VERIFIED)
                                        .serverName("localhost")
                                        .trustStore(TrustStores.load(certFile, null))
                                        .build())
                        .dial(server.address())) {
            assertThat(((SSLSocket) socket).getSession().getPeerCertificates()[0])
                    .isEqualTo(cert.certificate());
        }
    }

    @Test
    void serverConfig_unreadablePemFiles_rejectedNamingTheFile(@TempDir Path dir) throws IOException {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(certFile, keyFile);
        Path missing = dir.resolve("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not pem at all\n");

        assertThatThrownBy(() -> TlsServerConfig.builder().pemFiles(missing, keyFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificateChainFile must be a readable PEM certificate file, but was '"
                        + missing + "' (java.nio.file.NoSuchFileException");
        assertThatThrownBy(() -> TlsServerConfig.builder().pemFiles(certFile, missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privateKeyFile must be a readable PEM private key file, but was '" + missing
                        + "' (java.nio.file.NoSuchFileException");
        assertThatThrownBy(() -> TlsServerConfig.builder().pemFiles(certFile, garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "privateKeyFile must hold an unencrypted PEM private key, but '" + garbage + "' holds none");
        assertThatThrownBy(() -> TlsServerConfig.builder().pemFiles(keyFile, keyFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificateChainFile must ");
    }

    // ------------------------------------------------------------------ TrustStores

    @Test
    void trustStores_load_pemAndPkcs12(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("o");
        Path pem = Files.writeString(dir.resolve("trust.pem"), cert.certificatePem());
        assertThat(TrustStores.load(pem, null).getCertificate("trusted-0")).isEqualTo(cert.certificate());

        char[] password = "changeit".toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setCertificateEntry("server", cert.certificate());
        Path p12File = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(p12File)) {
            p12.store(out, password);
        }
        assertThat(TrustStores.load(p12File, password).getCertificate("server")).isEqualTo(cert.certificate());
    }

    @Test
    void trustStores_load_unreadable_rejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> TrustStores.load(missing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trustStore must be a readable PKCS12, JKS or PEM certificate file, but was '"
                        + missing + "' (java.nio.file.NoSuchFileException: ")
                .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
        Path garbage = Files.writeString(dir.resolve("garbage.jks"), "garbage");
        assertThatThrownBy(() -> TrustStores.load(garbage, "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trustStore must be a readable PKCS12, JKS or PEM certificate file, but was '"
                        + garbage + "' (");
        Path empty =
                Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TrustStores.load(empty, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "trustStore must be a readable PKCS12, JKS or PEM certificate file, but was '" + empty + "' (");
    }

    @Test
    void trustStores_of_nothing_rejected() {
        assertThatThrownBy(TrustStores::of)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("certificates must not be empty, but was []");
    }
}
