package dev.poolkit.pool;

import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.internal.SharedScheduler;
import dev.poolkit.pool.testing.Gate;
import dev.poolkit.pool.testing.PoolInvariants;
import dev.poolkit.pool.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pools with default settings share one housekeeping thread ({@code poolkit-scheduler}), started by
 * the first and stopped by the last (issue 15, item 2). Real time throughout: the shared scheduler is
 * the production one.
 */
@Timeout(120)
class SharedSchedulerTest {

    @Test
    void thousandPools_defaultSettings_addOneThread_closingThemLeavesNone() throws Exception {
        Threads.assertNoPoolkitThreads();
        int before = SharedScheduler.users();
        List<Pool<Object>> pools = new ArrayList<>();
        ResourceFactory<Object> factory = Object::new;
        for (int i = 0; i < 1_000; i++) {
            pools.add(Pool.builder(factory).name("many-" + i).build());
        }
        pools.get(0).acquire().release(); // the first one does some work too
        assertThat(Threads.threadsNamed("poolkit-")).containsExactly(SharedScheduler.THREAD_NAME);
        assertThat(SharedScheduler.users() - before).isEqualTo(1_000);
        for (Pool<Object> pool : pools) {
            pool.close();
        }
        assertThat(SharedScheduler.users()).isEqualTo(before);
        Threads.assertNoPoolkitThreads();
        pools.forEach(PoolInvariants::assertClosed);
    }

    @Test
    void blockingRefill_inOnePool_doesNotDelayAnotherPoolsEviction() throws Exception {
        Gate gate = Gate.blocking();
        ResourceFactory<Object> hanging = () -> {
            gate.pass();
            return new Object();
        };
        ResourceFactory<Object> quick = Object::new;
        try (Pool<Object> stuck = Pool.builder(hanging).name("stuck").minIdle(1).build();
                Pool<Object> evicting = Pool.builder(quick)
                        .name("evicting")
                        .idleTimeout(Duration.ofMillis(100))
                        .build()) {
            await().until(() -> gate.blocked() == 1);
            evicting.acquire().release();
            await().until(() -> evicting.stats().size() == 0);
            assertThat(gate.blocked()).as("the refill is still blocked").isEqualTo(1);
            assertThat(stuck.stats().idle()).isZero();
            gate.open();
        }
        Threads.assertNoPoolkitThreads();
    }

    @Test
    void handles_areCountedOnce_lastReleaseStopsTheThread() {
        Threads.assertNoPoolkitThreads();
        Scheduler first = SharedScheduler.acquire();
        Scheduler second = SharedScheduler.acquire();
        try {
            first.schedule(() -> {}, Duration.ofHours(1)); // the thread starts with the first task
            assertThat(Threads.threadsNamed("poolkit-")).containsExactly(SharedScheduler.THREAD_NAME);
            SharedScheduler.release(first);
            SharedScheduler.release(first); // a second release of one handle is ignored
            assertThat(SharedScheduler.users()).isEqualTo(1);
            assertThatThrownBy(() -> first.schedule(() -> {}, Duration.ZERO))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessage("this handle on poolkit-scheduler was released");
            second.schedule(() -> {}, Duration.ofHours(1)); // the other user's handle still works
            assertThat(Threads.threadsNamed("poolkit-")).isEqualTo(Set.of(SharedScheduler.THREAD_NAME));
        } finally {
            SharedScheduler.release(first);
            SharedScheduler.release(second);
        }
        Threads.assertNoPoolkitThreads();
        assertThatThrownBy(() -> second.schedule(() -> {}, Duration.ZERO))
                .as("a handle of a stopped thread")
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void release_foreignScheduler_rejected() {
        Scheduler foreign = (task, delay) -> () -> {};
        assertThatThrownBy(() -> SharedScheduler.release(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scheduler must be a handle from SharedScheduler.acquire(), but was ");
        assertThatThrownBy(() -> SharedScheduler.release(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("scheduler");
    }
}
