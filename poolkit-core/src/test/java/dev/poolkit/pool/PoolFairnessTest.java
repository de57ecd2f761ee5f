package dev.poolkit.pool;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** First come, first served: waiters are served in arrival order and nobody overtakes the queue. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolFairnessTest {

    private final CountingFactory factory = new CountingFactory();
    private final Pool<Resource> pool =
            Pool.builder(factory).name("fair").maxSize(1).build();

    @AfterEach
    void close() {
        pool.close();
    }

    private Thread waiter(int id, ConcurrentLinkedQueue<Integer> served, boolean virtual) {
        Runnable task = () -> {
            try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(30))) {
                served.add(id);
                lease.get().use();
                lease.get().done();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task);
    }

    @Test
    void waiters_areServedInArrivalOrder() throws Exception {
        Lease<Resource> held = pool.acquire();
        ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(waiter(i, served, i % 2 == 0));
            int queued = i + 1;
            await().until(() -> pool.stats().waiting() == queued);
        }
        held.release();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(served)
                .containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void releaser_reacquiringAtOnce_doesNotJumpTheQueue() throws Exception {
        Lease<Resource> held = pool.acquire();
        ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
        CountDownLatch waiterHolds = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(30))) {
                served.add(1);
                waiterHolds.countDown();
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> pool.stats().waiting() == 1);
        held.release();
        // The releaser tries again at once, without yielding: the resource is already the waiter's.
        assertThat(pool.tryAcquire()).isEmpty();
        assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
        waiterHolds.await();
        letGo.countDown();
        waiter.join();
        assertThat(served).containsExactly(1);
    }

    @Test
    void releaser_reacquiring_isServedAfterEveryEarlierWaiter() throws Exception {
        ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
        Lease<Resource> held = pool.acquire();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(waiter(i, served, true));
            int queued = i + 1;
            await().until(() -> pool.stats().waiting() == queued);
        }
        held.release();
        try (Lease<Resource> again = pool.acquire(Duration.ofSeconds(30))) {
            // Every waiter records itself while it holds the resource, before passing it on.
            assertThat(served)
                    .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
