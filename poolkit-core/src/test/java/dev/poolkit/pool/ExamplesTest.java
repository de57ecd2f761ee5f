package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.PoolInvariants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The code examples of the Javadoc ({@code {@snippet class=dev.poolkit.pool.ExamplesTest
 * region=...}}) and of the README's "Using {@code Pool}" section, compiled and run here against a
 * real echo server on 127.0.0.1, so that no example can drift from the API (style §4, after
 * Caffeine's {@code Snippets.java}). The README's code block must equal the {@code readme} region.
 */
@Timeout(30)
class ExamplesTest {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
    private final String host = server.host().getHostAddress();
    private final int port = server.port();

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** A line-based connection to the echo server: what the examples pool. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        static Connection open(String host, int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setTcpNoDelay(true);
            return new Connection(socket);
        }

        String send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        boolean ping(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                return "PING".equals(send("PING"));
            } catch (SocketTimeoutException e) {
                return false;
            } finally {
                socket.setSoTimeout(0);
            }
        }

        boolean ping() throws IOException {
            return ping(Duration.ofSeconds(1));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private ResourceFactory<Connection> factory() {
        // @start region="factory"
        ResourceFactory<Connection> factory = new ResourceFactory<>() {
            @Override
            public Connection create() throws IOException {
                return Connection.open(host, port); // runs on the pool's executor, may block
            }

            @Override
            public boolean isValid(Connection connection, Duration timeout) throws IOException {
                return connection.ping(timeout); // bounded by the pool's validationTimeout
            }

            @Override
            public void destroy(Connection connection, DestroyReason reason) throws IOException {
                connection.close(); // reason says why: IDLE_TIMEOUT, INVALIDATED, CLOSED, ...
            }
        };
        // @end
        return factory;
    }

    @Test
    void pool_acquireInTryWithResources() throws Exception {
        ResourceFactory<Connection> factory = factory();
        String reply;
        // @start region="pool"
        try (Pool<Connection> pool = Pool.builder(factory).name("db").maxSize(8).build();
                Lease<Connection> lease = pool.acquire()) {
            reply = lease.get().send("hello");
        }
        // @end
        assertThat(reply).isEqualTo("hello");
        assertThat(server.acceptedConnections()).isEqualTo(1);
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void builder_withListener_invalidateAndCreationFailure() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        LongAdder broken = new LongAdder();
        // @start region="listener"
        PoolListener<Connection> listener = new PoolListener<>() {
            @Override
            public void destroyed(Connection connection, DestroyReason reason, Throwable cause) {
                if (reason == DestroyReason.INVALIDATED) {
                    broken.increment(); // for example, a metric of broken connections per host
                }
            }

            @Override
            public void creationFailed(ResourceCreationException failure, Duration took) {
                warnings.add("cannot connect: " + failure.getCause());
            }
        };
        // @end
        ResourceFactory<Connection> factory = factory();
        // @start region="builder"
        Pool<Connection> pool = Pool.builder(factory)
                .name("redis")
                .maxSize(8)
                .minIdle(2) // kept ready in the background
                .acquireTimeout(Duration.ofMillis(250)) // bounds queueing and connecting alike
                .validationTimeout(Duration.ofSeconds(1))
                .listener(listener)
                .build();
        // @end
        invariants.track(pool);
        try (Lease<Connection> lease = pool.acquire()) {
            try {
                lease.get().send("PING");
                throw new IOException("connection reset"); // as if the peer had gone away
            } catch (IOException e) {
                lease.invalidate(e); // destroyed, not returned; the listener learns why
            }
        }
        Awaits.await().until(() -> broken.sum() == 1);
        assertThat(warnings).isEmpty();

        server.stop(); // now nobody listens: the next pool's background refill cannot connect
        invariants.track(
                Pool.builder(factory).name("down").minIdle(1).listener(listener).build());
        Awaits.await().until(() -> !warnings.isEmpty());
        assertThat(warnings.get(0)).startsWith("cannot connect: java.net.ConnectException");
    }

    @Test
    void readme_usingPool() throws Exception {
        String host = this.host;
        int port = this.port;
        // @start region="readme"
        ResourceFactory<Connection> factory = new ResourceFactory<>() {
            public Connection create() throws IOException {
                return Connection.open(host, port);
            }

            public boolean isValid(Connection c, Duration timeout) throws IOException {
                return c.ping(timeout);
            }

            public void destroy(Connection c, DestroyReason reason) throws IOException {
                c.close();
            }
        };
        Pool<Connection> pool =
                Pool.builder(factory).name("redis").maxSize(8).minIdle(2).build();
        try (Lease<Connection> lease = pool.acquire(Duration.ofMillis(250))) {
            lease.get().send("PING");
        } // back to the pool
        pool.close(); // closes every connection the pool opened
        // @end
        Awaits.await().until(() -> server.openConnections() == 0);
        assertThat(server.acceptedConnections()).isBetween(1, 3);
    }

    @Test
    void readme_codeBlock_isTheReadmeRegion() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher section = Pattern.compile("(?s)## Using `Pool`\\n\\n```java\\n(.*?)\\n```")
                .matcher(readme);
        assertThat(section.find())
                .as("README has a Using `Pool` section with a java block")
                .isTrue();
        assertThat(section.group(1)).isEqualTo(region("readme"));
    }

    /** Split so that javadoc does not take these strings for markup of its own. */
    private static final String MARKUP = "//" + " @";

    /** The text of a snippet region of this file, indented as javadoc shows it. */
    static String region(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/poolkit/pool/ExamplesTest.java"));
            int start = lines.indexOf(lines.stream()
                    .filter(l -> l.trim().equals(MARKUP + "start region=\"" + name + "\""))
                    .findFirst()
                    .orElseThrow());
            List<String> body = lines.subList(start + 1, lines.size()).stream()
                    .takeWhile(l -> !l.trim().equals(MARKUP + "end"))
                    .toList();
            int indent = body.stream()
                    .filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length())
                    .min()
                    .orElse(0);
            return String.join(
                    "\n",
                    body.stream()
                            .map(l -> l.isBlank() ? "" : l.substring(indent))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
