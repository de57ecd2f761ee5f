package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.tunnel.TunnelTestKit.ThreadKind;
import dev.poolkit.pool.testing.Awaits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many threads take connections at once: every connection goes to exactly one taker, none is lost. */
@Timeout(120)
class TunnelStressTest {

    private static final int CONNECTIONS = 64;
    private static final int THREADS = 16;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void concurrentGetById_andTake_eachConnectionHandedOutOnce(ThreadKind kind) throws Exception {
        try (TunnelServerPool server = startServer(
                        listener(), TunnelServerConfig.builder().name("stress").build());
                TunnelClientPool client = TunnelClientPool.create(clientFor(address(server))
                        .capacity(CONNECTIONS)
                        .minInterval(Duration.ofHours(1))
                        .maxInterval(Duration.ofHours(1))
                        .build())) {
            client.start();
            Awaits.await().until(() -> client.active() == CONNECTIONS && server.active() == CONNECTIONS);
            List<String> ids = client.ids();
            Queue<TunnelConnection> clientEnds = new ConcurrentLinkedQueue<>();
            Queue<TunnelConnection> serverEnds = new ConcurrentLinkedQueue<>();
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch gate = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<String> order = new ArrayList<>(ids);
                Collections.shuffle(order, new java.util.Random(t));
                boolean taker = t % 2 == 0;
                threads.add(kind.start(() -> {
                    try {
                        gate.await();
                        for (String id : order) {
                            TunnelConnection c = client.get(id);
                            if (c != null) {
                                clientEnds.add(c);
                            }
                            if (taker) {
                                try {
                                    serverEnds.add(server.take(Duration.ZERO));
                                } catch (TunnelTimeoutException empty) {
                                    // another taker was faster
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            gate.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            assertThat(clientEnds.stream().map(TunnelConnection::id)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(serverEnds.stream().map(TunnelConnection::id)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(client.active()).isZero();
            assertThat(server.active()).isZero();
            clientEnds.forEach(TunnelConnection::close);
            serverEnds.forEach(TunnelConnection::close);
        }
    }
}
