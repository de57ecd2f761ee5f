package dev.poolkit.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The usage examples of docs/net.md and the package's Javadoc, run for real so that they keep working. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @Test
    void hostPool_leaseSendRelease() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            int port = server.port();
            String answer;
            // @start region=host-pool
            HostPool pool = HostPool.builder(new InetSocketAddress("127.0.0.1", port))
                    .config(HostPoolConfig.builder()
                            .pool(PoolConfig.builder().maxSize(4).minIdle(1).build())
                            .build())
                    .build();
            try (Connection c = pool.acquire()) { // close() discards it if the release below is not reached
                c.output().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                answer = new String(c.input().readNBytes(5), StandardCharsets.US_ASCII);
                c.release(); // back to the pool for the next caller
            }
            pool.close();
            // @end
            assertThat(answer).isEqualTo("ping\n");
            assertThat(pool.stats().returned()).isEqualTo(1);
            Awaits.await().until(() -> server.openConnections() == 0);
        }
        Threads.assertNoPoolkitThreads();
    }
}
