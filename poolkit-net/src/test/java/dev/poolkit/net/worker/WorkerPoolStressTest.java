package dev.poolkit.net.worker;

import static dev.poolkit.net.worker.TestHandlers.ECHO;
import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.poolkit.pool.testing.Threads;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many real clients at once: fixed client and message counts, a start gate, a failure queue that
 * must stay empty, and a bound on every test.
 */
@Tag("stress")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkerPoolStressTest {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPoolStressTest.class);
    private static final int MESSAGES_PER_CLIENT = 10;
    /** Descriptors kept free for the JVM, the build and the test's own files. */
    private static final long FD_HEADROOM = 512;

    /**
     * How many clients this JVM can open: each costs two file descriptors here (the client socket and
     * the accepted one). If the limit ({@code ulimit -n}) is too low for {@code wanted}, says so and
     * returns what fits.
     */
    static int clientsWithinFdLimit(int wanted) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return wanted;
        }
        long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - FD_HEADROOM;
        long fit = Math.max(0, free / 2);
        if (fit < wanted) {
            LOG.warn(
                    "File-descriptor limit {} (ulimit -n) with {} open allows {} of the {} clients wanted; "
                            + "the test runs with {}. Raise the limit to at least {} to run it in full.",
                    unix.getMaxFileDescriptorCount(),
                    unix.getOpenFileDescriptorCount(),
                    fit,
                    wanted,
                    fit,
                    unix.getOpenFileDescriptorCount() + FD_HEADROOM + 2L * wanted);
            return (int) fit;
        }
        LOG.info(
                "File-descriptor limit {} (ulimit -n) with {} open: room for all {} clients",
                unix.getMaxFileDescriptorCount(),
                unix.getOpenFileDescriptorCount(),
                wanted);
        return wanted;
    }

    /**
     * Connects {@code clients} clients (at most 64 connecting at a time, so the listen backlog never
     * overflows), waits until the pool serves all of them at once, then lets each exchange {@link
     * #MESSAGES_PER_CLIENT} echoed messages and close; asserts that every reply was right.
     */
    private static void runClients(AcceptLoop loop, int clients) throws Exception {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        WorkerPool pool = loop.pool();
        Semaphore connecting = new Semaphore(64);
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            int id = i;
            threads.add(Thread.ofVirtual().name("client-" + i).start(() -> {
                try {
                    TestClient client;
                    connecting.acquire();
                    try {
                        client = TestClient.connect(loop);
                    } finally {
                        connecting.release();
                        connected.countDown();
                    }
                    try (client) {
                        gate.await();
                        for (int m = 0; m < MESSAGES_PER_CLIENT; m++) {
                            String text = "client " + id + " message " + m;
                            if (client.exchange(text).equals(text)) {
                                answered.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        assertThat(connected.await(120, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.busy() == clients || !failures.isEmpty());
        assertThat(failures).isEmpty();
        assertThat(pool.busy()).as("all clients served at once").isEqualTo(clients);
        gate.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertThat(failures).isEmpty();
        assertThat(answered).hasValue(clients * MESSAGES_PER_CLIENT);
    }

    @Test
    @DisplayName("VIRTUAL: 5,000 concurrent clients exchange 10 messages each; all answered; nothing left after stop")
    void virtual_fiveThousandClients_allAnswered() throws Exception {
        int clients = clientsWithinFdLimit(5_000);
        assertThat(clients).as("file descriptors for at least 100 clients").isGreaterThanOrEqualTo(100);
        WorkerPool pool = WorkerPool.forMessages(ECHO)
                .name("stress")
                .threadMode(ThreadMode.VIRTUAL)
                .clientDeadline(Duration.ofMinutes(2))
                .build();
        AcceptLoop loop = AcceptLoop.builder(pool).backlog(4096).start();
        try {
            runClients(loop, clients);
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.busy() == 0);
            assertThat(pool.workers()).as("back to minWorkers (0)").isZero();
            WorkerPoolStats stats = pool.stats();
            assertThat(stats.accepted()).isEqualTo(clients);
            assertThat(stats.rejected()).isZero();
            assertThat(stats.messages()).isEqualTo((long) clients * MESSAGES_PER_CLIENT);
            assertThat(stats.bytesRead()).isEqualTo(stats.bytesWritten());
            assertThat(stats.handlerFailures()).isZero();
            assertThat(stats.clientTimeouts()).isZero();
        } finally {
            assertThat(loop.stop(Duration.ofSeconds(30))).isTrue();
            loop.close();
        }
        assertThat(pool.workers()).isZero();
        assertThat(pool.busy()).isZero();
        Threads.assertNoPoolkitThreads();
    }

    @Test
    @DisplayName("PLATFORM: 500 concurrent clients on pooled platform workers; reaped back to minWorkers")
    void platform_fiveHundredClients_allAnsweredThenReaped() throws Exception {
        int clients = clientsWithinFdLimit(500);
        WorkerPool pool = WorkerPool.forMessages(ECHO)
                .name("stress-platform")
                .minWorkers(4)
                .reapInterval(Duration.ofMillis(50))
                .clientDeadline(Duration.ofMinutes(2))
                .build();
        AcceptLoop loop = AcceptLoop.builder(pool).backlog(4096).start();
        try {
            runClients(loop, clients);
            await().until(() -> pool.busy() == 0);
            await().until(() -> pool.workers() == 4);
        } finally {
            loop.close();
        }
        assertThat(pool.workers()).isZero();
        Threads.assertNoPoolkitThreads();
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("overload: 400 clients that all stay until each has a reply, 50 workers: 50 served, 350 BUSY")
    void overload_servedPlusRejectedIsEveryone(ThreadMode mode) throws Exception {
        WorkerPool pool = WorkerPool.forMessages(ECHO)
                .name("overload")
                .threadMode(mode)
                .maxWorkers(50)
                .build();
        AcceptLoop loop = AcceptLoop.builder(pool)
                .backlog(4096)
                .busyReply("BUSY".getBytes(StandardCharsets.US_ASCII))
                .start();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger maxBusySeen = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch replied = new CountDownLatch(400);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                int id = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        gate.await();
                        try (TestClient client = TestClient.connect(loop)) {
                            String reply = client.exchange("r" + (id % 10) + "xx");
                            maxBusySeen.accumulateAndGet(pool.busy(), Math::max);
                            if (reply.equals("BUSY")) {
                                refused.incrementAndGet();
                            } else {
                                assertThat(reply).isEqualTo("r" + (id % 10) + "xx");
                                served.incrementAndGet();
                            }
                            replied.countDown();
                            replied.await(); // a served client keeps its worker busy until everyone has an answer
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            gate.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(120));
            }
            assertThat(failures).isEmpty();
            assertThat(served).hasValue(50);
            assertThat(refused).hasValue(350);
            await().until(() -> pool.busy() == 0);
            WorkerPoolStats stats = pool.stats();
            assertThat(stats.accepted()).isEqualTo(served.get());
            assertThat(stats.rejected()).isEqualTo(refused.get());
            assertThat(maxBusySeen.get()).isLessThanOrEqualTo(50);
            if (mode == ThreadMode.PLATFORM) {
                assertThat(pool.workers()).isLessThanOrEqualTo(50);
            }
        } finally {
            loop.close();
        }
        Threads.assertNoPoolkitThreads();
    }
}
