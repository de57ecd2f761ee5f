package dev.poolkit.pool.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.keyed.KeyedTestFactory.Resource;
import dev.poolkit.pool.testing.Awaits;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 16 threads on 8 keys with {@code maxPerKey} 3 and {@code maxTotal} 5, so that nearly every acquire
 * of a key without an idle resource has to take room from another key. Checks that {@code maxTotal}
 * holds at every moment (not only at the end), that no resource is leased twice at once, that every
 * operation completes, and the pool's invariants once it is quiet and after close.
 *
 * <p>With {@code direct} the factory runs on the calling thread, so a retired resource is destroyed
 * before its room is given back: then even the resources alive from the factory's view never exceed
 * {@code maxTotal}, which the factory checks at every creation. With the default executor a destroy
 * may still be running when the room is used again, so the check is on the leases held at once.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyedPoolStressTest {

    enum ThreadKind {
        PLATFORM,
        VIRTUAL
    }

    private static final int MAX_TOTAL = 5;
    private static final int KEYS = 8;

    @ParameterizedTest(name = "{0}, direct executor {1}")
    @CsvSource({"PLATFORM, true", "VIRTUAL, true", "PLATFORM, false", "VIRTUAL, false"})
    void hammer_16Threads8Keys_maxTotalExactAtEveryMoment(ThreadKind kind, boolean direct) throws Exception {
        KeyedTestFactory factory = new KeyedTestFactory();
        KeyedPoolBuilder<String, Resource> builder = KeyedPool.builder(factory)
                .name("stress-" + kind.name().toLowerCase() + "-" + direct)
                .maxPerKey(3)
                .maxTotal(MAX_TOTAL);
        if (direct) {
            builder.executor(Runnable::run);
        }
        KeyedPool<String, Resource> pool = builder.build();
        int threads = 16;
        int ops = kind == ThreadKind.VIRTUAL ? 1_000 : 2_000;

        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong completed = new AtomicLong();
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        Runnable work = () -> {
            try {
                start.await();
                for (int op = 0; op < ops; op++) {
                    String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
                    Lease<Resource> lease = pool.acquire(key, Duration.ofSeconds(60));
                    maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    Resource resource = lease.get();
                    assertThat(resource.key()).isEqualTo(key);
                    resource.use();
                    if (op % 5 == 0) {
                        Thread.yield();
                    }
                    resource.done();
                    held.decrementAndGet();
                    if (op % 11 == 0) {
                        lease.invalidate();
                    } else {
                        lease.release();
                    }
                    completed.incrementAndGet();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(
                    kind == ThreadKind.VIRTUAL
                            ? Thread.ofVirtual().start(work)
                            : Thread.ofPlatform().start(work));
        }
        // A metrics scrape meanwhile: no counter of the totals goes back.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                PoolStats last = pool.stats();
                while (running.get()) {
                    PoolStats now = pool.stats();
                    assertThat(now.created()).isGreaterThanOrEqualTo(last.created());
                    assertThat(now.destroyed()).isGreaterThanOrEqualTo(last.destroyed());
                    assertThat(now.acquired()).isGreaterThanOrEqualTo(last.acquired());
                    assertThat(now.maxSize()).isEqualTo(MAX_TOTAL);
                    last = now;
                    Thread.yield();
                }
            } catch (Throwable e) {
                readerFailure.set(e);
            }
        });
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        running.set(false);
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(readerFailure.get()).isNull();
        assertThat(completed.get()).isEqualTo((long) threads * ops);
        assertThat(maxHeld.get()).as("leases held at once").isBetween(1, MAX_TOTAL);
        if (direct) {
            assertThat(factory.maxLive()).as("resources alive at once").isBetween(1, MAX_TOTAL);
        }
        PoolInvariants.assertQuiescent(pool::stats);
        PoolStats stats = pool.stats();
        assertThat(stats.size()).isBetween(1, MAX_TOTAL);
        assertThat(stats.acquired()).isEqualTo((long) threads * ops);
        assertThat(stats.created()).isEqualTo(factory.created());
        pool.close();
        Awaits.await().until(() -> factory.live() == 0);
        assertThat(pool.stats().size()).isZero();
        Threads.assertNoPoolkitThreads();
    }
}
