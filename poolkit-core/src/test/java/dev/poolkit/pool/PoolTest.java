package dev.poolkit.pool;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.PoolInvariants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour of {@link Pool} one feature at a time, with a fake clock and a manual scheduler. */
class PoolTest {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final CountingFactory factory = new CountingFactory();

    /** Everything on the calling thread: the factory runs inside the call that needs it. */
    private PoolBuilder<Resource> builder() {
        return Pool.builder(factory)
                .name("test")
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run);
    }

    private <T> Pool<T> pool(PoolBuilder<T> builder) {
        return invariants.track(builder.build());
    }

    private void elapse(Duration duration) {
        scheduler.elapse(clock, duration);
    }

    // ------------------------------------------------------------ acquire / release

    @Test
    void acquire_empty_createsResource() throws Exception {
        Pool<Resource> pool = pool(builder());
        try (Lease<Resource> lease = pool.acquire()) {
            assertThat(lease.get().id()).isEqualTo(1);
            assertThat(lease.isActive()).isTrue();
            assertThat(pool.stats().leased()).isEqualTo(1);
        }
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::idle, PoolStats::leased, PoolStats::acquired)
                .containsExactly(1, 1, 0, 1L);
    }

    @Test
    void acquire_afterRelease_reusesResource() throws Exception {
        Pool<Resource> pool = pool(builder());
        Resource first;
        try (Lease<Resource> lease = pool.acquire()) {
            first = lease.get();
        }
        try (Lease<Resource> lease = pool.acquire()) {
            assertThat(lease.get()).isSameAs(first);
        }
        assertThat(factory.created()).isEqualTo(1);
    }

    /** Leases resources 1..3, returns them in {@code returnOrder}, and lists which are handed out next. */
    private List<Integer> handOutOrder(IdleOrder order, int... returnOrder) throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(3).order(order));
        List<Lease<Resource>> leases = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        List<Resource> resources = leases.stream().map(Lease::get).toList();
        for (int n : returnOrder) {
            leases.get(n - 1).release();
        }
        List<Integer> handedOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handedOut.add(resources.indexOf(pool.acquire().get()) + 1);
        }
        return handedOut;
    }

    @Test
    void acquire_lifo_handsOutMostRecentlyReturnedFirst() throws Exception {
        assertThat(handOutOrder(IdleOrder.LIFO, 1, 2, 3)).containsExactly(3, 2, 1);
        assertThat(handOutOrder(IdleOrder.LIFO, 2, 3, 1)).containsExactly(1, 3, 2);
    }

    @Test
    void acquire_fifo_handsOutLongestIdleFirst() throws Exception {
        assertThat(handOutOrder(IdleOrder.FIFO, 2, 1, 3)).containsExactly(2, 1, 3);
        assertThat(handOutOrder(IdleOrder.FIFO, 3, 1, 2)).containsExactly(3, 1, 2);
    }

    @Test
    void acquire_exhausted_throwsTimeoutWithState() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(20)))
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessage("Pool 'test' timed out after 20 ms (size=1/1, idle=0, leased=1, waiting=0)")
                .satisfies(e -> {
                    PoolTimeoutException timeout = (PoolTimeoutException) e;
                    assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(20));
                    assertThat(timeout.poolName()).isEqualTo("test");
                    assertThat(timeout.stats().leased()).isEqualTo(1);
                });
        assertThat(pool.stats().timeouts()).isEqualTo(1);
        assertThat(pool.stats().waiting()).isZero();
        held.release();
    }

    @Test
    void acquire_zeroTimeout_failsAtOnceWhenExhausted_succeedsWhenIdle() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        Resource resource = held.get();
        assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
        held.release();
        try (Lease<Resource> lease = pool.acquire(Duration.ZERO)) {
            assertThat(lease.get()).isSameAs(resource);
        }
    }

    @Test
    void acquire_negativeTimeout_rejected() {
        Pool<Resource> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-0.001S");
        assertThatThrownBy(() -> pool.acquire(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void acquire_waiter_getsReleasedResourceDirectly() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        CompletableFuture<Resource> waiter = CompletableFuture.supplyAsync(() -> acquireAndRelease(pool));
        await().until(() -> pool.stats().waiting() == 1);
        Resource resource = held.get();
        held.release();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isSameAs(resource);
        assertThat(pool.stats().totalWait()).isPositive();
    }

    private static Resource acquireAndRelease(Pool<Resource> pool) {
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            return lease.get();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void acquire_interrupted_withdrawsRequest() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(Duration.ofSeconds(30));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        await().until(() -> pool.stats().waiting() == 1);
        thread.interrupt();
        thread.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(pool.stats().waiting()).isZero();
        held.release();
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void tryAcquire_idle_returnsLease_else_empty() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        assertThat(pool.tryAcquire()).as("never creates").isEmpty();
        pool.acquire().release();
        Optional<Lease<Resource>> lease = pool.tryAcquire();
        assertThat(lease).isPresent();
        assertThat(pool.tryAcquire()).isEmpty();
        lease.get().release();
    }

    // ------------------------------------------------------------ lease safety

    @Test
    void release_twice_isCountedNoOp() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(2));
        Lease<Resource> first = pool.acquire();
        first.release();
        Lease<Resource> second = pool.acquire(); // same resource, new holder
        first.release();
        first.invalidate();
        assertThat(second.isActive()).isTrue();
        assertThat(second.get().id()).isEqualTo(1);
        assertThat(pool.stats().doubleReleases()).isEqualTo(2);
        assertThat(pool.stats().leased()).isEqualTo(1);
        second.release();
    }

    /**
     * A resource a thread reuses stays in place on its LIFO stripe (leased and released by one
     * compare-and-set each); a release on another thread takes it out of place, and a second release
     * of such a lease is a counted no-op like any other.
     */
    @Test
    void release_inPlace_andOnAnotherThread_keepsCountsExact() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(2));
        for (int i = 0; i < 3; i++) {
            try (Lease<Resource> lease = pool.acquire()) {
                assertThat(lease.get().id()).isEqualTo(1);
            }
        }
        Lease<Resource> lease = pool.acquire();
        Thread other = new Thread(lease::release);
        other.start();
        other.join();
        lease.release();
        assertThat(pool.stats())
                .extracting(
                        PoolStats::size,
                        PoolStats::idle,
                        PoolStats::leased,
                        PoolStats::acquired,
                        PoolStats::doubleReleases)
                .containsExactly(1, 1, 0, 4L, 1L);
        Lease<Resource> first = pool.acquire();
        Lease<Resource> second = pool.acquire();
        assertThat(List.of(first.get().id(), second.get().id())).containsExactlyInAnyOrder(1, 2);
        first.release();
        second.release();
        assertThat(pool.stats().acquired()).isEqualTo(6);
    }

    @Test
    void get_afterRelease_throws() throws Exception {
        Pool<Resource> pool = pool(builder());
        Lease<Resource> lease = pool.acquire();
        lease.release();
        assertThat(lease.isActive()).isFalse();
        assertThatThrownBy(lease::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Pool 'test': lease is no longer active");
    }

    @Test
    void invalidate_destroysAndFreesPlace() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> lease = pool.acquire();
        Resource resource = lease.get();
        lease.invalidate();
        assertThat(resource.destroyed()).isTrue();
        assertThat(pool.stats().size()).isZero();
        try (Lease<Resource> next = pool.acquire(Duration.ZERO)) {
            assertThat(next.get().id()).isEqualTo(2);
        }
    }

    @Test
    void invalidate_wakesWaiterToCreate() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> lease = pool.acquire();
        CompletableFuture<Resource> waiter = CompletableFuture.supplyAsync(() -> acquireAndRelease(pool));
        await().until(() -> pool.stats().waiting() == 1);
        lease.invalidate();
        assertThat(waiter.get(5, TimeUnit.SECONDS).id()).isEqualTo(2);
    }

    // ------------------------------------------------------------ creation failures

    @Test
    void acquire_factoryThrows_wrapsCause() {
        factory.failCreateWhen(n -> true);
        Pool<Resource> pool = pool(builder());
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'test': resource creation failed: java.lang.Exception: create failed (call 1)")
                .hasCauseInstanceOf(Exception.class);
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::creationFailures)
                .containsExactly(0, 1L);
    }

    @Test
    void acquire_factoryReturnsNull_throws() {
        Pool<Object> pool = Pool.<Object>builder(() -> null)
                .name("nulls")
                .ticker(clock)
                .scheduler(scheduler)
                .build();
        invariants.track(pool);
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'nulls': factory returned null")
                .hasNoCause();
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void acquire_factoryThrowsError_wrapsLinkageError() {
        Pool<Object> pool = Pool.<Object>builder(() -> {
                    throw new NoClassDefFoundError("missing");
                })
                .ticker(clock)
                .scheduler(scheduler)
                .build();
        invariants.track(pool);
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .hasCauseInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void stats_totalCreationTime_sumsFactoryCalls_failedOnesIncluded() throws Exception {
        int[] calls = {0};
        Pool<Object> pool = Pool.<Object>builder(() -> {
                    clock.advance(Duration.ofMillis(40));
                    if (++calls[0] == 2) {
                        throw new IllegalStateException("second call fails");
                    }
                    return new Object();
                })
                .ticker(clock)
                .scheduler(scheduler)
                .build();
        invariants.track(pool);
        Lease<Object> first = pool.acquire();
        assertThatThrownBy(pool::acquire).isInstanceOf(ResourceCreationException.class);
        assertThat(pool.stats().totalCreationTime()).isEqualTo(Duration.ofMillis(80));
        first.release();
    }

    @Test
    void destroy_throwing_isCountedAndPoolStaysConsistent() throws Exception {
        factory.failDestroy(true);
        Pool<Resource> pool = pool(builder());
        pool.acquire().invalidate();
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::destroyed, PoolStats::destroyFailures)
                .containsExactly(0, 1L, 1L);
        pool.acquire().release();
    }

    // ------------------------------------------------------------ minIdle refill and back-off

    @Test
    void minIdle_refillsInBackground() {
        Pool<Resource> pool = pool(builder().maxSize(5).minIdle(3));
        assertThat(pool.stats().idle()).isZero();
        scheduler.runDue();
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(3, 3);
    }

    /** Runs background work in 10 ms steps for {@code duration} and returns the times create was called. */
    private List<Long> createCallTimes(Duration duration) {
        List<Long> times = new ArrayList<>();
        int seen = factory.createCalls();
        for (long ms = 0; ms < duration.toMillis(); ms += 10) {
            scheduler.runDue();
            for (; seen < factory.createCalls(); seen++) {
                times.add(TimeUnit.NANOSECONDS.toMillis(clock.nanoTime()));
            }
            clock.advance(Duration.ofMillis(10));
        }
        return times;
    }

    @Test
    void minIdle_failingFactory_backsOffWithJitter_withinBounds_neverSpins() {
        factory.failCreateWhen(n -> true);
        pool(builder()
                .maxSize(5)
                .minIdle(2)
                .idleTimeout(Duration.ZERO)
                .maxLifetime(Duration.ZERO)
                .creationRetryInitialDelay(Duration.ofMillis(100))
                .creationRetryMaxDelay(Duration.ofSeconds(1)));
        List<Long> times = createCallTimes(Duration.ofSeconds(60));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        // After the n-th failure: between 100 ms and min(1000, 100 * 2^n) ms (+ one 10 ms step).
        for (int n = 1; n <= gaps.size(); n++) {
            long ceiling = Math.min(1000, 100L << Math.min(n, 10));
            assertThat(gaps.get(n - 1)).as("delay after failure %d", n).isBetween(100L, ceiling + 10);
        }
        assertThat(times.size()).as("attempts in 60 s").isBetween(60, 600);
        assertThat(gaps.subList(4, gaps.size()).stream().distinct().count())
                .as("full jitter: the delays differ")
                .isGreaterThan(10);
    }

    @Test
    void minIdle_twoPoolsFailingTogether_doNotRetryInLockStep() {
        CountingFactory other = new CountingFactory();
        factory.failCreateWhen(n -> true);
        other.failCreateWhen(n -> true);
        for (CountingFactory f : List.of(factory, other)) {
            pool(Pool.builder(f)
                    .minIdle(1)
                    .ticker(clock)
                    .scheduler(scheduler)
                    .executor(Runnable::run)
                    .creationRetryInitialDelay(Duration.ofMillis(100))
                    .creationRetryMaxDelay(Duration.ofSeconds(1)));
        }
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (long ms = 0; ms < 20_000; ms += 10) {
            int a = factory.createCalls();
            int b = other.createCalls();
            scheduler.runDue();
            if (factory.createCalls() > a) {
                first.add(ms);
            }
            if (other.createCalls() > b) {
                second.add(ms);
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(first.get(0)).isEqualTo(second.get(0)); // both fail at start
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void stats_lastCreationFailure_givesTimeAndCause() {
        Instant before = Instant.now();
        factory.failCreateWhen(n -> true);
        Pool<Resource> pool = pool(builder());
        assertThat(pool.stats().lastCreationFailure()).isEmpty();
        assertThatThrownBy(pool::acquire).isInstanceOf(ResourceCreationException.class);
        PoolStats.CreationFailure failure = pool.stats().lastCreationFailure().orElseThrow();
        assertThat(failure.message()).isEqualTo("java.lang.Exception: create failed (call 1)");
        assertThat(failure.time()).isBetween(before, Instant.now());
    }

    @Test
    void minIdle_factoryRecovers_refillResumes() {
        factory.failCreateWhen(n -> n <= 3);
        Pool<Resource> pool = pool(builder().minIdle(2).creationRetryInitialDelay(Duration.ofMillis(10)));
        for (int i = 0; i < 20 && pool.stats().idle() < 2; i++) {
            elapse(Duration.ofMillis(50));
        }
        assertThat(pool.stats().idle()).isEqualTo(2);
        assertThat(pool.stats().creationFailures()).isEqualTo(3);
    }

    @Test
    void setMinIdle_raises_refills() {
        Pool<Resource> pool = pool(builder().maxSize(4));
        pool.setMinIdle(4);
        scheduler.runDue();
        assertThat(pool.stats().idle()).isEqualTo(4);
        assertThat(pool.config().minIdle()).isEqualTo(4);
        assertThatThrownBy(() -> pool.setMinIdle(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minIdle must be between 0 and maxSize (4), but was 5");
    }

    // ------------------------------------------------------------ expiry and validation

    @Test
    void idleTimeout_destroysIdleBeyondMinIdle() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(4).minIdle(1).idleTimeout(Duration.ofSeconds(10)));
        List<Lease<Resource>> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(pool.acquire());
        }
        leases.forEach(Lease::release);
        elapse(Duration.ofSeconds(9));
        assertThat(pool.stats().idle()).isEqualTo(4);
        // Eviction comes at most one housekeeping period (a quarter of the timeout) late, never early.
        elapse(Duration.ofSeconds(4));
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(1, 1);
        assertThat(factory.destroyed()).isEqualTo(3);
    }

    @Test
    void maxLifetime_retiresOnReleaseAndWhileIdle_withJitterBelowLimit() throws Exception {
        Pool<Resource> pool =
                pool(builder().maxSize(2).maxLifetime(Duration.ofSeconds(100)).idleTimeout(Duration.ZERO));
        Lease<Resource> leased = pool.acquire();
        pool.acquire().release();
        elapse(Duration.ofMillis(97_400)); // jitter is at most 2.5%: both still alive
        scheduler.runDue();
        assertThat(pool.stats().size()).isEqualTo(2);
        elapse(Duration.ofMillis(2_700)); // now past 100 s
        scheduler.runDue();
        assertThat(pool.stats().size()).as("idle one retired by housekeeping").isEqualTo(1);
        leased.release();
        assertThat(pool.stats().size()).as("leased one retired on release").isZero();
        assertThat(factory.destroyed()).isEqualTo(2);
    }

    @Test
    void validationInterval_destroysInvalidIdle() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(3).validationInterval(Duration.ofSeconds(5)));
        List<Lease<Resource>> leases = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        leases.forEach(Lease::release);
        factory.validWhen(r -> r.id() != 2);
        elapse(Duration.ofSeconds(6));
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::validationFailures)
                .containsExactly(2, 1L);
        assertThat(factory.validateCalls()).isEqualTo(3);
    }

    @Test
    void validateOnAcquire_onlyAfterIdleThreshold() throws Exception {
        Pool<Resource> pool = pool(builder()
                .maxSize(2)
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ofMillis(500))
                .idleTimeout(Duration.ZERO)
                .maxLifetime(Duration.ZERO));
        pool.acquire().release();
        clock.advance(Duration.ofMillis(400));
        pool.acquire().release();
        assertThat(factory.validateCalls()).as("idle 400 ms: not validated").isZero();
        clock.advance(Duration.ofMillis(600));
        factory.validWhen(r -> false);
        try (Lease<Resource> lease = pool.acquire()) {
            assertThat(lease.get().id()).as("stale resource replaced").isEqualTo(2);
        }
        assertThat(factory.validateCalls()).isEqualTo(1);
        assertThat(pool.stats().validationFailures()).isEqualTo(1);
    }

    @Test
    void validator_throwing_countsAsInvalid() throws Exception {
        Pool<Resource> pool = pool(builder().validationInterval(Duration.ofSeconds(1)));
        pool.acquire().release();
        factory.validWhen(r -> {
            throw new IllegalStateException("boom");
        });
        elapse(Duration.ofSeconds(2));
        assertThat(pool.stats().size()).isZero();
        assertThat(pool.stats().validationFailures()).isEqualTo(1);
    }

    @Test
    void isValid_isGivenTheValidationTimeout() throws Exception {
        Pool<Resource> pool =
                pool(builder().validationInterval(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(1500)));
        pool.acquire().release();
        elapse(Duration.ofSeconds(2));
        assertThat(factory.lastValidationTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    /** Background validation on a real executor that blocks in isValid; the watchdog runs on the manual scheduler. */
    private Pool<Resource> validatingInTheBackground(Gate gate) {
        factory.beforeValidate(gate::pass);
        return pool(Pool.builder(factory)
                .name("test")
                .maxSize(2)
                .validationInterval(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofSeconds(3))
                .ticker(clock)
                .scheduler(scheduler));
    }

    @Test
    void validation_overrunningTimeout_isInterrupted_andCountsAsFailed() throws Exception {
        Gate gate = Gate.blocking();
        Pool<Resource> pool = validatingInTheBackground(gate);
        pool.acquire().release();
        elapse(Duration.ofMillis(1500)); // due: the validation starts and blocks
        await().until(() -> gate.blocked() == 1);
        elapse(Duration.ofSeconds(3)); // the watchdog interrupts it
        await().until(() -> pool.stats().validationFailures() == 1);
        assertThat(gate.blocked()).isZero();
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.VALIDATION_FAILED);
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void validation_overrunningTimeout_ignoringInterrupts_countsAsFailedWhenItReturns() throws Exception {
        Gate gate = Gate.blocking().ignoringInterrupts();
        Pool<Resource> pool = validatingInTheBackground(gate);
        pool.acquire().release();
        elapse(Duration.ofMillis(1500));
        await().until(() -> gate.blocked() == 1);
        elapse(Duration.ofSeconds(3));
        assertThat(pool.stats().size()).as("in use by isValid until it returns").isEqualTo(1);
        gate.open(); // isValid returns true, but too late
        await().until(() -> pool.stats().validationFailures() == 1);
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void validateOnAcquire_overrunning_callerMovesOnToAnotherResource() throws Exception {
        Gate gate = Gate.passing();
        factory.beforeValidate(gate::pass);
        Pool<Resource> pool = pool(Pool.builder(factory)
                .name("test")
                .maxSize(2)
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .validationTimeout(Duration.ofSeconds(3))
                .ticker(clock)
                .scheduler(scheduler));
        pool.acquire().release();
        clock.advance(Duration.ofSeconds(1));
        gate.shut();
        CompletableFuture<Integer> caller = CompletableFuture.supplyAsync(() -> {
            try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(30))) {
                return lease.get().id();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        await().until(() -> gate.blocked() == 1);
        elapse(Duration.ofSeconds(3)); // the watchdog gives up on resource 1
        assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        await().until(() -> pool.stats().validationFailures() == 1);
    }

    // ------------------------------------------------------------ leaks

    @Test
    void leakThreshold_reportsOnceWithCount() throws Exception {
        Pool<Resource> pool = pool(builder().leakThreshold(Duration.ofSeconds(2)));
        Lease<Resource> lease = pool.acquire();
        elapse(Duration.ofSeconds(1));
        assertThat(pool.stats().leaks()).isZero();
        elapse(Duration.ofSeconds(2));
        elapse(Duration.ofSeconds(2));
        assertThat(pool.stats().leaks()).isEqualTo(1);
        lease.release();
        pool.acquire().release();
        elapse(Duration.ofSeconds(5));
        assertThat(pool.stats().leaks()).as("returned leases are not leaks").isEqualTo(1);
    }

    // ------------------------------------------------------------ resize

    @Test
    void resize_grow_servesWaiter() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        CompletableFuture<Resource> waiter = CompletableFuture.supplyAsync(() -> acquireAndRelease(pool));
        await().until(() -> pool.stats().waiting() == 1);
        pool.resize(2);
        assertThat(waiter.get(5, TimeUnit.SECONDS).id()).isEqualTo(2);
        assertThat(pool.config().maxSize()).isEqualTo(2);
        held.release();
    }

    @Test
    void resize_shrink_destroysIdleFirstThenOnRelease() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(4));
        List<Lease<Resource>> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(pool.acquire());
        }
        leases.get(0).release();
        leases.get(1).release();
        pool.resize(1);
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(2, 0);
        leases.get(2).release();
        assertThat(pool.stats().size()).isEqualTo(1);
        leases.get(3).release();
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(1, 1);
    }

    @Test
    void resize_invalid_rejected() {
        Pool<Resource> pool = pool(builder().maxSize(4).minIdle(2));
        assertThatThrownBy(() -> pool.resize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSize must be >= 1, but was 0");
        assertThatThrownBy(() -> pool.resize(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minIdle must be between 0 and maxSize (1), but was 2");
        assertThat(pool.config().maxSize()).isEqualTo(4);
    }

    // ------------------------------------------------------------ close

    @Test
    void close_rejectsAcquire_wakesWaiters_destroysIdle() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(2));
        Lease<Resource> held = pool.acquire();
        pool.acquire().release();
        pool.resize(1);
        CompletableFuture<Resource> waiter = CompletableFuture.supplyAsync(() -> acquireAndRelease(pool));
        await().until(() -> pool.stats().waiting() == 1);
        pool.close();
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PoolClosedException.class);
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'test' is closed");
        assertThatThrownBy(pool::tryAcquire).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> pool.resize(3)).isInstanceOf(PoolClosedException.class);
        assertThat(pool.isClosed()).isTrue();
        assertThat(pool.stats().size()).as("idle destroyed, leased kept").isEqualTo(1);
        Resource resource = held.get();
        held.release();
        assertThat(resource.destroyed()).as("destroyed when returned").isTrue();
        assertThat(pool.stats().size()).isZero();
        assertThat(factory.live()).isZero();
        pool.close(); // idempotent
    }

    @Test
    void closeWithTimeout_leaseReturnedInTime_true() throws Exception {
        Pool<Resource> pool = pool(builder());
        Lease<Resource> held = pool.acquire();
        CountDownLatch closing = new CountDownLatch(1);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
            closing.countDown();
            return pool.close(Duration.ofSeconds(10));
        });
        closing.await();
        await().until(pool::isClosed);
        held.release();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(factory.live()).isZero();
    }

    @Test
    void closeWithTimeout_leaseKept_destroysIt() throws Exception {
        Pool<Resource> pool = pool(builder());
        Lease<Resource> held = pool.acquire();
        assertThat(pool.close(Duration.ofMillis(50))).isFalse();
        assertThat(held.isActive()).isFalse();
        assertThat(factory.live()).isZero();
        held.release(); // late release: harmless
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void close_givenScheduler_isNotShutDown() {
        Pool<Resource> pool = pool(builder().minIdle(1));
        pool.close();
        assertThat(scheduler.schedule(() -> {}, Duration.ZERO)).isNotNull();
    }

    @Test
    void toString_showsState() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(3));
        Lease<Resource> lease = pool.acquire();
        assertThat(pool).hasToString("Pool[test, size=1/3, idle=0, leased=1, waiting=0]");
        assertThat(lease).hasToString("Lease[pool=test, active=true]");
        lease.release();
    }
}
