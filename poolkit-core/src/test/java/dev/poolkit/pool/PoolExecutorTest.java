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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every call into the factory runs on the pool's executor, the scheduler only decides when, and
 * {@code close()} waits for the pool's tasks (issue 15, item 2).
 */
@Timeout(60)
class PoolExecutorTest {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final CountingFactory factory = new CountingFactory();
    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService executor =
            Executors.newCachedThreadPool(r -> new Thread(r, "test-executor-" + threadCount.incrementAndGet()));

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private void elapse(Duration duration) {
        scheduler.elapse(clock, duration);
    }

    @Test
    void everyFactoryCall_runsOnTheExecutor() throws Exception {
        Pool<Resource> pool = invariants.track(Pool.builder(factory)
                .name("exec")
                .maxSize(3)
                .minIdle(1)
                .validationInterval(Duration.ofSeconds(1))
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .maxLifetime(Duration.ofSeconds(30))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(executor)
                .build());
        scheduler.runDue(); // refill
        await().until(() -> pool.stats().idle() == 1);
        clock.advance(Duration.ofMillis(1));
        pool.acquire().invalidate(); // validate-on-acquire, then destroy
        Lease<Resource> held = pool.acquire(); // creation for a caller
        held.release();
        elapse(Duration.ofSeconds(2)); // background validation
        await().until(() -> factory.validateCalls() >= 2);
        elapse(Duration.ofSeconds(31)); // lifetime: destroyed by housekeeping
        pool.close();
        PoolInvariants.assertClosed(pool);
        assertThat(factory.callThreads())
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call).matches("(create|isValid|destroy) test-executor-\\d+"));
        assertThat(factory.callThreads())
                .anySatisfy(call -> assertThat(call).startsWith("create"))
                .anySatisfy(call -> assertThat(call).startsWith("isValid"))
                .anySatisfy(call -> assertThat(call).startsWith("destroy"));
        assertThat(executor.isShutdown())
                .as("a given executor is not shut down")
                .isFalse();
    }

    @Test
    void defaultExecutor_isAVirtualThreadPerCall_namedAfterThePool() throws Exception {
        Pool<Resource> pool = invariants.track(Pool.builder(factory)
                .name("vt")
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        pool.acquire().invalidate();
        await().until(() -> factory.destroyed() == 1);
        assertThat(factory.callThreads()).containsExactly("create poolkit-pool-vt-1", "destroy poolkit-pool-vt-2");
    }

    @Test
    void scheduler_neverRunsBlockingWork_refillBlocksOnTheExecutorOnly() {
        Gate gate = Gate.blocking();
        ResourceFactory<Object> blocking = () -> {
            gate.pass();
            return new Object();
        };
        Pool<Object> pool = invariants.track(Pool.builder(blocking)
                .minIdle(2)
                .ticker(clock)
                .scheduler(scheduler)
                .executor(executor)
                .build());
        assertThat(scheduler.runDue())
                .as("refill started, and the scheduler thread is free")
                .isEqualTo(1);
        await().until(() -> gate.blocked() == 1);
        elapse(Duration.ofSeconds(60)); // housekeeping keeps running meanwhile
        gate.open();
        await().until(() -> pool.stats().idle() == 2);
    }

    /**
     * Refills used to overlap: housekeeping started a second refill while the first was creating, both
     * saw the same shortfall, and the pool ended with more idle resources than {@code minIdle}.
     */
    @Test
    void refill_runsOneAtATime_neverCreatesBeyondMinIdle() {
        Gate gate = Gate.blocking();
        ResourceFactory<Object> blocking = () -> {
            gate.pass();
            return new Object();
        };
        AtomicInteger submitted = new AtomicInteger();
        Pool<Object> pool = invariants.track(Pool.builder(blocking)
                .minIdle(2)
                .ticker(clock)
                .scheduler(scheduler)
                .executor(task -> {
                    submitted.incrementAndGet();
                    executor.execute(task);
                })
                .build());
        scheduler.runDue();
        await().until(() -> gate.blocked() == 1);
        elapse(Duration.ofSeconds(60)); // two housekeeping runs, each asking for a refill
        assertThat(submitted.get()).as("tasks while the first refill runs").isEqualTo(1);
        gate.open();
        await().until(() -> pool.stats().idle() == 2);
        scheduler.runDue();
        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(5))
                .until(() -> pool.stats().size() == 2 && pool.stats().created() == 2);
    }

    @Test
    void executorRejectsCreation_callerGetsCreationFailure_withTheRejection() {
        ExecutorService dead = Executors.newSingleThreadExecutor();
        dead.shutdown();
        Pool<Resource> pool = invariants.track(Pool.builder(factory)
                .name("dead")
                .ticker(clock)
                .scheduler(scheduler)
                .executor(dead)
                .build());
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .hasMessageStartingWith("Pool 'dead': the executor rejected the creation: ")
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(pool.stats())
                .extracting(PoolStats::size, PoolStats::creationFailures)
                .containsExactly(0, 1L);
    }

    @Test
    void executorRejectsDestroy_runsItOnTheCallingThread() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // Runs the first task (the creation) on the caller's thread, then refuses everything.
        Pool<Resource> pool = invariants.track(Pool.builder(factory)
                .ticker(clock)
                .scheduler(scheduler)
                .executor(task -> {
                    if (calls.incrementAndGet() > 1) {
                        throw new RejectedExecutionException("full");
                    }
                    task.run();
                })
                .build());
        pool.acquire().invalidate();
        assertThat(factory.destroyed()).isEqualTo(1);
        assertThat(factory.callThreads())
                .last()
                .asString()
                .isEqualTo("destroy " + Thread.currentThread().getName());
    }

    @Test
    void close_waitsForARunningDestroy() throws Exception {
        Gate gate = Gate.blocking();
        factory.afterDestroy(gate::pass);
        Pool<Resource> pool = invariants.track(
                Pool.builder(factory).ticker(clock).scheduler(scheduler).build());
        pool.acquire().release();
        Thread closer = Thread.ofVirtual().start(pool::close);
        await().until(() -> gate.blocked() == 1);
        await().until(() -> closer.getState() == Thread.State.WAITING);
        assertThat(closer.isAlive()).isTrue();
        gate.open();
        closer.join();
        assertThat(pool.stats().destroyFailures()).isZero();
    }
}
