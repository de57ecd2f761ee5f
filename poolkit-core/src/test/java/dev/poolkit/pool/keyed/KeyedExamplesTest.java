package dev.poolkit.pool.keyed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link KeyedPool} examples of the Javadoc ({@code {@snippet class=... region=...}}) and of
 * {@code docs/keyed.md}, compiled and run against two real echo servers on 127.0.0.1, one per key
 * ({@link KeyedGuideTest} checks that the guide shows exactly this code).
 */
@Timeout(30)
class KeyedExamplesTest {

    private final LoopbackServer east = LoopbackServer.start(LoopbackServer.Mode.ECHO);
    private final LoopbackServer west = LoopbackServer.start(LoopbackServer.Mode.ECHO);

    @AfterEach
    void stopServers() {
        east.stop();
        west.stop();
    }

    /** Writes a line and reads back as many bytes as it wrote: the echo. */
    static String echo(Socket socket, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(UTF_8);
        socket.getOutputStream().write(bytes);
        InputStream in = socket.getInputStream();
        byte[] reply = in.readNBytes(bytes.length);
        return new String(reply, UTF_8).strip();
    }

    @Test
    void keyedPool_perHostConnections() throws Exception {
        InetSocketAddress host = east.address();
        InetSocketAddress other = west.address();
        // @start region="factory"
        KeyedResourceFactory<InetSocketAddress, Socket> factory = new KeyedResourceFactory<>() {
            public Socket create(InetSocketAddress address) throws IOException {
                Socket socket = new Socket();
                socket.connect(address, 1_000);
                socket.setTcpNoDelay(true);
                return socket;
            }

            public void destroy(InetSocketAddress address, Socket socket, DestroyReason reason) throws IOException {
                socket.close();
            }
        };
        // @end
        // @start region="pool"
        KeyedPool<InetSocketAddress, Socket> pool = KeyedPool.builder(factory)
                .name("backends")
                .maxPerKey(4) // connections to one host
                .maxTotal(16) // to all hosts together
                .perKey(PoolConfig.builder()
                        .acquireTimeout(Duration.ofSeconds(1))
                        .idleTimeout(Duration.ofMinutes(1)) // also when an unused host's pool goes
                        .build())
                .build();
        try (Lease<Socket> lease = pool.acquire(host)) {
            echo(lease.get(), "PING"); // this connection is ours alone until the lease ends
        } // back to the host's pool
        try (Lease<Socket> lease = pool.acquire(other, Duration.ofMillis(250))) {
            echo(lease.get(), "PING");
        }
        int connections = pool.stats().size(); // totals over all hosts: 2
        pool.close(); // closes every connection of every host
        // @end
        assertThat(connections).isEqualTo(2);
        assertThat(pool.stats().created()).isEqualTo(2);
        Awaits.await().until(() -> east.openConnections() == 0 && west.openConnections() == 0);
        assertThat(east.acceptedConnections()).isEqualTo(1);
        assertThat(west.acceptedConnections()).isEqualTo(1);
        Threads.assertNoPoolkitThreads();
    }
}
