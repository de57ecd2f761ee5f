package dev.poolkit.cli.proxy;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.poolkit.cli.demo.DemoBackend;
import dev.poolkit.monitor.testing.Promtool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as operators run it: {@code java -jar poolkit.jar} in a process of its own, on the JDK
 * that runs the tests. Runs after {@code package} (failsafe), when the shaded jar exists.
 */
@Timeout(120)
class ProxyProcessIT {

    private static final Pattern LISTENING =
            Pattern.compile("poolkit proxy: listening on 127\\.0\\.0\\.1:(\\d+) for .*; admin endpoint (http://\\S+)");

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("poolkit.jar", "target/poolkit.jar"));
        assumeThat(jar).as("the shaded jar (run through 'mvn verify')").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        processes.add(p);
        return p;
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private DemoBackend backend(String name) throws IOException {
        DemoBackend b = DemoBackend.start(name, 0);
        resources.add(b);
        return b;
    }

    @Test
    void proxyProcess_trafficKillReviveMetricsThenSigtermDrainsAndExits0() throws Exception {
        DemoBackend a = backend("a");
        DemoBackend b = backend("b");
        Path config = dir.resolve("proxy.yaml");
        Files.writeString(
                config,
                "backends: [" + a.address() + ", " + b.address() + "]\n"
                        + "monitor:\n  interval-check: 100ms\n  check-timeout: 1s\n"
                        + "pool:\n  min-idle: 2\n");
        Process p = start(
                "proxy",
                "--config",
                config.toString(),
                "--listen",
                "127.0.0.1:0",
                "--admin",
                "127.0.0.1:0",
                "--drain",
                "30s");
        CompletableFuture<String> stderr = drain(p.getErrorStream());
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = stdout.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(first));
        assertThat(m.matches()).as("first line: %s", first).isTrue();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
        String admin = m.group(2);

        for (int i = 0; i < 10; i++) {
            try (ProxyTest.Client c = new ProxyTest.Client(proxy)) {
                assertThat(c.call("PING")).isIn("PONG a", "PONG b");
                assertThat(c.call("GET")).isEqualTo("(nil)");
                assertThat(c.call("SET mine")).isEqualTo("OK");
            }
        }

        a.stop();
        await().until(() -> ProxyTest.get(admin + "/hosts", null).body().contains("\"enabled\":false"));
        for (int i = 0; i < 10; i++) {
            try (ProxyTest.Client c = new ProxyTest.Client(proxy)) {
                assertThat(c.call("PING")).isEqualTo("PONG b");
            }
        }
        a.restart();
        await().until(() -> !ProxyTest.get(admin + "/hosts", null).body().contains("\"enabled\":false"));

        Promtool.assertCheckMetricsClean(ProxyTest.get(admin + "/metrics", null).body());

        try (ProxyTest.Client open = new ProxyTest.Client(proxy)) {
            assertThat(open.call("PING")).isIn("PONG a", "PONG b");
            p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its pipes
            assertThat(stdout.readLine()).isEqualTo("poolkit proxy: stopping; draining open sessions for up to 30s");
            await().until(() -> refuses(proxy));
            assertThat(open.call("ECHO served while draining")).isEqualTo("served while draining");
            open.socket.shutdownOutput();
            assertThat(open.in.readLine()).isNull();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stdout.readLine()).isEqualTo("poolkit proxy: stopped");
        assertThat(p.exitValue()).as("stderr: %s", stderr.getNow("")).isZero();
        assertThat(stderr.get()).doesNotContain("[ERROR]").doesNotContain("poolkit proxy:");
    }

    private static boolean refuses(InetSocketAddress address) {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** What a process that ran to its end printed and returned. */
    private record Finished(int exitCode, String out, String err) {}

    private Finished runToEnd(String... args) throws Exception {
        Process p = start(args);
        CompletableFuture<String> stderr = drain(p.getErrorStream());
        CompletableFuture<String> stdout = drain(p.getInputStream());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Finished(p.exitValue(), stdout.get(), stderr.get());
    }

    @Test
    void proxyProcess_badInput_oneLineOnStderr_exit2() throws Exception {
        Finished f = runToEnd("proxy", "--listen", "nowhere", "--backend", "127.0.0.1:1");
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.err())
                .startsWith("poolkit proxy: Invalid value for option '--listen': ")
                .hasLineCount(1);
        assertThat(f.out()).isEmpty();
    }

    @Test
    void proxyProcess_portInUse_oneLine_exit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Finished f = runToEnd("proxy", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--backend", "127.0.0.1:1");
            assertThat(f.exitCode()).isEqualTo(1);
            assertThat(f.err()) // after the INFO lines of what was started and closed again
                    .endsWith(System.lineSeparator() + "poolkit proxy: cannot listen on 127.0.0.1:"
                            + taken.getLocalPort() + ": Address already in use" + System.lineSeparator())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void demoProcess_short_exit0WithSummary() throws Exception {
        Finished f = runToEnd("demo", "--duration", "4s", "--clients", "4");
        assertThat(f.exitCode()).as("stdout: %s%nstderr: %s", f.out(), f.err()).isZero();
        assertThat(f.out())
                .contains(", 0 lost, ")
                .contains("beta killed")
                .contains("beta revived")
                .contains("share of requests per backend:")
                .contains("monitors now: alpha OK, beta OK, gamma OK")
                .endsWith("poolkit demo: OK, no request was lost" + System.lineSeparator());
        assertThat(f.err()).contains("100%").doesNotContain("[ERROR]");
    }
}
