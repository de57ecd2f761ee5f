package dev.poolkit.pool.issues;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolBuilder;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.PoolInvariants;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Defects that a peer's own test cases found in the engine (issue 15, "Why" item 8: Stormpot's and
 * Commons Pool's suites re-expressed in poolkit's API). Each test failed on the engine before the
 * fix. The model-checker findings of item 9 are in {@code dev.poolkit.pool.internal}'s {@code
 * PoolLincheckTest} and {@code IdleStoreLincheckTest}.
 */
@Timeout(60)
class Issue15Test {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final CountingFactory factory = new CountingFactory();

    private <T> Pool<T> pool(Pool<T> pool) {
        return invariants.track(pool);
    }

    private void elapse(Duration duration) {
        scheduler.elapse(clock, duration);
    }

    // ------------------------------------------------------------ an Error from a callback

    private PoolBuilder<Resource> ofOne() {
        return Pool.builder(factory).maxSize(1).ticker(clock).scheduler(scheduler);
    }

    @Test
    void create_throwingError_reachesCallerAsCreationFailure_andFreesThePlace() throws Exception {
        factory.beforeCreate(() -> {
            throw new AssertionError("factory broke");
        });
        Pool<Resource> pool = pool(ofOne().build());
        assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(5)))
                .isInstanceOf(ResourceCreationException.class)
                .hasCauseInstanceOf(AssertionError.class);
        factory.beforeCreate(() -> {});
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get().id()).isEqualTo(1);
        }
        assertThat(pool.stats().creationFailures()).isEqualTo(1);
    }

    @Test
    void destroy_throwingError_freesThePlace() throws Exception {
        factory.afterDestroy(() -> {
            throw new AssertionError("destroy broke");
        });
        Pool<Resource> pool = pool(ofOne().build());
        pool.acquire(Duration.ofSeconds(5)).invalidate();
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
        await().until(() -> pool.stats().destroyFailures() == 1);
    }

    @Test
    void backgroundValidation_throwingError_destroysResource_andPoolKeepsWorking() throws Exception {
        Pool<Resource> pool =
                pool(ofOne().validationInterval(Duration.ofSeconds(1)).build());
        pool.acquire(Duration.ofSeconds(5)).release();
        factory.beforeValidate(() -> {
            throw new StackOverflowError("validation recursed");
        });
        elapse(Duration.ofSeconds(2));
        await().until(() -> pool.stats().validationFailures() == 1);
        factory.beforeValidate(() -> {});
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
    }

    @Test
    void validateOnAcquire_throwingError_replacesResource() throws Exception {
        Pool<Resource> pool = pool(ofOne().validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .build());
        pool.acquire(Duration.ofSeconds(5)).release();
        clock.advance(Duration.ofSeconds(1));
        factory.beforeValidate(() -> {
            factory.beforeValidate(() -> {}); // only the first validation breaks
            throw new AssertionError("validation broke");
        });
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
        assertThat(pool.stats().validationFailures()).isEqualTo(1);
    }

    // ------------------------------------------------------------ idle eviction keeps the freshest

    @ParameterizedTest
    @EnumSource(IdleOrder.class)
    void idleTimeout_minIdleReserve_isTheMostRecentlyUsed(IdleOrder order) throws Exception {
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
        // The background refill to minIdle races the first acquires, so creation order is not lease
        // order: the freshest is whichever resource went back last.
        int freshest = leases.get(2).get().id();
        for (Lease<Resource> lease : leases) {
            lease.release(); // each last used 4 s after the one before
            elapse(Duration.ofSeconds(4));
        }
        elapse(Duration.ofSeconds(40));
        assertThat(pool.stats().idle()).isEqualTo(1);
        try (Lease<Resource> survivor = pool.acquire(Duration.ZERO)) {
            assertThat(survivor.get().id()).as("the freshest is kept").isEqualTo(freshest);
        }
    }

    // ------------------------------------------------------------ a shrink is checked on every return

    @Test
    void resize_whileRefillCreates_refilledResourceIsSurplus() throws Exception {
        Gate gate = Gate.passing();
        factory.beforeCreate(gate::pass);
        Pool<Resource> pool = pool(Pool.builder(factory)
                .maxSize(2)
                .minIdle(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        Lease<Resource> held = pool.acquire(Duration.ofSeconds(5));
        gate.shut();
        scheduler.runDue(); // the refill blocks in create, on the executor
        shrinkWhileBlocked(pool, gate, held);
    }

    /** resize(1) while background work is blocked at the gate; what it returns must be surplus. */
    private static void shrinkWhileBlocked(Pool<Resource> pool, Gate gate, Lease<Resource> held) {
        await().until(() -> gate.blocked() == 1);
        pool.resize(1);
        gate.open();
        await().until(() -> pool.stats().size() == 1);
        assertThat(pool.tryAcquire()).as("maxSize is 1 and one is leased").isEmpty();
        held.release();
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(1, 1);
    }

    @Test
    void resize_whileValidating_validatedResourceIsSurplus() throws Exception {
        Gate gate = Gate.passing();
        factory.beforeValidate(gate::pass);
        Pool<Resource> pool = pool(Pool.builder(factory)
                .maxSize(2)
                .validationInterval(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        Lease<Resource> held = pool.acquire(Duration.ofSeconds(5));
        pool.acquire(Duration.ofSeconds(5)).release();
        gate.shut();
        elapse(Duration.ofSeconds(2)); // the validation blocks in isValid, on the executor
        shrinkWhileBlocked(pool, gate, held);
    }

    // ------------------------------------------------------------ close(Duration) and interrupts

    @Test
    void closeWithTimeout_interrupted_endsTheWaitOnly_andKeepsTheFlag() throws Exception {
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
