package dev.poolkit.cli;

import static dev.poolkit.cli.PoolkitCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.cli.PoolkitCommandTest.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code poolkit proxy} and {@code poolkit demo} on bad input: one line, exit 2 or 1; help exits 0. */
@Timeout(30)
class ProxyCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"proxy", "demo", "help"})
    void help_everySubcommand_exit0(String subcommand) {
        Run run = subcommand.equals("help") ? run("help", "proxy") : run(subcommand, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: poolkit " + (subcommand.equals("help") ? "proxy" : subcommand) + " ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void help_proxy_listsEveryOptionAndStrategy() {
        assertThat(run("proxy", "--help").out())
                .contains("--listen=HOST:PORT", "--backend=HOST:PORT", "--strategy=NAME", "--admin=HOST:PORT")
                .contains("--admin-token=TOKEN", "--config=FILE", "--drain=DURATION")
                .contains("p2c-least-outstanding", "round-robin", "thompson-cd");
    }

    @Test
    void unknownOption_oneLine_exit2() {
        Run run = run("proxy", "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: Unknown option: '--frobnicate' (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void badAddress_oneLine_exit2() {
        Run run = run("proxy", "--listen", "127.0.0.1:6380", "--backend", "localhost:99999");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: Invalid value for option '--backend' (HOST:PORT): port must be between 1"
                        + " and 65535, but was 99999 in 'localhost:99999' (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void missingListen_oneLine_exit2() {
        Run run = run("proxy", "--backend", "127.0.0.1:6379");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: --listen HOST:PORT is required (or 'listen' in the config file)"
                        + " (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void missingBackend_oneLine_exit2() {
        Run run = run("proxy", "--listen", "127.0.0.1:0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: at least one --backend HOST:PORT is required (or 'backends' in the"
                        + " config file) (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void unknownStrategy_oneLine_exit2() {
        Run run = run("proxy", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--strategy", "fastest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("poolkit proxy: --strategy: strategy must be one of [")
                .hasLineCount(1);
    }

    @Test
    void badDuration_oneLine_exit2() {
        Run run = run("proxy", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--drain", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: Invalid value for option '--drain': a duration must be a number and a"
                        + " unit (ns, us, ms, s, m, h, d) such as 250ms, 5s or 1m30s, but was 'soon'"
                        + " (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void unreadableConfig_oneLine_exit2() {
        Path missing = dir.resolve("missing.yaml");
        Run run = run("proxy", "--config", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: cannot read config file " + missing
                        + ": no such file (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void invalidConfig_namesLineAndKey_exit2() throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, "listen: 127.0.0.1:0\nbackends: [127.0.0.1:1]\nidle-timeout: forever\n");
        Run run = run("proxy", "--config", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: " + file
                        + ", line 3: idle-timeout must be a duration such as 5s or 250ms, but was 'forever'"
                        + " (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void portInUse_oneLineNoStackTrace_exit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Run run = run("proxy", "--listen", address, "--backend", "127.0.0.1:1");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .isEqualTo("poolkit proxy: cannot listen on " + address + ": Address already in use" + NL);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void adminPortInUse_oneLine_exit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Run run = run("proxy", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--admin", address);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .isEqualTo("poolkit proxy: cannot listen on " + address
                            + " for the admin endpoint: Address already in use" + NL);
        }
    }

    @Test
    void verbose_portInUse_addsTheStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run(
                    "--verbose", "proxy", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--backend", "127.0.0.1:1");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("java.net.BindException").contains("\tat ");
        }
    }

    @Test
    void adminTokenWithoutAdmin_oneLine_exit2() {
        Run run = run("proxy", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--admin-token", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit proxy: --admin-token needs an admin endpoint: give --admin HOST:PORT"
                        + " (see 'poolkit proxy --help')" + NL);
    }

    @Test
    void demo_tooShort_oneLine_exit2() {
        Run run = run("demo", "--duration", "1s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("poolkit demo: --duration must be at least 3s, but was 1s (see 'poolkit demo --help')" + NL);
    }
}
