package dev.poolkit.pool.internal;

import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded model checking of the engine's lock-free paths with Lincheck (issue 15, "Why" item 9):
 * {@code tryAcquire}, {@code release} and {@code resize} on a pool of two, LIFO and FIFO. Each test
 * runs a small scenario on real threads under every interleaving Lincheck explores, and checks the
 * outcome against what any sequential order of the same calls gives. On the engine before issue 15
 * every LIFO case failed, and the shrink cases for FIFO too.
 *
 * <p>Which LIFO stripe a thread calls home decides which interleavings matter, so the threads are
 * placed on stripes by name ({@code stripe-<n>}): Lincheck replays a run with new threads, hence new
 * thread ids, and the engine's own placement by thread id would differ from run to run. The main
 * thread (any other name) is on stripe 0. A pool of two on two cores has eight stripes.
 */
@Timeout(120)
class PoolLincheckTest {

    private static final int INVOCATIONS = 200;

    static final java.util.function.ToIntFunction<Thread> BY_NAME = thread -> {
        String name = thread.getName();
        return name.startsWith("stripe-") ? Integer.parseInt(name.substring("stripe-".length())) : 0;
    };

    // Built once: the checked block should spend its steps on the engine, not on config validation.
    private static final PoolConfig LIFO_OF_TWO = PoolConfig.builder()
            .name("lincheck")
            .maxSize(2)
            .order(IdleOrder.LIFO)
            .build();
    private static final PoolConfig FIFO_OF_TWO =
            LIFO_OF_TWO.toBuilder().order(IdleOrder.FIFO).build();

    /** A pool of two with nothing in the background: direct executor, a scheduler never run. */
    static FairPool<Integer> pool(IdleOrder order) {
        FakeClock clock = new FakeClock();
        AtomicInteger ids = new AtomicInteger();
        return new FairPool<>(
                ids::incrementAndGet,
                order == IdleOrder.LIFO ? LIFO_OF_TWO : FIFO_OF_TWO,
                clock,
                new ManualScheduler(clock),
                Runnable::run,
                PoolListener.noop(),
                BY_NAME);
    }

    static Thread thread(int stripe, Runnable body) {
        return new Thread(body, "stripe-" + stripe);
    }

    /** Plain checks: Lincheck traces the calls in the checked block, and AssertJ's objects refuse equals. */
    private static void check(PoolStats stats, int size, int idle) {
        if (stats.size() != size || stats.idle() != idle) {
            throw new AssertionError("expected size=" + size + ", idle=" + idle + ", but was " + stats);
        }
    }

    static Stream<Arguments> twoThreads() {
        return Stream.of(IdleOrder.values()).map(order -> Arguments.of(order, 1, 2));
    }

    /** resize(1), then two leases come back at once: exactly one is surplus, the other stays idle. */
    @ParameterizedTest(name = "{0}, stripes {1} and {2}")
    @MethodSource("twoThreads")
    void shrink_twoLeasesReturnedAtOnce_oneStaysIdle(IdleOrder order, int stripe1, int stripe2) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FairPool<Integer> pool = pool(order);
            try {
                Lease<Integer> a = pool.acquire(Duration.ZERO);
                Lease<Integer> b = pool.acquire(Duration.ZERO);
                pool.resize(1);
                Thread t1 = thread(stripe1, a::release);
                Thread t2 = thread(stripe2, b::release);
                t1.start();
                t2.start();
                t1.join();
                t2.join();
                check(pool.stats(), 1, 1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                pool.close();
            }
        });
    }

    /** A return racing resize(1) while another lease is held: the returned one must be destroyed. */
    @ParameterizedTest(name = "{0}, stripes {1} and {2}")
    @MethodSource("twoThreads")
    void shrink_racingOneReturn_whileAnotherIsHeld_neverLeavesTwo(IdleOrder order, int stripe1, int stripe2) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FairPool<Integer> pool = pool(order);
            try {
                Lease<Integer> a = pool.acquire(Duration.ZERO);
                Lease<Integer> held = pool.acquire(Duration.ZERO);
                Thread t1 = thread(stripe1, a::release);
                Thread t2 = thread(stripe2, () -> pool.resize(1));
                t1.start();
                t2.start();
                t1.join();
                t2.join();
                check(pool.stats(), 1, 0);
                held.release();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                pool.close();
            }
        });
    }
}
