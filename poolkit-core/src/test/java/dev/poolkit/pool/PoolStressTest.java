package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.PoolInvariants;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many threads hammer a small pool for a fixed number of operations. Checks that no resource is ever
 * leased twice at once (each resource's in-use flag), that every operation completes (no lost lease,
 * no deadlock), and that after close every created resource was destroyed exactly once and no
 * {@code poolkit-} thread remains.
 *
 * <p>Every case runs in both fairness modes. With this many threads on eight resources the queue is
 * never empty, so this is where blocking acquires, hand-offs and BOUNDED's barging meet; BOUNDED runs
 * with the default threshold and with 50 µs, which makes the queue switch between barging and
 * hand-off all the time.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolStressTest {

    enum ThreadKind {
        PLATFORM,
        VIRTUAL
    }

    @ParameterizedTest(name = "{0} x{1}, faults={2}, {3}, {5} {6} µs")
    @CsvSource({
        "PLATFORM, 64, false, LIFO, 2000, STRICT, 1000",
        "PLATFORM, 64, false, LIFO, 2000, BOUNDED, 1000",
        "PLATFORM, 64, false, LIFO, 2000, BOUNDED, 50",
        "VIRTUAL, 10000, false, LIFO, 20, STRICT, 1000",
        "VIRTUAL, 10000, false, LIFO, 20, BOUNDED, 1000",
        "PLATFORM, 64, true, LIFO, 2000, STRICT, 1000",
        "PLATFORM, 64, true, LIFO, 2000, BOUNDED, 50",
        "VIRTUAL, 10000, true, LIFO, 20, STRICT, 1000",
        "VIRTUAL, 10000, true, LIFO, 20, BOUNDED, 1000",
        "PLATFORM, 64, false, FIFO, 1000, STRICT, 1000",
        "PLATFORM, 64, false, FIFO, 1000, BOUNDED, 1000",
        "VIRTUAL, 10000, true, FIFO, 10, STRICT, 1000",
        "VIRTUAL, 10000, true, FIFO, 10, BOUNDED, 50",
    })
    void hammer_smallPool_keepsInvariants(
            ThreadKind kind,
            int threads,
            boolean faults,
            IdleOrder order,
            int opsPerThread,
            Fairness fairness,
            long thresholdMicros)
            throws Exception {
        CountingFactory factory = new CountingFactory();
        if (faults) {
            // 10% of creations fail, 10% of validations reject; validate every acquire.
            factory.failCreateWhen(n -> ThreadLocalRandom.current().nextInt(10) == 0);
            factory.validWhen(r -> ThreadLocalRandom.current().nextInt(10) != 0);
        }
        String name = "stress-" + kind.name().toLowerCase() + "-" + faults + "-"
                + order.name().toLowerCase() + "-" + fairness.name().toLowerCase() + "-" + thresholdMicros;
        Pool<Resource> pool = Pool.builder(factory)
                .name(name)
                .maxSize(8)
                .minIdle(faults ? 2 : 0)
                .order(order)
                .fairness(fairness)
                .fairnessThreshold(Duration.ofNanos(thresholdMicros * 1000))
                .validateOnAcquire(faults)
                .validationIdleThreshold(Duration.ZERO)
                .creationRetryInitialDelay(Duration.ofMillis(1))
                .acquireTimeout(Duration.ofSeconds(60))
                .build();

        try {
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong completed = new AtomicLong();
            AtomicLong creationErrors = new AtomicLong();
            List<Thread> workers = new ArrayList<>(threads);
            Runnable work = () -> {
                try {
                    start.await();
                    for (int op = 0; op < opsPerThread; op++) {
                        try {
                            Lease<Resource> lease = pool.acquire();
                            Resource resource = lease.get();
                            resource.use();
                            if (op % 7 == 0) {
                                Thread.yield();
                            }
                            resource.done();
                            if (op % 20 == 0) {
                                lease.invalidate();
                            } else {
                                lease.release();
                            }
                            if (op % 50 == 0) {
                                lease.release(); // a double release must never free someone else's lease
                            }
                        } catch (ResourceCreationException e) {
                            creationErrors.incrementAndGet();
                        }
                        completed.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            };
            for (int i = 0; i < threads; i++) {
                workers.add(
                        kind == ThreadKind.VIRTUAL
                                ? Thread.ofVirtual().unstarted(work)
                                : Thread.ofPlatform().unstarted(work));
            }
            // Meanwhile, stats() is read as a metrics scrape would: lock-free, and no counter may go back.
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    PoolStats last = pool.stats();
                    while (running.get()) {
                        PoolStats now = pool.stats();
                        assertThat(now.created()).isGreaterThanOrEqualTo(last.created());
                        assertThat(now.destroyed()).isGreaterThanOrEqualTo(last.destroyed());
                        assertThat(now.acquired()).isGreaterThanOrEqualTo(last.acquired());
                        assertThat(now.creationFailures()).isGreaterThanOrEqualTo(last.creationFailures());
                        assertThat(now.leased()).isBetween(0, 8);
                        last = now;
                        Thread.yield(); // a scrape loop, not a spinning core: the workers need the CPU
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.forEach(Thread::start);
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            running.set(false);
            reader.join();

            assertThat(failures).isEmpty();
            assertThat(completed.get()).isEqualTo((long) threads * opsPerThread);
            PoolInvariants.assertQuiescent(pool); // size == idle + leased, created - destroyed == size
            PoolStats stats = pool.stats();
            assertThat(stats.leased()).as("no lease lost").isZero();
            assertThat(stats.size()).isLessThanOrEqualTo(8);
            assertThat(stats.acquired() + creationErrors.get()).isEqualTo(completed.get());
            if (!faults) {
                assertThat(creationErrors.get()).isZero();
            }
        } finally {
            pool.close(); // also when an assertion failed: a pool left open fails the next tests' thread checks
        }
        PoolInvariants.assertClosed(pool);
        assertThat(factory.live()).as("every created resource destroyed").isZero();
        assertThat(factory.destroyed()).isEqualTo(factory.created());
        Threads.assertNoThreadsNamed("poolkit-pool-" + name);
    }
}
