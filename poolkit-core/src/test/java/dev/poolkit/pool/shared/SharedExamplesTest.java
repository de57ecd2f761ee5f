package dev.poolkit.pool.shared;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link SharedResourceRegistry} examples of the Javadoc and of {@code docs/keyed.md}, compiled
 * and run against a real echo server on 127.0.0.1 ({@code KeyedGuideTest} checks that the guide shows
 * exactly this code).
 */
@Timeout(30)
class SharedExamplesTest {

    private final LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /**
     * A client that many threads share: one connection, requests serialised by a lock (as a
     * multiplexing client would interleave them). What the registry keeps one of per tenant.
     */
    static final class TenantClient implements Reusable {
        private final ReentrantLock lock = new ReentrantLock();
        private final Socket socket;

        private TenantClient(Socket socket) {
            this.socket = socket;
        }

        static TenantClient connect(InetSocketAddress address) throws IOException {
            Socket socket = new Socket();
            socket.connect(address, 1_000);
            socket.setTcpNoDelay(true);
            return new TenantClient(socket);
        }

        String call(String request) throws IOException {
            lock.lock();
            try {
                byte[] bytes = (request + "\n").getBytes(UTF_8);
                socket.getOutputStream().write(bytes);
                return new String(socket.getInputStream().readNBytes(bytes.length), UTF_8).strip();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void ping(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            if (!"PING".equals(call("PING"))) {
                throw new IOException("no answer to PING");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void registry_oneSharedClientPerTenant() throws Exception {
        InetSocketAddress backend = server.address();
        // @start region="factory"
        SharedResourceFactory<String, TenantClient> factory = tenant -> TenantClient.connect(backend);
        // ping and close: TenantClient is Reusable, so the defaults call its ping and close
        // @end
        // @start region="registry"
        SharedResourceRegistry<String, TenantClient> clients = SharedResourceRegistry.builder(factory)
                .name("tenants")
                .maxOpen(100) // tenants with a client at once; more wait for a release
                .healthCheckInterval(Duration.ofSeconds(30)) // a client whose ping fails is closed
                .pingTimeout(Duration.ofSeconds(2))
                .build();
        TenantClient acme = clients.acquire("acme"); // created on first use
        String reply = acme.call("hello"); // used by any number of threads at once
        boolean shared = clients.acquire("acme") == acme; // true: every caller shares it
        clients.release("acme"); // closed and removed; the next acquire creates a new one
        clients.close(); // closes every client
        // @end
        assertThat(reply).isEqualTo("hello");
        assertThat(shared).isTrue();
        assertThat(clients.stats().created()).isEqualTo(1);
        assertThat(clients.stats().closed()).isEqualTo(1);
        Awaits.await().until(() -> server.openConnections() == 0);
        Threads.assertNoPoolkitThreads();
    }
}
