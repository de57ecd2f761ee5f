package dev.poolkit.pool.internal;

import dev.poolkit.pool.Fairness;
import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Model checking of the wait queue with Lincheck, in both fairness modes: blocking acquires that
 * queue, a release that hands off (STRICT) or wakes the head (BOUNDED), and a thread that releases
 * and asks again at once, under every interleaving Lincheck explores. It checks who is served, in
 * which order, and the counts afterwards. It cannot see a lost wake-up: Lincheck lets a timed park
 * return at any moment (as a timeout), and every wait in the pool is timed. {@code
 * PoolFairnessTest} sees one (the waiter times out instead of being served).
 *
 * <p>Lincheck's sequential specifications cannot express an acquire that waits for another thread
 * (see {@link PoolSpecLincheckTest}), so these are scenarios with an outcome check, as in {@link
 * PoolLincheckTest}. BOUNDED's switch to hand-off once the head has waited {@code fairnessThreshold}
 * depends on real time, which a model checker must not see; here the threshold is an hour (running
 * callers may always bypass), and {@code PoolFairnessTest} and {@code PoolStressTest} cover the switch.
 */
@Tag("lincheck")
@Timeout(120)
class PoolQueueLincheckTest {

    /**
     * Interleavings explored per mode. The scenario has few switch points that matter (a release
     * against two parked waiters), and most of a run's time is Lincheck's fixed cost per test, so 15
     * (down from 30) keeps the run time of all Lincheck tests well under a minute.
     */
    private static final int INVOCATIONS = 15;

    /**
     * A pool of one, leased by the main thread; T1 and then T2 queue for it. The main thread releases
     * and tries at once to lease again (and releases again if it got the resource). Both waiters are
     * served, in arrival order; under STRICT the releaser gets nothing, since the resource was handed
     * to T1.
     */
    @ParameterizedTest
    @EnumSource(Fairness.class)
    void release_withTwoQueued_servesBothInArrivalOrder(Fairness fairness) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FairPool<Integer> pool = PoolLincheckTest.pool(IdleOrder.FIFO, fairness, PoolLincheckTest.BY_NAME);
            ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
            try {
                Lease<Integer> held = pool.acquire(Duration.ZERO);
                pool.resize(1);
                Thread t1 = PoolLincheckTest.thread(1, () -> leaseOnce(pool, 1, served));
                Thread t2 = PoolLincheckTest.thread(2, () -> leaseOnce(pool, 2, served));
                t1.start();
                awaitWaiting(pool, 1);
                t2.start();
                awaitWaiting(pool, 2);
                held.release();
                Optional<Lease<Integer>> again = pool.tryAcquire();
                if (fairness == Fairness.STRICT && again.isPresent()) {
                    throw new AssertionError("the releaser overtook the queue");
                }
                again.ifPresent(Lease::release);
                t1.join();
                t2.join();
                if (!String.valueOf(served).equals("[1, 2]")) {
                    throw new AssertionError("served " + served + ", expected [1, 2]");
                }
                PoolStats stats = pool.stats();
                if (stats.size() != 1 || stats.idle() != 1 || stats.waiting() != 0) {
                    throw new AssertionError("expected size=1, idle=1, waiting=0, but was " + stats);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                pool.close();
            }
        });
    }

    private static void leaseOnce(FairPool<Integer> pool, int id, ConcurrentLinkedQueue<Integer> served) {
        try {
            Lease<Integer> lease = pool.acquire(Duration.ofMinutes(1));
            served.add(id);
            lease.release();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitWaiting(FairPool<Integer> pool, int waiting) {
        while (pool.stats().waiting() < waiting) {
            Thread.yield();
        }
    }
}
