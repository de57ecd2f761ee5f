package dev.poolkit.net.service;

import static dev.poolkit.net.service.ServiceTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostTestKit;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 16 threads x 10,000 request/response round trips through a 3-host service with the default
 * strategy, one host killed and restarted during the run, on platform and on virtual threads. No
 * request may be lost: each one succeeds (retried, on the host the strategy picks next, when its
 * connection broke) or fails with a typed exception, and both are counted; every answer must be the
 * request's own; at the end every connection is closed (the servers' counts) and no {@code
 * poolkit-} thread is left.
 */
class ServiceStressTest {

    private static final int THREADS = 16;
    private static final int REQUESTS = 10_000;
    private static final int TOTAL = THREADS * REQUESTS;
    /** Tries of one request before it counts as failed. */
    private static final int TRIES = 8;

    enum ThreadKind {
        PLATFORM,
        VIRTUAL
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void roundTrips_oneHostKilledAndRestarted_noRequestLost(ThreadKind kind) throws Exception {
        List<LoopbackServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(LoopbackServer.start(LoopbackServer.Mode.ECHO));
        }
        Service service = Service.builder("stress-" + kind.name().toLowerCase(java.util.Locale.ROOT))
                .config(ServiceConfig.builder()
                        .hostPool(HostTestKit.config(HostTestKit.pool(THREADS, 1))
                                .dialer(DialerConfig.builder()
                                        .readTimeout(Duration.ofSeconds(10)) // a hang fails the request
                                        .build())
                                .build())
                        .build())
                .build();
        servers.forEach(s -> service.add(address(s)));

        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Runnable client = () -> {
                try {
                    start.await();
                    for (int i = 0; i < REQUESTS; i++) {
                        if (request(service, id, i, retried, problems)) {
                            succeeded.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    problems.add("client " + id + " stopped: " + e);
                }
            };
            clients.add(
                    kind == ThreadKind.PLATFORM
                            ? Thread.ofPlatform().name("stress-client-" + t).start(client)
                            : Thread.ofVirtual().name("stress-client-" + t).start(client));
        }

        start.countDown();
        LoopbackServer victim = servers.get(1);
        Awaits.await().atMost(Duration.ofSeconds(120)).until(() -> done(succeeded, failed) >= TOTAL / 3);
        victim.stop();
        Awaits.await().atMost(Duration.ofSeconds(120)).until(() -> done(succeeded, failed) >= 2 * TOTAL / 3);
        victim.restart();
        for (Thread client : clients) {
            client.join();
        }

        HostStatus killed = service.hosts().get(1);
        service.close();
        assertThat(problems).as("problems").isEmpty();
        assertThat(succeeded.get() + failed.get()).as("requests accounted for").isEqualTo(TOTAL);
        assertThat(failed.get())
                .as("requests that failed every try (retried %d times in all)", retried.get())
                .isZero();
        assertThat(killed.failures() + killed.getFailures())
                .as("failures seen on the killed host")
                .isPositive();
        for (LoopbackServer server : servers) {
            Awaits.await().until(() -> server.openConnections() == 0);
            server.close();
        }
        Threads.assertNoPoolkitThreads();
    }

    private static long done(AtomicLong succeeded, AtomicLong failed) {
        return succeeded.get() + failed.get();
    }

    /**
     * One request: 16 bytes that name it, echoed back; on a broken connection, retried on the host
     * the strategy picks next. Returns whether it succeeded; a wrong answer is a problem.
     */
    private static boolean request(
            Service service, int client, int sequence, AtomicLong retried, Queue<String> problems)
            throws InterruptedException {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            if (attempt > 0) {
                retried.incrementAndGet();
            }
            byte[] request = ByteBuffer.allocate(16)
                    .putInt(client)
                    .putInt(sequence)
                    .putLong(attempt)
                    .array();
            Connection c;
            try {
                c = service.getConnection();
            } catch (NoHostAvailableException e) {
                continue; // typed, and counted by the caller if every try fails
            }
            try {
                c.output().write(request);
                byte[] answer = c.input().readNBytes(request.length);
                if (answer.length < request.length) {
                    throw new java.io.EOFException("the host closed the connection");
                }
                if (!Arrays.equals(answer, request)) {
                    problems.add("client " + client + " request " + sequence + " got somebody else's answer");
                }
                c.release(null, 1.0);
                return true;
            } catch (IOException e) {
                c.release(e, 1.0); // fatal: closed, and the host scored down
            }
        }
        return false;
    }
}
