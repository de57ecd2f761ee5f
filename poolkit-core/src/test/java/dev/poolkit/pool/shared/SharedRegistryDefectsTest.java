package dev.poolkit.pool.shared;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per defect of go-pooler that the registry fixes (reference §2.2, design §3.3), each of
 * which go-pooler fails: the cap raced, a key's factory ran twice and leaked the first resource, a
 * health-check removal woke nobody, and a release woke at most one waiter whatever it freed.
 */
@Timeout(120)
class SharedRegistryDefectsTest {

    enum ThreadKind {
        PLATFORM,
        VIRTUAL
    }

    private static Thread start(ThreadKind kind, Runnable body) {
        return kind == ThreadKind.VIRTUAL
                ? Thread.ofVirtual().start(body)
                : Thread.ofPlatform().start(body);
    }

    /**
     * 32 threads each go through 1,000 distinct keys (acquire, then release) with a cap of 10. The
     * factory checks at every creation how many workers exist, creations included, and a reader
     * checks {@code stats().open()} all along: never above 10, not only at the end.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void cap_32ThreadsOver1000Keys_neverMoreThan10Open(ThreadKind kind) throws Exception {
        WorkerFactory factory = new WorkerFactory();
        SharedResourceRegistry<String, Worker> registry = SharedResourceRegistry.builder(factory)
                .name("cap-" + kind.name().toLowerCase())
                .maxOpen(10)
                .acquireTimeout(Duration.ofSeconds(60))
                .build();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add("key" + i);
        }
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger acquired = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            List<String> order = new ArrayList<>(keys);
            Collections.shuffle(order, new java.util.Random(t));
            threads.add(start(kind, () -> {
                try {
                    start.await();
                    for (String key : order) {
                        Worker worker = registry.acquire(key);
                        assertThat(worker.key()).isEqualTo(key);
                        acquired.incrementAndGet();
                        registry.release(key);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger maxSeen = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                maxSeen.accumulateAndGet(registry.stats().open(), Math::max);
                Thread.yield();
            }
        });
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        running.set(false);
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(acquired.get()).isEqualTo(32_000);
        assertThat(factory.maxOpen()).as("workers at once, creations included").isBetween(1, 10);
        assertThat(maxSeen.get()).as("stats().open() ever seen").isBetween(1, 10);
        registry.close();
        assertThat(factory.open()).isZero();
        assertThat(factory.workers())
                .allSatisfy(worker -> assertThat(worker.closes()).isEqualTo(1));
        Threads.assertNoPoolkitThreads();
    }

    /** 64 threads ask for one new key at once: one factory call, one instance for all of them. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void singleFlight_64ThreadsOnOneNewKey_factoryOnce_sameInstanceForAll(ThreadKind kind) throws Exception {
        WorkerFactory factory = new WorkerFactory();
        Gate gate = Gate.blocking();
        factory.beforeCreate(gate::pass);
        SharedResourceRegistry<String, Worker> registry =
                SharedResourceRegistry.builder(factory).name("flight").build();
        Set<Worker> seen = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            threads.add(start(kind, () -> {
                try {
                    start.await();
                    seen.add(registry.acquire("new-key"));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        // Let the creation finish only once every caller is parked waiting for it.
        await().until(() -> gate.blocked() == 1
                && threads.stream()
                        .allMatch(t ->
                                t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
        gate.open();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(factory.createCalls("new-key")).isEqualTo(1);
        assertThat(seen).hasSize(1);
        assertThat(registry.stats().open()).isEqualTo(1);
        registry.close();
        assertThat(factory.workers())
                .singleElement()
                .satisfies(worker -> assertThat(worker.closes()).isEqualTo(1));
    }

    /** go-pooler's GP-A14 is not kept: a resource removed by the health check lets a waiter in at once. */
    @Test
    void healthCheckRemoval_wakesABlockedWaiter() throws Exception {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerFactory factory = new WorkerFactory();
        try (SharedResourceRegistry<String, Worker> registry = SharedResourceRegistry.builder(factory)
                .maxOpen(1)
                .healthCheckInterval(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .build()) {
            registry.acquire("bad").breakIt();
            CompletableFuture<Worker> waiter = acquireAsync(registry, "k2");
            await().until(() -> registry.stats().waitingNow() == 1);
            scheduler.elapse(clock, Duration.ofSeconds(1));
            assertThat(waiter.get(10, TimeUnit.SECONDS).key()).isEqualTo("k2");
            assertThat(registry.contains("bad")).isFalse();
            assertThat(registry.stats().waitingNow()).isZero();
        }
    }

    /** releaseAll frees three places: three waiters of three keys get in, not one. */
    @Test
    void releaseAll_everyFreedPlaceWakesOneWaiter() throws Exception {
        WorkerFactory factory = new WorkerFactory();
        try (SharedResourceRegistry<String, Worker> registry =
                SharedResourceRegistry.builder(factory).maxOpen(3).build()) {
            for (String key : List.of("a", "b", "c")) {
                registry.acquire(key);
            }
            List<CompletableFuture<Worker>> waiters = new ArrayList<>();
            for (String key : List.of("x", "y", "z")) {
                waiters.add(acquireAsync(registry, key));
                int queued = waiters.size();
                await().until(() -> registry.stats().waitingNow() == queued);
            }
            registry.releaseAll();
            for (CompletableFuture<Worker> waiter : waiters) {
                waiter.get(10, TimeUnit.SECONDS);
            }
            assertThat(registry.keys()).containsExactly("x", "y", "z");
            assertThat(registry.stats().waitingNow()).isZero();
        }
    }

    /** One freed place serves every waiter of the key it goes to, and only that key. */
    @Test
    void release_onePlace_servesAllWaitersOfTheNextKey_othersStillWait() throws Exception {
        WorkerFactory factory = new WorkerFactory();
        try (SharedResourceRegistry<String, Worker> registry =
                SharedResourceRegistry.builder(factory).maxOpen(1).build()) {
            registry.acquire("a");
            CompletableFuture<Worker> x1 = acquireAsync(registry, "x");
            await().until(() -> registry.stats().waitingNow() == 1);
            CompletableFuture<Worker> y = acquireAsync(registry, "y");
            await().until(() -> registry.stats().waitingNow() == 2);
            CompletableFuture<Worker> x2 = acquireAsync(registry, "x");
            await().until(() -> registry.stats().waitingNow() == 3);
            registry.release("a");
            assertThat(x1.get(10, TimeUnit.SECONDS)).isSameAs(x2.get(10, TimeUnit.SECONDS));
            assertThat(registry.stats().waitingNow()).isEqualTo(1);
            assertThat(y).isNotDone();
            registry.release("x");
            assertThat(y.get(10, TimeUnit.SECONDS).key()).isEqualTo("y");
            assertThat(factory.createCalls("x")).isEqualTo(1);
        }
    }

    /** A failed creation gives its place back at once: the next waiter gets in. */
    @Test
    void failedCreation_freesItsPlaceForAWaiter() throws Exception {
        WorkerFactory factory = new WorkerFactory();
        Gate gate = Gate.blocking();
        factory.beforeCreate(gate::pass);
        try (SharedResourceRegistry<String, Worker> registry =
                SharedResourceRegistry.builder(factory).maxOpen(1).build()) {
            CompletableFuture<Worker> failing = acquireAsync(registry, "fail-1");
            await().until(() -> gate.blocked() == 1);
            CompletableFuture<Worker> waiter = acquireAsync(registry, "k");
            await().until(() -> registry.stats().waitingNow() == 1);
            gate.open();
            assertThat(waiter.get(10, TimeUnit.SECONDS).key()).isEqualTo("k");
            // The failing caller may still be on its way out when the waiter is served.
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ResourceCreationException.class);
        }
    }

    /** Acquires {@code key} on a platform thread of its own (the common pool may have one thread here). */
    private static CompletableFuture<Worker> acquireAsync(SharedResourceRegistry<String, Worker> registry, String key) {
        CompletableFuture<Worker> result = new CompletableFuture<>();
        Thread.ofPlatform().name("caller-" + key).start(() -> {
            try {
                result.complete(registry.acquire(key));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
