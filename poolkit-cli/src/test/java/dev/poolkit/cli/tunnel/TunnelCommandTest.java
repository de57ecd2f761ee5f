package dev.poolkit.cli.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.cli.PoolkitCommand;
import dev.poolkit.cli.PoolkitCommandTest;
import dev.poolkit.cli.PoolkitCommandTest.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code poolkit tunnel server|client} from the command line: help, and bad input as one line with exit 2. */
@Timeout(60)
class TunnelCommandTest {

    private static final String NL = System.lineSeparator();

    private static Run poolkit(String... args) {
        return PoolkitCommandTest.run(args);
    }

    /** {@code poolkit tunnel server --listen 127.0.0.1:7000 --target 127.0.0.1:1} and {@code more}. */
    private static Run server7000(String... more) {
        List<String> args =
                new ArrayList<>(List.of("tunnel", "server", "--listen", "127.0.0.1:7000", "--target", "127.0.0.1:1"));
        args.addAll(List.of(more));
        return poolkit(args.toArray(String[]::new));
    }

    /** One line on standard error that starts with {@code prefix}, nothing on standard output, exit 2. */
    private static void assertUsageStartingWith(Run run, String prefix) {
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err()).startsWith(prefix);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    private static void assertUsage(Run run, String command, String message) {
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err()).isEqualTo(command + ": " + message + " (see '" + command + " --help')" + NL);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void help_listsBothSubcommandsAndOptions() {
        assertThat(poolkit("tunnel", "--help").out()).contains("server", "client", "docs/tunnel.md");
        assertThat(poolkit("tunnel", "server", "--help").out())
                .startsWith("Usage: poolkit tunnel server ")
                .contains("--listen=ADDR", "--target=HOST:PORT", "--tls=MODE", "--allow=CIDR", "--admin=ADDR");
        assertThat(poolkit("tunnel", "client", "--help").out())
                .startsWith("Usage: poolkit tunnel client ")
                .contains("--server=ADDR", "--listen=ADDR", "--trust=FILE");
    }

    @Test
    void tunnel_noSubcommand_exit2() {
        assertUsage(poolkit("tunnel"), "poolkit tunnel", "a subcommand is required: server or client");
    }

    @Test
    void server_missingTarget_exit2() {
        assertUsage(
                poolkit("tunnel", "server", "--listen", "127.0.0.1:7000"),
                "poolkit tunnel server",
                "Missing required option: '--target=HOST:PORT'");
    }

    @Test
    void server_badAddresses_exit2() {
        Run target = poolkit("tunnel", "server", "--listen", "127.0.0.1:7000", "--target", "nowhere");
        assertUsageStartingWith(target, "poolkit tunnel server: --target: ");
        assertThat(target.err()).contains("nowhere");

        Run listen = poolkit("tunnel", "server", "--listen", "127.0.0.1:70000", "--target", "127.0.0.1:1");
        assertUsageStartingWith(listen, "poolkit tunnel server: --listen: ");
        assertThat(listen.err()).contains("70000");
    }

    @Test
    void server_ephemeralListenWithoutControl_exit2() {
        assertUsage(
                poolkit("tunnel", "server", "--listen", "127.0.0.1:0", "--target", "127.0.0.1:1"),
                "poolkit tunnel server",
                "--control must be given when --listen has port 0");
    }

    @Test
    void server_badTlsMode_exit2() {
        assertUsage(
                server7000("--tls", "maybe"),
                "poolkit tunnel server",
                "--tls must be none, self-signed or verified, but was 'maybe'");
    }

    @Test
    void server_verifiedWithoutCertificate_exit2() {
        assertUsage(
                server7000("--tls", "verified"),
                "poolkit tunnel server",
                "--tls verified needs --cert and --key (a certificate the client trusts)");
    }

    @Test
    void server_unreadableCertificate_exit2(@TempDir Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        Run run = server7000("--tls", "verified", "--cert", cert.toString(), "--key", key.toString());
        assertUsageStartingWith(run, "poolkit tunnel server: --cert/--key: ");
    }

    @Test
    void server_badAllowEntry_exit2() {
        Run run = server7000("--allow", "10.0.0.0/8,10.0.0.300/8");
        assertUsageStartingWith(run, "poolkit tunnel server: --allow: ");
        assertThat(run.err()).contains("10.0.0.300/8");
    }

    @Test
    void server_portInUse_oneLineExit1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Run run = poolkit(
                    "tunnel", "server", "--listen", address, "--control", "127.0.0.1:0", "--target", "127.0.0.1:1");
            assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_FAILURE);
            assertThat(run.err()).startsWith("poolkit tunnel server: cannot listen on " + address + " (--listen): ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void client_badServerAddress_exit2() {
        Run run = poolkit("tunnel", "client", "--server", "host-without-port", "--listen", "127.0.0.1:0");
        assertUsageStartingWith(run, "poolkit tunnel client: --server: ");
    }

    @Test
    void client_trustWithoutVerified_exit2(@TempDir Path dir) {
        assertUsage(
                poolkit(
                        "tunnel",
                        "client",
                        "--server",
                        "127.0.0.1:7000",
                        "--listen",
                        "127.0.0.1:0",
                        "--tls",
                        "self-signed",
                        "--trust",
                        dir.resolve("ca.pem").toString()),
                "poolkit tunnel client",
                "--trust and --server-name need --tls verified");
    }

    @Test
    void client_unreadableTrustStore_exit2(@TempDir Path dir) {
        Run run = poolkit(
                "tunnel",
                "client",
                "--server",
                "127.0.0.1:7000",
                "--listen",
                "127.0.0.1:0",
                "--tls",
                "verified",
                "--trust",
                dir.resolve("missing.pem").toString());
        assertUsageStartingWith(run, "poolkit tunnel client: --trust: ");
    }

    @Test
    void client_listenPortInUse_oneLineExit1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Run run = poolkit("tunnel", "client", "--server", "127.0.0.1:7000", "--listen", address);
            assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_FAILURE);
            assertThat(run.err()).startsWith("poolkit tunnel client: cannot listen on " + address + " (--listen): ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }
}
