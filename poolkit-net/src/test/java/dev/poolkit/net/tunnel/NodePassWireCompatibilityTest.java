package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.receive;
import static dev.poolkit.net.tunnel.TunnelTestKit.send;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wire compatibility with NodePass (reference §5.2), checked against an independent peer: {@code
 * nodepass_peer.py} (test resources), a short Python 3 program written from the wire format alone,
 * using Python's own {@code ssl} module for TLS. It plays the server for poolkit's client pool and
 * the client for poolkit's server pool, over plain TCP and TLS 1.3. Skipped when {@code python3} is
 * not on the PATH.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NodePassWireCompatibilityTest {

    private static final int COUNT = 3;
    private static String python;
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPython() throws URISyntaxException, IOException, InterruptedException {
        python = ExternalTool.onPath("python3").orElse(null);
        Assumptions.assumeTrue(
                python != null, "python3 is not on the PATH: the NodePass wire compatibility test needs it");
        Process check = new ProcessBuilder(python, "-c", "import ssl; ssl.TLSVersion.TLSv1_3")
                .redirectErrorStream(true)
                .start();
        boolean done = check.waitFor(30, TimeUnit.SECONDS);
        Assumptions.assumeTrue(
                done && check.exitValue() == 0, "python3 has no ssl module with TLS 1.3: the test needs one");
        script = Path.of(NodePassWireCompatibilityTest.class
                .getResource("nodepass_peer.py")
                .toURI());
    }

    /** The Python peer as a child process, its output read line by line on a thread of its own. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> transcript = new ArrayList<>();

        Peer(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(python, script.toString()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output closed: " + e + ")");
                }
            });
        }

        /** Returns what follows {@code prefix} on the next line that starts with it. */
        String expect(String prefix) throws InterruptedException {
            while (true) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line)
                        .as("a line starting with '%s'; peer said so far: %s", prefix, transcript)
                        .isNotNull();
                transcript.add(line);
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
        }

        /** Closes the peer's standard input, which tells it to finish, and returns its exit status. */
        int finish() throws IOException, InterruptedException {
            process.getOutputStream().close();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("peer exits").isTrue();
            lines.drainTo(transcript);
            return process.exitValue();
        }

        List<String> transcript() {
            return transcript;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void poolkitClient_pairsWithAnIndependentServer(boolean tls) throws Exception {
        List<String> args = new ArrayList<>(List.of("server"));
        if (tls) {
            SelfSignedCertificate cert = SelfSignedCertificate.generate("python peer", "localhost");
            Path certFile = dir.resolve("cert.pem");
            Path keyFile = dir.resolve("key.pem");
            cert.writePem(certFile, keyFile);
            args.addAll(List.of("--cert", certFile.toString(), "--key", keyFile.toString()));
        }
        try (Peer peer = new Peer(args.toArray(String[]::new))) {
            int port = Integer.parseInt(peer.expect("PORT "));
            try (TunnelClientPool client = TunnelClientPool.create(clientFor(new HostAndPort("127.0.0.1", port))
                    .capacity(COUNT)
                    .tls(TlsClientConfig.builder()
                            .mode(tls ? TlsMode.SELF_SIGNED : TlsMode.NONE)
                            .build())
                    .build())) {
                client.start();
                Set<String> serverIds = new HashSet<>();
                for (int i = 0; i < COUNT; i++) {
                    serverIds.add(peer.expect("ID "));
                }
                Awaits.await().until(() -> client.active() == COUNT);
                assertThat(client.ids()).containsExactlyInAnyOrderElementsOf(serverIds);
                for (String id : serverIds) {
                    try (TunnelConnection c = client.get(id)) {
                        assertThat(c.isTls()).isEqualTo(tls);
                        if (tls) {
                            assertThat(((SSLSocket) c.socket()).getSession().getProtocol())
                                    .isEqualTo("TLSv1.3");
                        }
                        send(c, "ping " + id);
                        assertThat(receive(c, 13)).isEqualTo("ping " + id);
                    }
                }
            }
            assertThat(peer.finish()).as("peer output: %s", peer.transcript()).isZero();
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void poolkitServer_pairsWithAnIndependentClient(boolean tls) throws Exception {
        TunnelServerConfig.Builder config = TunnelServerConfig.builder().name("for-python");
        if (tls) {
            config.tls(TlsServerConfig.of(SelfSignedCertificate.generate("poolkit", "localhost")));
        }
        try (TunnelServerPool server = startServer(listener(), config.build())) {
            List<String> args = new ArrayList<>(List.of(
                    "client", "--port", String.valueOf(address(server).port()), "--count", String.valueOf(COUNT)));
            if (tls) {
                args.add("--tls");
            }
            try (Peer peer = new Peer(args.toArray(String[]::new))) {
                Set<String> clientIds = new HashSet<>();
                for (int i = 0; i < COUNT; i++) {
                    clientIds.add(peer.expect("ID "));
                }
                assertThat(clientIds).allMatch(id -> id.matches("^[0-9a-f]{8}$"));
                // The peer reads its replies in its own connection order: answer all before reading any.
                List<TunnelConnection> taken = new ArrayList<>();
                Set<String> expectedReplies = new HashSet<>();
                for (int i = 0; i < COUNT; i++) {
                    TunnelConnection c = server.take(Duration.ofSeconds(30));
                    taken.add(c);
                    assertThat(receive(c, 15)).isEqualTo("hello " + c.id() + "\n");
                    send(c, "welcome " + c.id() + "\n");
                    expectedReplies.add("welcome " + c.id());
                }
                Set<String> replies = new HashSet<>();
                for (int i = 0; i < COUNT; i++) {
                    replies.add(peer.expect("REPLY "));
                }
                assertThat(replies).isEqualTo(expectedReplies);
                taken.forEach(TunnelConnection::close);
                assertThat(taken).extracting(TunnelConnection::id).containsExactlyInAnyOrderElementsOf(clientIds);
                assertThat(peer.finish())
                        .as("peer output: %s", peer.transcript())
                        .isZero();
            }
        }
    }
}
