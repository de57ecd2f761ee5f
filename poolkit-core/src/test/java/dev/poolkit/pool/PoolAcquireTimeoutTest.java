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
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acquire timeout covers the whole call, a creation or validation for the caller included
 * (issue 15, item 1). The factory blocks at a {@link Gate} until the test opens it (a host that drops
 * SYNs), so "the call came back while the factory was still blocked" is checked directly, without
 * reading a clock. Ages use a fake ticker; the waits are real, as they must be.
 */
@Timeout(60)
class PoolAcquireTimeoutTest {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Gate gate = Gate.blocking();
    private final AtomicInteger ids = new AtomicInteger();

    /** What the factory throws once through the gate, if set. */
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** Numbers the resources from 1; passes the gate first (a connect that hangs). */
    private final ResourceFactory<Integer> slowFactory = () -> {
        gate.pass();
        Exception e = failure.get();
        if (e != null) {
            throw e;
        }
        return ids.incrementAndGet();
    };

    private PoolBuilder<Integer> builder() {
        return Pool.builder(slowFactory).name("slow").maxSize(1).ticker(clock).scheduler(scheduler);
    }

    private Pool<Integer> pool(PoolBuilder<Integer> builder) {
        return invariants.track(builder.build());
    }

    @Test
    void acquire_factoryBlocks_timesOutWhileCreating_resourceGoesIdleLater_closeDestroysIt() throws Exception {
        Pool<Integer> pool = pool(builder());
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(100)))
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessageMatching("Pool 'slow' timed out after 100 ms \\(size=1/1, idle=0, leased=0, waiting=0\\);"
                        + " a resource creation for this call had been running for \\d+ ms and goes on")
                .satisfies(e -> assertThat(((PoolTimeoutException) e).creationRunning())
                        .hasValueSatisfying(d -> assertThat(d).isPositive()));
        // Returned while the factory is still blocked: the creation did not hold the caller.
        assertThat(gate.blocked()).isEqualTo(1);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                .as("timeout plus scheduling slack")
                .isLessThan(10);
        gate.open();
        await().until(() -> pool.stats().idle() == 1);
        try (Lease<Integer> lease = pool.acquire(Duration.ZERO)) {
            assertThat(lease.get()).as("the abandoned creation's resource").isEqualTo(1);
        }
        pool.close();
        PoolInvariants.assertClosed(pool);
        assertThat(pool.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void acquire_callerGivesUpWhileCreating_nextWaiterGetsTheResource() throws Exception {
        Pool<Integer> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(50))).isInstanceOf(PoolTimeoutException.class);
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try (Lease<Integer> lease = pool.acquire(Duration.ofSeconds(30))) {
                return lease.get();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        await().until(() -> pool.stats().waiting() == 1);
        gate.open();
        assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids.get()).as("no second creation").isEqualTo(1);
    }

    @Test
    void acquire_interruptedWhileCreating_throwsInterrupted_resourceIsNotLost() throws Exception {
        Pool<Integer> pool = pool(builder());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(Duration.ofSeconds(30));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        await().until(() -> gate.blocked() == 1);
        caller.interrupt();
        caller.join();
        assertThat(thrown.get())
                .isInstanceOf(InterruptedException.class)
                .hasMessageMatching("Pool 'slow': interrupted while waiting;"
                        + " a resource creation for this call had been running for \\d+ ms and goes on");
        assertThat(gate.blocked()).as("the creation goes on").isEqualTo(1);
        gate.open();
        await().until(() -> pool.stats().idle() == 1);
    }

    @Test
    void acquire_factoryFails_whileCallerWaits_reachesItWithCause() {
        failure.set(new IOException("connection refused"));
        gate.open();
        Pool<Integer> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(30)))
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'slow': resource creation failed: java.io.IOException: connection refused")
                .hasCauseInstanceOf(IOException.class);
        assertThat(pool.stats().size()).isZero();
    }

    @Test
    void acquire_factoryFails_afterCallerGaveUp_isCountedOnly_placeFreed() throws Exception {
        failure.set(new IOException("connection refused"));
        Pool<Integer> pool = pool(builder());
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(20))).isInstanceOf(PoolTimeoutException.class);
        gate.open();
        await().until(() -> pool.stats().creationFailures() == 1);
        await().until(() -> pool.stats().size() == 0);
        assertThat(pool.stats().lastCreationFailure())
                .hasValueSatisfying(f -> assertThat(f.message()).isEqualTo("java.io.IOException: connection refused"));
    }

    @Test
    void close_whileCallerWaitsForCreation_wakesItWithClosed_andInterruptsTheFactory() throws Exception {
        Pool<Integer> pool = pool(builder());
        CompletableFuture<Object> caller = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.acquire(Duration.ofSeconds(30));
            } catch (Exception e) {
                return e;
            }
        });
        await().until(() -> gate.blocked() == 1);
        pool.close(); // the gate honours interrupts: the creation ends, and close waits for it
        assertThat((Throwable) caller.get(30, TimeUnit.SECONDS))
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'slow' is closed");
        assertThat(gate.blocked()).isZero();
        PoolInvariants.assertClosed(pool);
    }

    @Test
    void close_factoryIgnoringInterrupts_closeWaitsForIt_closeWithTimeoutDoesNot() throws Exception {
        Gate stubborn = Gate.blocking().ignoringInterrupts();
        CountingFactory factory = new CountingFactory();
        factory.beforeCreate(stubborn::pass);
        Pool<Resource> bounded = invariants.track(Pool.builder(factory)
                .name("stubborn")
                .minIdle(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        Pool<Resource> unbounded = invariants.track(Pool.builder(factory)
                .name("stubborn2")
                .minIdle(1)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        scheduler.runDue(); // both refills start and block
        await().until(() -> stubborn.blocked() == 2);
        assertThat(bounded.close(Duration.ofMillis(50)))
                .as("a creation still runs")
                .isFalse();
        Thread closer = Thread.ofVirtual().start(unbounded::close);
        await().until(() -> closer.getState() == Thread.State.WAITING);
        assertThat(closer.isAlive())
                .as("close() waits for the running creation")
                .isTrue();
        stubborn.open();
        closer.join();
        await().until(() -> factory.destroyed() == 2);
        assertThat(factory.created())
                .as("both creations finished, both resources destroyed")
                .isEqualTo(2);
    }

    @Test
    void acquire_validationBlocks_timesOut_validatedResourceGoesIdleLater() throws Exception {
        Gate validation = Gate.passing();
        CountingFactory factory = new CountingFactory();
        factory.beforeValidate(validation::pass);
        Pool<Resource> pool = invariants.track(Pool.builder(factory)
                .name("validating")
                .maxSize(1)
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .ticker(clock)
                .scheduler(scheduler)
                .build());
        pool.acquire(Duration.ofSeconds(5)).release();
        clock.advance(Duration.ofSeconds(1));
        validation.shut();
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(50)))
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessage("Pool 'validating' timed out after 50 ms (size=1/1, idle=0, leased=0, waiting=0)");
        assertThat(validation.blocked()).isEqualTo(1);
        validation.open();
        await().until(() -> pool.stats().idle() == 1);
        try (Lease<Resource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get().id()).isEqualTo(1);
        }
    }
}
