package dev.poolkit.pool;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who gets a resource when callers wait: waiters are served in arrival order in every mode; under
 * STRICT nobody overtakes the queue; under BOUNDED a running caller may take a returned resource
 * while the longest waiter is younger than {@code fairnessThreshold}, and not once it is older.
 * (How long the longest wait gets with more threads than cores is measured by {@code
 * AcquireLatencyBenchmark}, not asserted here: it is wall-clock time.)
 *
 * <p>The modes: {@code STRICT}; {@code BOUNDED} with a threshold of one nanosecond, which every waiter
 * has passed by the time a test releases (so the pool hands off as STRICT does); and {@code BOUNDED}
 * with an hour, which no waiter reaches in a test (so running callers always may bypass it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolFairnessTest {

    private final CountingFactory factory = new CountingFactory();
    private final List<Pool<Resource>> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(Pool::close);
    }

    private Pool<Resource> pool(Fairness fairness, Duration threshold) {
        Pool<Resource> pool = Pool.builder(factory)
                .name("fair")
                .maxSize(1)
                .fairness(fairness)
                .fairnessThreshold(threshold)
                .build();
        pools.add(pool);
        return pool;
    }

    /** Every mode, as (fairness, threshold). */
    static Stream<Object[]> everyMode() {
        return Stream.of(
                new Object[] {Fairness.STRICT, PoolConfig.DEFAULT_FAIRNESS_THRESHOLD},
                new Object[] {Fairness.BOUNDED, Duration.ofNanos(1)},
                new Object[] {Fairness.BOUNDED, Duration.ofHours(1)});
    }

    /** The modes in which a waiter that has waited at all gets the next returned resource. */
    static Stream<Object[]> handingOff() {
        return everyMode().limit(2);
    }

    private static Thread waiter(Pool<Resource> pool, int id, ConcurrentLinkedQueue<Integer> served, boolean virtual) {
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

    @ParameterizedTest(name = "{0}, threshold {1}")
    @MethodSource("everyMode")
    void waiters_areServedInArrivalOrder(Fairness fairness, Duration threshold) throws Exception {
        Pool<Resource> pool = pool(fairness, threshold);
        Lease<Resource> held = pool.acquire();
        ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(waiter(pool, i, served, i % 2 == 0));
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

    @ParameterizedTest(name = "{0}, threshold {1}")
    @MethodSource("handingOff")
    void releaser_reacquiringAtOnce_doesNotJumpTheQueue(Fairness fairness, Duration threshold) throws Exception {
        Pool<Resource> pool = pool(fairness, threshold);
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

    @ParameterizedTest(name = "{0}, threshold {1}")
    @MethodSource("handingOff")
    void releaser_reacquiring_isServedAfterEveryEarlierWaiter(Fairness fairness, Duration threshold) throws Exception {
        Pool<Resource> pool = pool(fairness, threshold);
        ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
        Lease<Resource> held = pool.acquire();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(waiter(pool, i, served, true));
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

    /**
     * The point of BOUNDED: with a young queue, the thread that returns a resource can take it
     * straight back instead of waiting for a waiter to wake up. Whether it wins depends on whether
     * the woken waiter runs first, so the test gives it up to 100 rounds (it wins in the first
     * practically always); each round the waiter is queued before the release.
     */
    @Test
    void bounded_youngQueue_releaserMayTakeItsResourceBack() throws Exception {
        Pool<Resource> pool = pool(Fairness.BOUNDED, Duration.ofHours(1));
        Lease<Resource> held = pool.acquire();
        boolean tookItBack = false;
        for (int round = 0; round < 100 && !tookItBack; round++) {
            ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
            Thread waiter = waiter(pool, round, served, true);
            await().until(() -> pool.stats().waiting() == 1);
            held.release();
            Optional<Lease<Resource>> again = pool.tryAcquire();
            tookItBack = again.isPresent();
            again.ifPresent(Lease::release);
            waiter.join(); // served either way: after the releaser, or instead of it
            assertThat(served).containsExactly(round);
            held = pool.acquire();
        }
        held.release();
        assertThat(tookItBack)
                .as("the releaser took its resource back in one of 100 rounds")
                .isTrue();
    }
}
