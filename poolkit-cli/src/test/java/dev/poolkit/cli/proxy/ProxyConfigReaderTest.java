package dev.poolkit.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.cli.config.ConfigException;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.worker.ThreadMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML config file: every key, and errors that name the file, the line and the key. */
class ProxyConfigReaderTest {

    @TempDir
    Path dir;

    private ProxyConfig read(String yaml) throws IOException {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, yaml);
        ProxyConfig.Builder b = ProxyConfig.builder();
        ProxyConfigReader.read(file, b);
        return b.build();
    }

    private String error(String yaml) {
        Path file = dir.resolve("proxy.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ProxyConfig.Builder b = ProxyConfig.builder();
        return assertThatThrownBy(() -> ProxyConfigReader.read(file, b))
                .isInstanceOf(ConfigException.class)
                .actual()
                .getMessage()
                .replace(file.toString(), "proxy.yaml");
    }

    @Test
    void read_everyKey_setsTheConfig() throws Exception {
        ProxyConfig c = read("""
                listen: 127.0.0.1:6380
                backends:
                  - 127.0.0.1:6379
                  - "[::1]:6381"
                strategy: round-robin
                get-attempts: 1
                pool:
                  max-size: 100
                  min-idle: 4
                  acquire-timeout: 250ms
                  connect-timeout: 1s
                  idle-timeout: 10m
                  max-lifetime: 1h
                tls:
                  mode: self-signed
                  handshake-timeout: 3s
                monitor:
                  check-timeout: 500ms
                  interval-check: 2s
                  fall-count-ko: 3
                  rise-count-warn: 2
                workers:
                  max: 100
                  min: 2
                  thread-mode: platform
                idle-timeout: 1m
                buffer-size: 8192
                relay-threads: 3
                busy-reply: "-ERR busy"
                drain-timeout: 30s
                admin:
                  listen: 127.0.0.1:0
                  token: s3cret
                """);
        assertThat(c.listen()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 6380));
        assertThat(c.backends()).containsExactly(HostAndPort.parse("127.0.0.1:6379"), HostAndPort.parse("[::1]:6381"));
        assertThat(c.service().strategy()).isEqualTo("round-robin");
        assertThat(c.service().getAttempts()).isEqualTo(1);
        assertThat(c.service().hostPool().pool().maxSize()).isEqualTo(100);
        assertThat(c.service().hostPool().pool().minIdle()).isEqualTo(4);
        assertThat(c.service().hostPool().pool().acquireTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.service().hostPool().pool().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.service().hostPool().pool().maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(c.service().hostPool().dialer().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.tls().mode()).isEqualTo(TlsMode.SELF_SIGNED);
        assertThat(c.tls().handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.monitor().checkTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.monitor().intervalCheck()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.monitor().fallCountKo()).isEqualTo(3);
        assertThat(c.monitor().riseCountWarn()).isEqualTo(2);
        assertThat(c.workers().maxWorkers()).isEqualTo(100);
        assertThat(c.workers().minWorkers()).isEqualTo(2);
        assertThat(c.workers().threadMode()).isEqualTo(ThreadMode.PLATFORM);
        assertThat(c.workers().name()).isEqualTo("proxy");
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.bufferSize()).isEqualTo(8192);
        assertThat(c.relayThreads()).isEqualTo(3);
        assertThat(c.busyReply()).isEqualTo("-ERR busy");
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.admin().orElseThrow().token()).contains("s3cret");
        assertThat(c.admin().orElseThrow().address()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 0));
    }

    @Test
    void read_unknownKey_namesLineAndKnownKeys() {
        assertThat(error("listen: 127.0.0.1:1\nbackend: 127.0.0.1:2\n"))
                .isEqualTo("proxy.yaml, line 2: unknown key 'backend'; known keys: listen, backends, strategy,"
                        + " get-attempts, pool, tls, monitor, workers, idle-timeout, buffer-size, relay-threads,"
                        + " busy-reply, drain-timeout, admin");
    }

    @Test
    void read_unknownNestedKey_namesTheSection() {
        assertThat(error("pool:\n  max-size: 4\n  maxsize: 5\n"))
                .isEqualTo("proxy.yaml, line 3: unknown key 'maxsize' in 'pool'; known keys: max-size, min-idle,"
                        + " acquire-timeout, connect-timeout, idle-timeout, max-lifetime");
    }

    @Test
    void read_badValues_nameLineAndKey() {
        assertThat(error("pool:\n  max-size: 0\n"))
                .isEqualTo("proxy.yaml, line 2: pool.max-size must be an integer between 1 and 1048576, but was 0");
        assertThat(error("relay-threads: 0\n"))
                .isEqualTo("proxy.yaml, line 1: relay-threads must be an integer between 1 and 256, but was 0");
        assertThat(error("\ndrain-timeout: soon\n"))
                .isEqualTo("proxy.yaml, line 2: drain-timeout must be a duration such as 5s or 250ms, but was 'soon'");
        assertThat(error("backends: [127.0.0.1:6379, 'localhost:99999']\n"))
                .startsWith("proxy.yaml, line 1: backends[1]: ")
                .contains("localhost:99999");
        assertThat(error("strategy: fastest\n")).startsWith("proxy.yaml, line 1: strategy: strategy must be one of [");
        assertThat(error("backends: [127.0.0.1:1, 127.0.0.1:1]\n"))
                .isEqualTo("proxy.yaml, line 1: backends must be distinct, but 127.0.0.1:1 was given twice");
        assertThat(error("workers:\n  thread-mode: green\n")).startsWith("proxy.yaml, line 2: workers.thread-mode: ");
        assertThat(error("pool:\n  max-size: 2\n  min-idle: 3\n"))
                .startsWith("proxy.yaml, line 1: pool: minIdle must be between 0 and maxSize (2), but was 3");
    }

    @Test
    void read_monitorKeys_golibsRulesOnTheirLine() {
        assertThat(error("monitor:\n  check-timeout: 1s\n  fall-count-ko: 300\n"))
                .startsWith("proxy.yaml, line 3: monitor: ")
                .contains("fall-count-ko");
        assertThat(error("monitor:\n  name: db\n"))
                .isEqualTo("proxy.yaml, line 2: monitor.name is not allowed: each monitor is named after its backend");
        assertThat(error("monitor:\n  interval-checks: 1s\n"))
                .startsWith("proxy.yaml, line 2: monitor: ")
                .contains("interval-checks");
    }

    @Test
    void read_duplicateKey_namesBothLines() {
        assertThat(error("listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n"))
                .isEqualTo("proxy.yaml, line 2: duplicate key 'listen' (first given on line 1)");
    }

    @Test
    void read_missingFileOrBadYaml_oneLine() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ProxyConfigReader.read(missing, ProxyConfig.builder()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read config file " + missing + ": no such file");
        assertThat(error("listen: [unclosed\n")).startsWith("proxy.yaml, line ").contains("not valid YAML");
        assertThat(error("- a list\n")).startsWith("proxy.yaml, line 1: the file must be a YAML mapping");
    }

    @Test
    void read_tlsTrustStoreRelativeToTheFile() throws Exception {
        dev.poolkit.net.tls.SelfSignedCertificate cert =
                dev.poolkit.net.tls.SelfSignedCertificate.generate("poolkit test", "localhost");
        Files.writeString(dir.resolve("ca.pem"), cert.certificatePem());
        ProxyConfig c = read("listen: 127.0.0.1:0\nbackends: [127.0.0.1:1]\ntls:\n  mode: verified\n"
                + "  server-name: localhost\n  trust-store: ca.pem\n");
        assertThat(c.tls().mode()).isEqualTo(TlsMode.VERIFIED);
        assertThat(c.tls().trustStore()).isNotNull();
        assertThat(error("tls:\n  mode: verified\n  trust-store: missing.pem\n"))
                .startsWith("proxy.yaml, line 3: tls.trust-store: ");
    }
}
