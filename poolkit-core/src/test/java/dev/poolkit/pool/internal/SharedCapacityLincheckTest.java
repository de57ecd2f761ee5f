package dev.poolkit.pool.internal;

import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded model checking of the lock-free part of the shared capacity (issue 19): the
 * compare-and-set that takes room while nobody waits for it, in {@link FairPool}'s reserve, against
 * another pool's reserve and against the same pool's background refill (which reserves without the
 * pool's lock, so its room taken before the pool's own size check fails is given back). After every
 * interleaving the room taken must equal the places the pools hold, and never exceed the limit.
 * Threads are placed on LIFO stripes by name, as in {@link PoolLincheckTest}.
 */
@Tag("lincheck")
@Timeout(120)
class SharedCapacityLincheckTest {

    /**
     * Interleavings per test; a reserve that keeps the capacity's room after losing the pool's own
     * compare-and-set still fails the refill race at 30 (checked when the count came down from 100).
     */
    private static final int INVOCATIONS = 30;

    private static final PoolConfig ONE =
            PoolConfig.builder().name("lincheck").maxSize(1).build();
    private static final PoolConfig ONE_KEPT_READY = ONE.toBuilder().minIdle(1).build();

    static {
        // A refused caller builds a PoolTimeoutException: load the formatter's locale data before the
        // checked block, so that Lincheck spends its steps on the pools, not on the JDK's first format.
        String.format(java.util.Locale.ROOT, "%s %d", "warm", 1);
    }

    private static FairPool<Integer> pool(SharedCapacity capacity, PoolConfig config, ManualScheduler scheduler) {
        AtomicInteger ids = new AtomicInteger();
        return capacity.newPool(
                ids::incrementAndGet,
                config,
                new FakeClock(),
                scheduler,
                Runnable::run,
                PoolListener.noop(),
                PoolLincheckTest.BY_NAME);
    }

    /** Plain checks: Lincheck traces the calls in the checked block. */
    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static boolean tryLease(FairPool<Integer> pool) {
        try {
            pool.acquire(Duration.ZERO).release();
            return true;
        } catch (PoolTimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Two keys race for the last room: exactly one creates, and the room taken is its one place. */
    @Test
    void twoPools_raceForTheLastRoom_exactlyOneCreates() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FakeClock clock = new FakeClock();
            ManualScheduler scheduler = new ManualScheduler(clock);
            SharedCapacity capacity = new SharedCapacity("lincheck", 1, scheduler);
            FairPool<Integer> a = pool(capacity, ONE, scheduler);
            FairPool<Integer> b = pool(capacity, ONE, scheduler);
            try {
                boolean[] leased = new boolean[2];
                Thread t1 = PoolLincheckTest.thread(1, () -> leased[0] = tryLease(a));
                Thread t2 = PoolLincheckTest.thread(2, () -> leased[1] = tryLease(b));
                t1.start();
                t2.start();
                t1.join();
                t2.join();
                check(leased[0] != leased[1], "exactly one lease, but was " + leased[0] + "/" + leased[1]);
                int places = a.stats().size() + b.stats().size();
                check(places == 1 && capacity.used() == 1, "places " + places + ", used " + capacity.used());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                a.close();
                b.close();
            }
        });
    }

    /**
     * The background refill (no lock) and an acquire (under the lock) race for a pool's only place
     * with room for two in the capacity: whichever loses the pool's own compare-and-set gives back the
     * room it took.
     */
    @Test
    void refillRacingAnAcquire_forThePoolsOnlyPlace_roomMatchesPlaces() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FakeClock clock = new FakeClock();
            ManualScheduler scheduler = new ManualScheduler(clock);
            SharedCapacity capacity = new SharedCapacity("lincheck", 2, scheduler);
            FairPool<Integer> a = pool(capacity, ONE_KEPT_READY, scheduler);
            try {
                // The caller may lose (the refill's creation holds the place): acquire(ZERO) then fails.
                Thread refill = PoolLincheckTest.thread(1, scheduler::runDue);
                Thread caller = PoolLincheckTest.thread(2, () -> tryLease(a));
                refill.start();
                caller.start();
                refill.join();
                caller.join();
                int places = a.stats().size();
                check(places == 1 && capacity.used() == 1, "places " + places + ", used " + capacity.used());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                a.close();
            }
        });
    }
}
