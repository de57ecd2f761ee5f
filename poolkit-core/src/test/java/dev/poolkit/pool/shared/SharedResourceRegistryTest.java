package dev.poolkit.pool.shared;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The go-pooler acceptance scenarios GP-A1..A13 of the reference (§2.4), one test each named after
 * it, in their Java form (an interrupt or a timeout where Go cancels a context), plus the rest of
 * the registry's behaviour. Factory calls run on the calling thread (or the scheduler's, for pings),
 * wait durations are measured on a {@link FakeClock}, and the health check runs when a test lets
 * simulated time pass.
 */
@Timeout(60)
class SharedResourceRegistryTest {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final WorkerFactory factory = new WorkerFactory();
    private final List<SharedResourceRegistry<String, Worker>> registries = new ArrayList<>();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();

    private RegistryBuilder<String, Worker> builder() {
        return SharedResourceRegistry.builder(factory)
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run);
    }

    private SharedResourceRegistry<String, Worker> registry(RegistryBuilder<String, Worker> builder) {
        SharedResourceRegistry<String, Worker> registry = builder.build();
        registries.add(registry);
        return registry;
    }

    /** After close: every worker created was closed exactly once, nothing is open, no thread is left. */
    @AfterEach
    void closeAndCheck() throws InterruptedException {
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(10));
        }
        for (SharedResourceRegistry<String, Worker> registry : registries) {
            registry.close();
            assertThat(registry.stats().open()).as("open after close").isZero();
            assertThat(registry.stats().waitingNow()).isZero();
        }
        assertThat(factory.workers())
                .allSatisfy(worker ->
                        assertThat(worker.closes()).as("%s closed once", worker).isEqualTo(1));
        assertThat(factory.open()).isZero();
        Threads.assertNoPoolkitThreads();
    }

    /** Acquires {@code key} on a thread of its own. */
    private CompletableFuture<Worker> acquireAsync(SharedResourceRegistry<String, Worker> registry, String key) {
        return acquireAsync(registry, key, Duration.ofSeconds(30));
    }

    private CompletableFuture<Worker> acquireAsync(
            SharedResourceRegistry<String, Worker> registry, String key, Duration timeout) {
        CompletableFuture<Worker> result = new CompletableFuture<>();
        callers.add(Thread.ofPlatform().name("caller-" + key).start(() -> {
            try {
                result.complete(registry.acquire(key, timeout));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    private static void awaitWaiting(SharedResourceRegistry<String, Worker> registry, int waiting) {
        await().until(() -> registry.stats().waitingNow() == waiting);
    }

    // ------------------------------------------------------------ GP-A1..A13

    @Test
    void gpA1_defaults_andNonPositiveValuesNormalisedAndLogged() {
        SharedResourceRegistry<String, Worker> defaults = registry(builder());
        assertThat(defaults.stats().maxOpen()).isEqualTo(10);
        assertThat(defaults.config().healthCheckInterval()).isEqualTo(Duration.ofMinutes(1));
        List<String> warnings;
        try (LogCapture log = LogCapture.of(SharedResourceRegistry.class.getName())) {
            assertThat(registry(builder().maxOpen(0)).stats().maxOpen()).isEqualTo(10);
            assertThat(registry(builder().maxOpen(-5)).stats().maxOpen()).isEqualTo(10);
            assertThat(registry(builder().healthCheckInterval(Duration.ZERO))
                            .config()
                            .healthCheckInterval())
                    .isEqualTo(Duration.ofMinutes(1));
            warnings = log.warnings();
        }
        assertThat(warnings)
                .containsExactly(
                        "Registry 'registry': maxOpen 0 is not a limit; using the default 10",
                        "Registry 'registry': maxOpen -5 is not a limit; using the default 10",
                        "Registry 'registry': healthCheckInterval PT0S is not an interval; using the default PT1M");
        assertThat(registry(builder().maxOpen(5).healthCheckInterval(Duration.ofMinutes(2)))
                        .config())
                .extracting(RegistryConfig::maxOpen, RegistryConfig::healthCheckInterval)
                .containsExactly(5, Duration.ofMinutes(2));
    }

    @Test
    void gpA2_acquireTwice_sameInstance_factoryCalledOnce() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        Worker first = registry.acquire("k");
        assertThat(registry.acquire("k")).isSameAs(first);
        assertThat(factory.createCalls("k")).isEqualTo(1);
        assertThat(registry.contains("k")).isTrue();
        assertThat(registry.stats().open()).isEqualTo(1);
    }

    @Test
    void gpA3_release_closesOnceAndRemoves_absentKeyIsANoOp() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        Worker worker = registry.acquire("k");
        registry.release("k");
        assertThat(worker.closes()).isEqualTo(1);
        assertThat(registry.contains("k")).isFalse();
        assertThat(registry.stats().open()).isZero();
        registry.release("k");
        registry.release("absent");
        assertThat(worker.closes()).isEqualTo(1);
        assertThat(registry.stats().closed()).isEqualTo(1);
    }

    @Test
    void gpA4_interruptedCaller_failsEvenForAnExistingKey_factoryNotCalled() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        registry.acquire("k");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> registry.acquire("k"))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("Registry 'registry': interrupted");
        assertThat(Thread.interrupted()).as("interrupt status cleared").isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> registry.acquire("new")).isInstanceOf(InterruptedException.class);
        assertThat(factory.createCalls()).isEqualTo(1);
    }

    @Test
    void gpA5_factoryFails_creationExceptionWithKeyAndCause_openUnchanged() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        registry.acquire("ok");
        assertThatThrownBy(() -> registry.acquire("fail-k1"))
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Registry 'registry': pool: factory error; key: fail-k1, error: boom")
                .hasMessageContaining("key: fail-k1")
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(registry.stats().open()).isEqualTo(1);
        assertThat(registry.stats().creationFailures()).isEqualTo(1);
        assertThat(registry.contains("fail-k1")).isFalse();
    }

    @Test
    void gpA6_full_waiterBlocksUntilRelease_waitCountedAndTimed() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(1));
        registry.acquire("k1");
        CompletableFuture<Worker> k2 = acquireAsync(registry, "k2");
        awaitWaiting(registry, 1);
        clock.advance(Duration.ofMillis(100));
        assertThat(registry.stats().waitingNow()).isEqualTo(1);
        assertThat(registry.contains("k2")).isFalse();
        assertThat(k2).isNotDone();
        registry.release("k1");
        assertThat(k2.get(10, TimeUnit.SECONDS).key()).isEqualTo("k2");
        RegistryStats stats = registry.stats();
        assertThat(stats.waitingNow()).isZero();
        assertThat(stats.open()).isEqualTo(1);
        assertThat(stats.waitCount()).isEqualTo(1);
        assertThat(stats.waitDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void gpA7_full_existingKeyReturnsAtOnce() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(1));
        Worker k1 = registry.acquire("k1");
        assertThat(registry.acquire("k1", Duration.ZERO)).isSameAs(k1);
        assertThat(registry.stats().waitCount()).isZero();
    }

    @Test
    void gpA8_full_waiterTimesOutOrIsInterrupted_waitingBackToZero_noWaitTimeAdded() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(1));
        registry.acquire("k1");
        CompletableFuture<Worker> timedOut = acquireAsync(registry, "k2", Duration.ofMillis(50));
        assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessage("Pool 'registry' timed out after 50 ms (size=1/1, idle=0, leased=1, waiting=0)");
        CompletableFuture<Worker> interrupted = acquireAsync(registry, "k3");
        awaitWaiting(registry, 1);
        clock.advance(Duration.ofMillis(50));
        callers.get(1).interrupt();
        assertThatThrownBy(() -> interrupted.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(InterruptedException.class)
                .hasMessage("Registry 'registry': interrupted while waiting for room");
        RegistryStats stats = registry.stats();
        assertThat(stats.waitingNow()).isZero();
        assertThat(stats.waitCount()).isEqualTo(2);
        assertThat(stats.waitDuration()).isZero();
        assertThat(factory.createCalls()).isEqualTo(1);
    }

    @Test
    void gpA9_healthCheck_failingPingRemovedAndClosed_healthyStays() throws Exception {
        SharedResourceRegistry<String, Worker> registry =
                registry(builder().healthCheckInterval(Duration.ofMillis(100)));
        Worker bad = registry.acquire("bad");
        Worker good = registry.acquire("good");
        bad.breakIt();
        scheduler.elapse(clock, Duration.ofMillis(300));
        assertThat(registry.contains("bad")).isFalse();
        assertThat(bad.closes()).isEqualTo(1);
        assertThat(registry.contains("good")).isTrue();
        assertThat(good.closed()).isFalse();
        assertThat(registry.stats())
                .extracting(RegistryStats::open, RegistryStats::pingFailures)
                .containsExactly(1, 1L);
    }

    @Test
    void gpA10_closed_healthLoopStopped_nothingPingedAnyMore() throws Exception {
        SharedResourceRegistry<String, Worker> registry =
                registry(builder().healthCheckInterval(Duration.ofMillis(100)));
        Worker worker = registry.acquire("k");
        scheduler.elapse(clock, Duration.ofMillis(100));
        assertThat(factory.pings()).isEqualTo(1);
        registry.close();
        assertThat(scheduler.pending()).as("no health check scheduled").isZero();
        scheduler.elapse(clock, Duration.ofMillis(300));
        assertThat(factory.pings()).isEqualTo(1);
        assertThat(worker.closes()).isEqualTo(1);
    }

    @Test
    void gpA11_releaseAll_closesEverything_andWakesABlockedWaiter() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(5));
        for (int i = 0; i < 5; i++) {
            registry.acquire("key" + i);
        }
        CompletableFuture<Worker> waiter = acquireAsync(registry, "key5");
        awaitWaiting(registry, 1);
        registry.releaseAll();
        assertThat(waiter.get(10, TimeUnit.SECONDS).key()).isEqualTo("key5");
        assertThat(factory.workers().subList(0, 5))
                .allSatisfy(worker -> assertThat(worker.closes()).isEqualTo(1));
        assertThat(registry.keys()).containsExactly("key5");
        assertThat(registry.stats().open()).isEqualTo(1);
        registry.releaseAll();
        assertThat(registry.stats().open()).isZero();
    }

    @Test
    void gpA12_snapshotAndItsIterator_yieldEachKeyOnce_inCreationOrder() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        for (String key : List.of("key0", "key1", "key2")) {
            registry.acquire(key);
        }
        Map<String, Worker> all = registry.snapshot();
        List<String> seen = new ArrayList<>();
        all.forEach((key, worker) -> {
            assertThat(worker.key()).isEqualTo(key);
            seen.add(key);
        });
        assertThat(seen).containsExactly("key0", "key1", "key2");
        List<String> walked = new ArrayList<>();
        for (Iterator<Map.Entry<String, Worker>> walk = all.entrySet().iterator(); walk.hasNext(); ) {
            walked.add(walk.next().getKey());
        }
        assertThat(walked).containsExactly("key0", "key1", "key2");
        registry.release("key1");
        assertThat(all).as("a snapshot does not change").containsOnlyKeys("key0", "key1", "key2");
        assertThat(registry.keys()).containsExactly("key0", "key2");
    }

    @Test
    void gpA13_twoWaiters_oneReleaseLetsExactlyOneIn_inArrivalOrder() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(1));
        registry.acquire("k1");
        CompletableFuture<Worker> first = acquireAsync(registry, "k2");
        awaitWaiting(registry, 1);
        CompletableFuture<Worker> second = acquireAsync(registry, "k3");
        awaitWaiting(registry, 2);
        registry.release("k1");
        assertThat(first.get(10, TimeUnit.SECONDS).key()).isEqualTo("k2");
        assertThat(registry.stats().waitingNow()).isEqualTo(1);
        assertThat(second).isNotDone();
        registry.release("k2");
        assertThat(second.get(10, TimeUnit.SECONDS).key()).isEqualTo("k3");
        assertThat(registry.stats().waitingNow()).isZero();
    }

    // ------------------------------------------------------------ beyond go-pooler

    @Test
    void acquire_timeoutWhileCreating_creationGoesOn_andItsResourceStays() throws Exception {
        Gate gate = Gate.blocking();
        factory.beforeCreate(gate::pass);
        SharedResourceRegistry<String, Worker> registry =
                registry(SharedResourceRegistry.builder(factory).ticker(clock).scheduler(scheduler));
        assertThatThrownBy(() -> registry.acquire("k", Duration.ofMillis(20))).isInstanceOf(PoolTimeoutException.class);
        assertThat(registry.stats().open())
                .as("the creation still holds its place")
                .isEqualTo(1);
        gate.open();
        await().until(() -> registry.contains("k"));
        assertThat(registry.acquire("k", Duration.ZERO).key()).isEqualTo("k");
        assertThat(factory.createCalls("k")).isEqualTo(1);
    }

    @Test
    void release_whileCreating_hasNoEffect() throws Exception {
        Gate gate = Gate.blocking();
        factory.beforeCreate(gate::pass);
        SharedResourceRegistry<String, Worker> registry =
                registry(SharedResourceRegistry.builder(factory).ticker(clock).scheduler(scheduler));
        CompletableFuture<Worker> creating = acquireAsync(registry, "k");
        await().until(() -> gate.blocked() == 1);
        registry.release("k");
        gate.open();
        Worker worker = creating.get(10, TimeUnit.SECONDS);
        assertThat(worker.closed()).isFalse();
        assertThat(registry.contains("k")).isTrue();
    }

    @Test
    void ping_overrunningPingTimeout_removedAtOnce_evenIfThePingHangs() throws Exception {
        Gate gate = Gate.blocking().ignoringInterrupts();
        SharedResourceRegistry<String, Worker> registry = registry(SharedResourceRegistry.builder(factory)
                .healthCheckInterval(Duration.ofSeconds(1))
                .pingTimeout(Duration.ofMillis(200))
                .ticker(clock)
                .scheduler(scheduler));
        Worker worker = registry.acquire("k");
        factory.beforePing(gate::pass);
        scheduler.elapse(clock, Duration.ofSeconds(1));
        await().until(() -> gate.blocked() == 1);
        scheduler.elapse(clock, Duration.ofMillis(200)); // the watchdog
        await().until(() -> worker.closed());
        assertThat(registry.contains("k")).isFalse();
        assertThat(registry.stats().pingFailures()).isEqualTo(1);
        gate.open();
    }

    @Test
    void ping_runsOnTheExecutor_notOnTheScheduler() throws Exception {
        List<String> pingThreads = new CopyOnWriteArrayList<>();
        SharedResourceRegistry<String, Worker> registry = registry(SharedResourceRegistry.builder(factory)
                .name("pinged")
                .healthCheckInterval(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler));
        registry.acquire("k");
        factory.beforePing(() -> pingThreads.add(Thread.currentThread().getName()));
        scheduler.elapse(clock, Duration.ofSeconds(1));
        await().until(() -> pingThreads.size() == 1);
        assertThat(pingThreads.get(0)).startsWith("poolkit-registry-pinged-");
    }

    @Test
    void acquire_factoryReturnsNull_creationException() {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        assertThatThrownBy(() -> registry.acquire("null-k"))
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Registry 'registry': pool: factory error; key: null-k, error: factory returned null")
                .hasNoCause();
        assertThat(registry.stats().open()).isZero();
    }

    @Test
    void close_wakesWaiters_refusesAcquires_closesEveryResource() throws Exception {
        SharedResourceRegistry<String, Worker> registry = registry(builder().maxOpen(1));
        Worker k1 = registry.acquire("k1");
        CompletableFuture<Worker> waiter = acquireAsync(registry, "k2");
        awaitWaiting(registry, 1);
        registry.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'registry' is closed");
        assertThat(k1.closes()).isEqualTo(1);
        assertThatThrownBy(() -> registry.acquire("k1")).isInstanceOf(PoolClosedException.class);
        registry.release("k1");
        registry.releaseAll();
        assertThat(registry.isClosed()).isTrue();
        assertThat(registry.stats().open()).isZero();
    }

    @Test
    void close_creationEndingAfterClose_itsResourceIsClosed() throws Exception {
        Gate gate = Gate.blocking().ignoringInterrupts();
        factory.beforeCreate(gate::pass);
        SharedResourceRegistry<String, Worker> registry =
                registry(SharedResourceRegistry.builder(factory).ticker(clock).scheduler(scheduler));
        CompletableFuture<Worker> creating = acquireAsync(registry, "k");
        await().until(() -> gate.blocked() == 1);
        Thread closer = Thread.ofPlatform().start(registry::close);
        await().until(registry::isClosed);
        gate.open();
        closer.join();
        assertThatThrownBy(() -> creating.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(PoolClosedException.class);
        assertThat(factory.workers())
                .singleElement()
                .satisfies(worker -> assertThat(worker.closes()).isEqualTo(1));
    }

    @Test
    void close_defaultSchedulerAndExecutor_leavesNoThread() throws Exception {
        SharedResourceRegistry<String, Worker> registry =
                SharedResourceRegistry.builder(factory).name("threads").build();
        registry.acquire("k");
        assertThat(Threads.threadsNamed("poolkit-scheduler")).hasSize(1);
        registry.close();
        Threads.assertNoPoolkitThreads();
    }

    // ------------------------------------------------------------ bad input

    @Test
    void nullKey_throwsNpeNamingIt() {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        assertThatThrownBy(() -> registry.acquire(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> registry.acquire(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> registry.release(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> registry.contains(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
    }

    @Test
    void acquire_negativeTimeout_rejected() {
        SharedResourceRegistry<String, Worker> registry = registry(builder());
        assertThatThrownBy(() -> registry.acquire("k", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-0.001S");
    }

    @Test
    void config_badValues_rejectedWithStandardMessages() {
        assertThatThrownBy(() ->
                        RegistryConfig.builder().pingTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pingTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> RegistryConfig.builder()
                        .acquireTimeout(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acquireTimeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> RegistryConfig.builder().name("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ''");
        assertThatThrownBy(
                        () -> RegistryConfig.builder().healthCheckInterval(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("healthCheckInterval");
        assertThatThrownBy(() -> SharedResourceRegistry.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
        RegistryConfig config = RegistryConfig.builder().name("r").maxOpen(3).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(RegistryConfig.defaults().pingTimeout()).isEqualTo(Duration.ofSeconds(5));
    }
}
