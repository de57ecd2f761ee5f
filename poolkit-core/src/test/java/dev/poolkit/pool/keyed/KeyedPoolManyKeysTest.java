package dev.poolkit.pool.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.keyed.KeyedTestFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100,000 distinct keys, each used once, in batches of 500, with simulated time letting each batch
 * go idle: the pools of idle keys are removed, so the number of keys, the background tasks, the
 * threads and the heap stay flat however many keys have come and gone, while the totals keep
 * counting every resource ever created.
 */
@Tag("stress")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeyedPoolManyKeysTest {

    private static final int KEYS = 100_000;
    private static final int BATCH = 500;

    @Test
    void distinctKeys_100000_memoryTasksAndThreadsStayFlat() throws Exception {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        KeyedTestFactory factory = new KeyedTestFactory();
        KeyedPool<String, Resource> pool = KeyedPool.builder(factory)
                .name("many")
                .maxPerKey(1)
                .maxTotal(KEYS)
                .perKey(PoolConfig.builder().idleTimeout(Duration.ofMillis(100)).build())
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .build();
        int threadsBefore = Thread.getAllStackTraces().size();
        long heapAfterWarmUp = 0;
        int maxKeys = 0;
        int maxTasks = 0;
        for (int i = 0; i < KEYS; i++) {
            try (Lease<Resource> lease = pool.acquire("key-" + i)) {
                assertThat(lease.get().key()).isEqualTo("key-" + i);
            }
            if ((i + 1) % BATCH == 0) {
                maxKeys = Math.max(maxKeys, pool.keys().size());
                maxTasks = Math.max(maxTasks, scheduler.pending());
                scheduler.elapse(clock, Duration.ofMillis(300)); // the batch idles out and is removed
                assertThat(pool.keys())
                        .as("keys left after batch %d", i / BATCH)
                        .isEmpty();
                if (i + 1 == 10 * BATCH) {
                    heapAfterWarmUp = usedHeap();
                }
            }
        }
        long heapAtEnd = usedHeap();

        assertThat(maxKeys).as("keys with a pool at once").isEqualTo(BATCH);
        assertThat(maxTasks).as("scheduled tasks at once").isLessThanOrEqualTo(BATCH + 2);
        assertThat(scheduler.pending())
                .as("tasks left: the keyed pool's housekeeping")
                .isEqualTo(1);
        assertThat(Thread.getAllStackTraces().size()).as("threads").isLessThanOrEqualTo(threadsBefore);
        assertThat(heapAtEnd - heapAfterWarmUp)
                .as("heap growth from 5,000 to 100,000 keys, bytes")
                .isLessThan(16L << 20);
        PoolStats totals = pool.stats();
        assertThat(totals)
                .extracting(PoolStats::size, PoolStats::created, PoolStats::destroyed, PoolStats::acquired)
                .containsExactly(0, (long) KEYS, (long) KEYS, (long) KEYS);
        assertThat(factory.live()).isZero();
        pool.close();
    }

    /** The heap in use after a full collection; two in a row, so that finalizable garbage is gone too. */
    private static long usedHeap() {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
