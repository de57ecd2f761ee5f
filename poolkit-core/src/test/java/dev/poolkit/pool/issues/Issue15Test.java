package dev.poolkit.pool.issues;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Defects that a peer's own test cases found in the engine (issue 15, "Why" item 8: Stormpot's and
 * Commons Pool's suites re-expressed in poolkit's API). Each test failed on the engine before the
 * fix. The model-checker findings of item 9 are in {@code dev.poolkit.pool.lincheck}.
 */
@Timeout(60)
class Issue15Test {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Pool<?>> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(Pool::close);
    }

    private <T> Pool<T> pool(Pool<T> pool) {
        pools.add(pool);
        return pool;
    }

    /** Lets simulated time pass in 100 ms steps, running background work as it comes due. */
    private void elapse(Duration duration) {
        Duration step = Duration.ofMillis(100);
        for (Duration left = duration; left.isPositive(); left = left.minus(step)) {
            clock.advance(left.compareTo(step) < 0 ? left : step);
            scheduler.runDue();
        }
    }

    // ------------------------------------------------------------ an Error from a callback

    @Test
    void create_throwingError_reachesCallerAsCreationFailure_andFreesThePlace() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        Pool<Object> pool = pool(Pool.<Object>builder(() -> {
                    if (fail.get()) {
                        throw new AssertionError("factory broke");
                    }
                    return new Object();
                })
                .maxSize(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(5)))
                .isInstanceOf(ResourceCreationException.class)
                .hasCauseInstanceOf(AssertionError.class);
        fail.set(false);
        try (Lease<Object> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isNotNull();
        }
        assertThat(pool.stats().creationFailures()).isEqualTo(1);
    }

    @Test
    void destroy_throwingError_freesThePlace() throws Exception {
        AtomicInteger created = new AtomicInteger();
        Pool<Integer> pool = pool(Pool.builder(new ResourceFactory<Integer>() {
                    @Override
                    public Integer create() {
                        return created.incrementAndGet();
                    }

                    @Override
                    public void destroy(Integer resource) {
                        throw new AssertionError("destroy broke");
                    }
                })
                .maxSize(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        pool.acquire(Duration.ofSeconds(5)).invalidate();
        try (Lease<Integer> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isEqualTo(2);
        }
    }

    @Test
    void backgroundValidation_throwingError_destroysResource_andPoolKeepsWorking() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        Pool<Integer> pool = pool(Pool.builder(new ResourceFactory<Integer>() {
                    @Override
                    public Integer create() {
                        return created.incrementAndGet();
                    }

                    @Override
                    public boolean isValid(Integer resource) {
                        if (broken.get()) {
                            throw new StackOverflowError("validation recursed");
                        }
                        return true;
                    }
                })
                .maxSize(1)
                .validationInterval(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        pool.acquire(Duration.ofSeconds(5)).release();
        broken.set(true);
        elapse(Duration.ofSeconds(2));
        await().until(() -> pool.stats().validationFailures() == 1);
        broken.set(false);
        try (Lease<Integer> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isEqualTo(2);
        }
    }

    @Test
    void validateOnAcquire_throwingError_replacesResource() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        Pool<Integer> pool = pool(Pool.builder(new ResourceFactory<Integer>() {
                    @Override
                    public Integer create() {
                        return created.incrementAndGet();
                    }

                    @Override
                    public boolean isValid(Integer resource) {
                        if (broken.getAndSet(false)) {
                            throw new AssertionError("validation broke");
                        }
                        return true;
                    }
                })
                .maxSize(1)
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        pool.acquire(Duration.ofSeconds(5)).release();
        clock.advance(Duration.ofSeconds(1));
        broken.set(true);
        try (Lease<Integer> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isEqualTo(2);
        }
        assertThat(pool.stats().validationFailures()).isEqualTo(1);
    }

    // ------------------------------------------------------------ idle eviction keeps the freshest

    @ParameterizedTest
    @EnumSource(IdleOrder.class)
    void idleTimeout_minIdleReserve_isTheMostRecentlyUsed(IdleOrder order) throws Exception {
        CountingFactory factory = new CountingFactory();
        Pool<Resource> pool = pool(Pool.builder(factory)
                .maxSize(3)
                .minIdle(1)
                .order(order)
                .idleTimeout(Duration.ofSeconds(10))
                .maxLifetime(Duration.ZERO)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        List<Lease<Resource>> leases = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        for (Lease<Resource> lease : leases) {
            lease.release(); // resources 1, 2, 3, each last used 4 s after the one before
            elapse(Duration.ofSeconds(4));
        }
        elapse(Duration.ofSeconds(40));
        assertThat(pool.stats().idle()).isEqualTo(1);
        try (Lease<Resource> survivor = pool.acquire(Duration.ZERO)) {
            assertThat(survivor.get().id()).as("the freshest is kept").isEqualTo(3);
        }
    }

    // ------------------------------------------------------------ a shrink is checked on every return

    @Test
    void resize_whileRefillCreates_refilledResourceIsSurplus() throws Exception {
        Gate gate = Gate.passing();
        AtomicInteger created = new AtomicInteger();
        Pool<Integer> pool = pool(Pool.<Integer>builder(() -> {
                    gate.pass();
                    return created.incrementAndGet();
                })
                .maxSize(2)
                .minIdle(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        Lease<Integer> held = pool.acquire(Duration.ofSeconds(5));
        gate.shut();
        Thread housekeeping = Thread.ofVirtual().start(scheduler::runDue);
        await().until(() -> gate.blocked() == 1);
        pool.resize(1);
        gate.open();
        housekeeping.join();
        await().until(() -> pool.stats().size() == 1);
        assertThat(pool.tryAcquire()).as("maxSize is 1 and one is leased").isEmpty();
        held.release();
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(1, 1);
    }

    @Test
    void resize_whileValidating_validatedResourceIsSurplus() throws Exception {
        Gate gate = Gate.passing();
        AtomicInteger created = new AtomicInteger();
        Pool<Integer> pool = pool(Pool.builder(new ResourceFactory<Integer>() {
                    @Override
                    public Integer create() {
                        return created.incrementAndGet();
                    }

                    @Override
                    public boolean isValid(Integer resource) throws InterruptedException {
                        gate.pass();
                        return true;
                    }
                })
                .maxSize(2)
                .validationInterval(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        Lease<Integer> held = pool.acquire(Duration.ofSeconds(5));
        pool.acquire(Duration.ofSeconds(5)).release();
        gate.shut();
        clock.advance(Duration.ofSeconds(2));
        Thread housekeeping = Thread.ofVirtual().start(scheduler::runDue);
        await().until(() -> gate.blocked() == 1);
        pool.resize(1);
        gate.open();
        housekeeping.join();
        await().until(() -> pool.stats().size() == 1);
        assertThat(pool.tryAcquire()).as("maxSize is 1 and one is leased").isEmpty();
        held.release();
    }

    // ------------------------------------------------------------ close(Duration) and interrupts

    @Test
    void closeWithTimeout_interrupted_endsTheWaitOnly_andKeepsTheFlag() throws Exception {
        CountingFactory factory = new CountingFactory();
        Pool<Resource> pool =
                pool(Pool.builder(factory).ticker(clock).scheduler(scheduler).build());
        Lease<Resource> held = pool.acquire();
        Thread.currentThread().interrupt();
        boolean clean = pool.close(Duration.ofSeconds(30));
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(clean).isFalse();
        assertThat(held.isActive())
                .as("still leased: not destroyed under its user")
                .isTrue();
        assertThat(held.get().destroyed()).isFalse();
        held.release();
        await().until(() -> factory.live() == 0);
        assertThat(pool.stats().size()).isZero();
    }
}
