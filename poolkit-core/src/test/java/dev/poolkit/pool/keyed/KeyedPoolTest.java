package dev.poolkit.pool.keyed;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.Fairness;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.keyed.KeyedTestFactory.Event;
import dev.poolkit.pool.keyed.KeyedTestFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.PoolInvariants;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour of {@link KeyedPool} one feature at a time: the factory runs on the calling thread, time
 * is a {@link FakeClock}, and background work (housekeeping, the reclaim of idle room) runs only when
 * a test calls {@link ManualScheduler#runDue()}.
 */
@Timeout(60)
class KeyedPoolTest {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final KeyedTestFactory factory = new KeyedTestFactory();
    private final List<KeyedPool<String, Resource>> pools = new ArrayList<>();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();

    private KeyedPoolBuilder<String, Resource> builder() {
        return KeyedPool.builder(factory)
                .name("test")
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run);
    }

    private KeyedPool<String, Resource> pool(KeyedPoolBuilder<String, Resource> builder) {
        KeyedPool<String, Resource> pool = builder.build();
        pools.add(pool);
        return pool;
    }

    /** Every pool is quiet, then closed: nothing left, everything created destroyed, no thread. */
    @AfterEach
    void checkInvariants() throws InterruptedException {
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(10));
        }
        for (KeyedPool<String, Resource> pool : pools) {
            if (!pool.isClosed()) {
                PoolInvariants.assertQuiescent(pool::stats);
            }
            pool.close(Duration.ZERO);
            await().untilAsserted(() -> {
                PoolStats stats = pool.stats();
                assertThat(stats.size()).as("size after close in %s", stats).isZero();
                assertThat(stats.created())
                        .as("created == destroyed in %s", stats)
                        .isEqualTo(stats.destroyed());
            });
        }
        assertThat(factory.live()).as("resources left").isZero();
        Threads.assertNoPoolkitThreads();
    }

    private int waiting(KeyedPool<String, Resource> pool, String key) {
        return pool.stats(key).map(PoolStats::waiting).orElse(0);
    }

    /** Acquires {@code key} on a thread of its own; the future completes with the lease. */
    private CompletableFuture<Lease<Resource>> acquireAsync(KeyedPool<String, Resource> pool, String key) {
        CompletableFuture<Lease<Resource>> lease = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("caller-" + key).start(() -> {
            try {
                lease.complete(pool.acquire(key, Duration.ofSeconds(30)));
            } catch (Throwable e) {
                lease.completeExceptionally(e);
            }
        });
        callers.add(caller);
        return lease;
    }

    // ------------------------------------------------------------ acquire / release

    @Test
    void acquire_newKey_createsResourceForThatKey() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        try (Lease<Resource> lease = pool.acquire("a")) {
            assertThat(lease.get().key()).isEqualTo("a");
            assertThat(pool.stats("a").orElseThrow().leased()).isEqualTo(1);
        }
        assertThat(pool.keys()).containsExactly("a");
        assertThat(pool.stats("a").orElseThrow())
                .extracting(PoolStats::maxSize, PoolStats::size, PoolStats::idle, PoolStats::acquired)
                .containsExactly(10, 1, 1, 1L);
    }

    @Test
    void acquire_sameKeyAfterRelease_reusesResource() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        Resource first;
        try (Lease<Resource> lease = pool.acquire("a")) {
            first = lease.get();
        }
        try (Lease<Resource> lease = pool.acquire("a", Duration.ZERO)) {
            assertThat(lease.get()).isSameAs(first);
        }
        assertThat(factory.created()).isEqualTo(1);
    }

    @Test
    void acquire_twoKeys_eachGetsItsOwnResources() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        try (Lease<Resource> a = pool.acquire("a");
                Lease<Resource> b = pool.acquire("b")) {
            assertThat(a.get().key()).isEqualTo("a");
            assertThat(b.get().key()).isEqualTo("b");
        }
        assertThat(pool.keys()).containsExactlyInAnyOrder("a", "b");
        assertThat(factory.createdKeys()).containsExactly("a", "b");
    }

    @Test
    void acquire_maxPerKeyReached_waiterGetsThatKeysReleasedResource() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxPerKey(1));
        Lease<Resource> held = pool.acquire("a");
        CompletableFuture<Lease<Resource>> waiter = acquireAsync(pool, "a");
        await().until(() -> waiting(pool, "a") == 1);
        Resource resource = held.get();
        held.release();
        try (Lease<Resource> handedOver = waiter.get(10, TimeUnit.SECONDS)) {
            assertThat(handedOver.get()).isSameAs(resource);
        }
        assertThat(factory.created()).isEqualTo(1);
    }

    /** Each key's pool has the fairness of {@code perKey}: under STRICT the key's waiter comes first. */
    @Test
    void acquire_perKeyStrict_releaserCannotTakeItsResourceBackAheadOfTheKeysWaiter() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder()
                .maxPerKey(1)
                .perKey(PoolConfig.builder().fairness(Fairness.STRICT).build()));
        Lease<Resource> held = pool.acquire("a");
        CompletableFuture<Lease<Resource>> waiter = acquireAsync(pool, "a");
        await().until(() -> waiting(pool, "a") == 1);
        held.release();
        assertThat(pool.tryAcquire("a")).isEmpty();
        waiter.get(10, TimeUnit.SECONDS).release();
    }

    /**
     * Under BOUNDED with a young queue the releaser may take its resource back ahead of the key's
     * waiter; whether it wins depends on whether the woken waiter runs first, so it gets up to 100
     * rounds (as in {@code PoolFairnessTest}), and the waiter is served in every round either way.
     */
    @Test
    void acquire_perKeyBoundedYoungQueue_releaserMayTakeItsResourceBack() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder()
                .maxPerKey(1)
                .perKey(PoolConfig.builder()
                        .fairness(Fairness.BOUNDED)
                        .fairnessThreshold(Duration.ofHours(1))
                        .build()));
        Lease<Resource> held = pool.acquire("a");
        boolean tookItBack = false;
        for (int round = 0; round < 100 && !tookItBack; round++) {
            CompletableFuture<Lease<Resource>> waiter = acquireAsync(pool, "a");
            await().until(() -> waiting(pool, "a") == 1);
            held.release();
            Optional<Lease<Resource>> again = pool.tryAcquire("a");
            tookItBack = again.isPresent();
            again.ifPresent(Lease::release);
            held = waiter.get(10, TimeUnit.SECONDS);
        }
        held.release();
        assertThat(tookItBack)
                .as("the releaser took its resource back in one of 100 rounds")
                .isTrue();
        assertThat(factory.created()).isEqualTo(1);
    }

    @Test
    void acquire_maxPerKeyReached_otherKeyIsStillServed() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxPerKey(1));
        try (Lease<Resource> a = pool.acquire("a")) {
            assertThatThrownBy(() -> pool.acquire("a", Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
            try (Lease<Resource> b = pool.acquire("b", Duration.ZERO)) {
                assertThat(b.get().key()).isEqualTo("b");
            }
        }
    }

    @Test
    void lease_releasedTwice_countedAsDoubleReleaseOfItsKey() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        Lease<Resource> lease = pool.acquire("a");
        lease.release();
        lease.release();
        assertThat(lease.isActive()).isFalse();
        assertThat(pool.stats("a").orElseThrow().doubleReleases()).isEqualTo(1);
        assertThat(pool.stats().doubleReleases()).isEqualTo(1);
    }

    @Test
    void lease_invalidated_destroysResourceWithReason() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        pool.acquire("a").invalidate(new IllegalStateException("broken"));
        assertThat(factory.destructions()).containsExactly(new Event("a", DestroyReason.INVALIDATED));
        assertThat(pool.stats("a").orElseThrow().size()).isZero();
    }

    @Test
    void tryAcquire_unknownKey_emptyWithoutCreatingAPool() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThat(pool.tryAcquire("a")).isEmpty();
        assertThat(pool.keys()).isEmpty();
        assertThat(factory.created()).isZero();
    }

    @Test
    void tryAcquire_idleResource_leasesIt_andNeverCreates() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        pool.acquire("a").release();
        Optional<Lease<Resource>> lease = pool.tryAcquire("a");
        assertThat(lease).isPresent();
        assertThat(pool.tryAcquire("a")).isEmpty(); // the only one is leased: no creation
        lease.get().release();
        assertThat(factory.created()).isEqualTo(1);
    }

    // ------------------------------------------------------------ maxTotal

    @Test
    void acquire_totalFull_destroysAnIdleResourceOfAnotherKey() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(2));
        pool.acquire("x").release();
        pool.acquire("y").release();
        CompletableFuture<Lease<Resource>> z = acquireAsync(pool, "z");
        await().until(() -> waiting(pool, "z") == 1);
        assertThat(scheduler.runDue()).isPositive(); // the reclaim scan, one hop through the scheduler
        try (Lease<Resource> lease = z.get(10, TimeUnit.SECONDS)) {
            assertThat(lease.get().key()).isEqualTo("z");
        }
        assertThat(factory.destructions())
                .singleElement()
                .satisfies(event -> assertThat(event.reason()).isEqualTo(DestroyReason.SHRUNK))
                .satisfies(event -> assertThat(event.key()).isIn("x", "y"));
        assertThat(pool.stats().size()).isEqualTo(2);
    }

    @Test
    void acquire_totalFullAllLeased_servedWhenAnotherKeyReleases() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1));
        Lease<Resource> x = pool.acquire("x");
        CompletableFuture<Lease<Resource>> y = acquireAsync(pool, "y");
        await().until(() -> waiting(pool, "y") == 1);
        scheduler.runDue(); // the scan finds nothing idle
        assertThat(y).isNotDone();
        x.release(); // the released resource is retired at once for the waiting key
        try (Lease<Resource> lease = y.get(10, TimeUnit.SECONDS)) {
            assertThat(lease.get().key()).isEqualTo("y");
        }
        assertThat(factory.destructions()).containsExactly(new Event("x", DestroyReason.SHRUNK));
    }

    @Test
    void acquire_totalFull_invalidationOfAnotherKeyServesTheWaiter() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1));
        Lease<Resource> x = pool.acquire("x");
        CompletableFuture<Lease<Resource>> y = acquireAsync(pool, "y");
        await().until(() -> waiting(pool, "y") == 1);
        x.invalidate();
        y.get(10, TimeUnit.SECONDS).release();
        assertThat(factory.destructions()).containsExactly(new Event("x", DestroyReason.INVALIDATED));
    }

    @Test
    void acquire_totalFull_keysAreServedInArrivalOrder() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1).maxPerKey(1));
        Lease<Resource> held = pool.acquire("a");
        List<String> served = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (String key : List.of("d", "b", "e", "c")) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            Thread caller = Thread.ofPlatform().name("caller-" + key).start(() -> {
                try (Lease<Resource> lease = pool.acquire(key)) {
                    served.add(lease.get().key());
                    finished.complete(null);
                } catch (Throwable e) {
                    finished.completeExceptionally(e);
                }
            });
            callers.add(caller);
            done.add(finished);
            await().until(() -> waiting(pool, key) == 1);
        }
        held.release();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(served).containsExactly("d", "b", "e", "c");
        assertThat(factory.createdKeys()).containsExactly("a", "d", "b", "e", "c");
    }

    @Test
    void acquire_totalFull_callerThatTimedOut_noIdleResourceDestroyedForIt() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1));
        Lease<Resource> x = pool.acquire("x");
        assertThatThrownBy(() -> pool.acquire("y", Duration.ofMillis(20)))
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessage("Pool 'test[y]' timed out after 20 ms (size=0/10, idle=0, leased=0, waiting=0)");
        x.release();
        scheduler.runDue();
        assertThat(factory.destroyed()).as("nobody waits: x stays idle").isZero();
        assertThat(pool.stats("x").orElseThrow().idle()).isEqualTo(1);
    }

    @Test
    void acquire_totalFull_interrupted_withdrawsAndLosesNothing() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1));
        Lease<Resource> x = pool.acquire("x");
        CompletableFuture<Lease<Resource>> y = acquireAsync(pool, "y");
        await().until(() -> waiting(pool, "y") == 1);
        callers.get(0).interrupt();
        assertThatThrownBy(() -> y.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InterruptedException.class);
        x.release();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(factory.destroyed()).isZero();
    }

    @Test
    void acquire_totalFull_sameKeyStillReusesItsIdleResources() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(1));
        pool.acquire("x").release();
        try (Lease<Resource> lease = pool.acquire("x", Duration.ZERO)) {
            assertThat(lease.get().key()).isEqualTo("x");
        }
        assertThat(factory.created()).isEqualTo(1);
    }

    // ------------------------------------------------------------ idle keys

    private KeyedPoolBuilder<String, Resource> idleAfterOneMinute() {
        return builder()
                .perKey(PoolConfig.builder().idleTimeout(Duration.ofMinutes(1)).build());
    }

    @Test
    void idleKey_afterIdleTimeout_poolRemoved_countersKeptInTotals() throws Exception {
        KeyedPool<String, Resource> pool = pool(idleAfterOneMinute());
        pool.acquire("a").release();
        scheduler.elapse(clock, Duration.ofSeconds(50));
        assertThat(pool.keys()).containsExactly("a");
        scheduler.elapse(clock, Duration.ofMinutes(2));
        assertThat(pool.keys()).isEmpty();
        assertThat(pool.stats("a")).isEmpty();
        assertThat(factory.destructions()).containsExactly(new Event("a", DestroyReason.IDLE_TIMEOUT));
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::created, PoolStats::destroyed, PoolStats::acquired)
                .containsExactly(0, 1L, 1L, 1L);
    }

    @Test
    void idleKey_usedAgainAfterRemoval_getsANewPool() throws Exception {
        KeyedPool<String, Resource> pool = pool(idleAfterOneMinute());
        pool.acquire("a").release();
        scheduler.elapse(clock, Duration.ofMinutes(3));
        assertThat(pool.keys()).isEmpty();
        try (Lease<Resource> lease = pool.acquire("a")) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
        assertThat(pool.stats().acquired()).isEqualTo(2);
    }

    @Test
    void idleKey_leasedOrUsed_neverRemoved() throws Exception {
        KeyedPool<String, Resource> pool = pool(idleAfterOneMinute());
        Lease<Resource> held = pool.acquire("held");
        pool.acquire("busy").release();
        for (int minute = 0; minute < 5; minute++) {
            scheduler.elapse(clock, Duration.ofSeconds(40));
            pool.acquire("busy").release();
        }
        assertThat(pool.keys()).containsExactlyInAnyOrder("held", "busy");
        held.release();
    }

    @Test
    void idleKey_callerWaitingForRoom_keyNotRemoved() throws Exception {
        KeyedPool<String, Resource> pool = pool(idleAfterOneMinute().maxTotal(1));
        Lease<Resource> x = pool.acquire("x");
        CompletableFuture<Lease<Resource>> y = acquireAsync(pool, "y");
        await().until(() -> waiting(pool, "y") == 1);
        scheduler.elapse(clock, Duration.ofMinutes(5)); // y's pool holds nothing, but a caller waits
        assertThat(pool.keys()).contains("y");
        x.release();
        y.get(10, TimeUnit.SECONDS).release();
    }

    @Test
    void idleKey_withMinIdle_keepsItsResourcesAndItsPool() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder()
                .perKey(PoolConfig.builder()
                        .minIdle(1)
                        .idleTimeout(Duration.ofMinutes(1))
                        .build()));
        assertThat(pool.tryAcquire("a")).isEmpty();
        assertThat(pool.keys()).isEmpty(); // tryAcquire creates no pool
        pool.acquire("a").release();
        scheduler.elapse(clock, Duration.ofMinutes(5));
        assertThat(pool.keys()).containsExactly("a");
        assertThat(pool.stats("a").orElseThrow().idle()).isEqualTo(1);
    }

    // ------------------------------------------------------------ stats

    @Test
    void stats_totals_sumOverKeys_maxSizeIsMaxTotal() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxTotal(7).maxPerKey(3));
        Lease<Resource> a1 = pool.acquire("a");
        pool.acquire("a").release();
        pool.acquire("b").release();
        PoolStats totals = pool.stats();
        assertThat(totals)
                .extracting(
                        PoolStats::maxSize, PoolStats::size, PoolStats::idle, PoolStats::leased, PoolStats::acquired)
                .containsExactly(7, 3, 2, 1, 3L);
        PoolInvariants.assertCounters(totals);
        PoolInvariants.assertQuiescent(() -> pool.stats("a").orElseThrow());
        a1.release();
    }

    @Test
    void stats_unknownKey_empty() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThat(pool.stats("nope")).isEmpty();
        assertThat(pool.stats())
                .extracting(PoolStats::maxSize, PoolStats::size, PoolStats::created)
                .containsExactly(100, 0, 0L);
    }

    // ------------------------------------------------------------ close

    @Test
    void close_wakesWaitersAndRefusesAcquires() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder().maxPerKey(1));
        Lease<Resource> held = pool.acquire("a");
        CompletableFuture<Lease<Resource>> waiter = acquireAsync(pool, "a");
        await().until(() -> waiting(pool, "a") == 1);
        pool.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'test' is closed");
        assertThatThrownBy(() -> pool.acquire("b"))
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'test' is closed");
        assertThatThrownBy(() -> pool.tryAcquire("a")).isInstanceOf(PoolClosedException.class);
        assertThat(pool.isClosed()).isTrue();
        held.release(); // destroyed on return
        assertThat(factory.destructions()).containsExactly(new Event("a", DestroyReason.CLOSED));
    }

    @Test
    void close_withTimeout_revokesLeasesStillOut() throws Exception {
        KeyedPool<String, Resource> pool = pool(builder());
        Lease<Resource> held = pool.acquire("a");
        pool.acquire("b").release();
        assertThat(pool.close(Duration.ZERO)).isFalse();
        assertThat(held.isActive()).isFalse();
        assertThat(factory.live()).isZero();
    }

    @Test
    void close_defaultSchedulerAndExecutor_leavesNoThreadBehind() throws Exception {
        KeyedPool<String, Resource> pool =
                KeyedPool.builder(factory).name("threads").maxTotal(2).build();
        pool.acquire("a").release();
        pool.acquire("b").release();
        try (Lease<Resource> lease = pool.acquire("c")) { // an idle resource of a or b makes room
            assertThat(lease.get().key()).isEqualTo("c");
        }
        pool.close();
        await().until(() -> factory.live() == 0);
        Threads.assertNoPoolkitThreads();
    }

    // ------------------------------------------------------------ bad input

    @Test
    void acquire_nullKey_throwsNpeNamingIt() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> pool.acquire(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> pool.tryAcquire(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> pool.stats(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
    }

    @Test
    void acquire_negativeTimeout_rejected() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire("a", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> pool.acquire("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
    }

    @Test
    void acquire_factoryReturnsNull_throwsResourceCreationException() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire("null-key"))
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'test[null-key]': factory returned null")
                .hasNoCause();
        assertThat(pool.stats().creationFailures()).isEqualTo(1);
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void acquire_factoryThrows_throwsResourceCreationExceptionWithCause() {
        KeyedPool<String, Resource> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire("fail-1"))
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'test[fail-1]': resource creation failed: "
                        + "java.lang.IllegalStateException: boom for fail-1")
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom for fail-1");
    }

    @Test
    void builder_nullArguments_rejectedWithTheirNames() {
        assertThatThrownBy(() -> KeyedPool.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
        assertThatThrownBy(() -> builder().ticker(null)).hasMessage("ticker");
        assertThatThrownBy(() -> builder().scheduler(null)).hasMessage("scheduler");
        assertThatThrownBy(() -> builder().executor(null)).hasMessage("executor");
        assertThatThrownBy(() -> builder().listener(null)).hasMessage("listener");
        assertThatThrownBy(() -> builder().maxPerKey(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPerKey must be >= 1, but was -1");
    }
}
