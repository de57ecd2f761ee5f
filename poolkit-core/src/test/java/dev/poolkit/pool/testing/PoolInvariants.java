package dev.poolkit.pool.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The invariants every pool keeps, as assertions and as a JUnit 5 extension that checks them after
 * each test (style §8, after Caffeine's {@code CacheValidationInterceptor}):
 *
 * <ul>
 *   <li>always: {@code created - destroyed == size}, and no counter is negative;
 *   <li>once the pool is quiet (nobody acquiring, releasing, or waiting for a creation): {@code size
 *       == idle + leased} and nobody waits;
 *   <li>after {@code close()}: size, idle and leased are 0, everything created was destroyed, and no
 *       {@code poolkit-} thread is left.
 * </ul>
 *
 * <p>The helpers take a {@link Pool} or, for pools that are not a core {@code Pool} (one key of a
 * keyed pool, a host pool), a supplier of {@link PoolStats}. As an extension:
 *
 * {@snippet :
 * @RegisterExtension
 * final PoolInvariants invariants = new PoolInvariants();
 *
 * @Test
 * void acquire_idle_reusesResource() throws Exception {
 *     Pool<Resource> pool = invariants.track(Pool.builder(factory).build());
 *     // ... after the test: checked while quiet, closed, checked again
 * }
 * }
 *
 * <p>Thread-safe: pools may be tracked from any thread.
 */
public final class PoolInvariants implements AfterEachCallback {

    private final List<Pool<?>> pools = new CopyOnWriteArrayList<>();
    private final boolean checkThreads;

    /** An extension that checks tracked pools and, at the end, that no {@code poolkit-} thread is left. */
    public PoolInvariants() {
        this(true);
    }

    private PoolInvariants(boolean checkThreads) {
        this.checkThreads = checkThreads;
    }

    /**
     * Returns an extension that does not check for leftover threads, for tests that run next to
     * components they do not close themselves.
     *
     * @return the extension
     */
    public static PoolInvariants withoutThreadCheck() {
        return new PoolInvariants(false);
    }

    /**
     * Checks {@code pool} after the test (quiet, then closed).
     *
     * @param pool the pool
     * @param <P> the pool's type
     * @return {@code pool}
     */
    public <P extends Pool<?>> P track(P pool) {
        pools.add(pool);
        return pool;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Pool<?>> tracked = new ArrayList<>(pools);
        pools.clear();
        for (Pool<?> pool : tracked) {
            if (!pool.isClosed()) {
                assertQuiescent(pool);
            }
            pool.close();
            if (pool.stats().size() > 0) {
                pool.close(Duration.ZERO); // leases the test kept: revoke them
            }
            assertClosed(pool);
        }
        if (checkThreads) {
            Threads.assertNoPoolkitThreads();
        }
    }

    /**
     * Checks what holds whenever no creation is under way ({@code size} counts the slot a creation
     * reserved before {@code created} counts it): {@code created - destroyed == size} and no negative count.
     *
     * @param stats a snapshot
     */
    public static void assertCounters(PoolStats stats) {
        assertThat(stats.created() - stats.destroyed())
                .as("created - destroyed == size in %s", stats)
                .isEqualTo(stats.size());
        assertThat(stats.size()).as("size in %s", stats).isNotNegative();
        assertThat(stats.idle()).as("idle in %s", stats).isNotNegative();
        assertThat(stats.leased()).as("leased in %s", stats).isNotNegative();
        assertThat(stats.waiting()).as("waiting in %s", stats).isNotNegative();
        assertThat(stats.acquired()).as("acquired in %s", stats).isNotNegative();
    }

    /**
     * Waits until the pool is quiet, then checks {@code size == idle + leased}, that nobody waits,
     * and {@link #assertCounters}.
     *
     * @param pool the pool; nobody may be acquiring or releasing meanwhile
     */
    public static void assertQuiescent(Pool<?> pool) {
        assertQuiescent(pool::stats);
    }

    /**
     * Waits until the source is quiet, then checks {@code size == idle + leased}, that nobody waits,
     * and {@link #assertCounters}, all on the same snapshot: a background refill may reserve a slot
     * right after a quiet snapshot, and a later snapshot would then count a creation under way.
     *
     * @param stats the source of snapshots
     */
    public static void assertQuiescent(Supplier<PoolStats> stats) {
        Awaits.await().untilAsserted(() -> {
            PoolStats now = stats.get();
            assertThat(now.idle() + now.leased())
                    .as("size == idle + leased in %s", now)
                    .isEqualTo(now.size());
            assertThat(now.waiting()).as("nobody waits in %s", now).isZero();
            assertCounters(now);
        });
    }

    /**
     * Checks a closed pool: nothing left, everything created destroyed. Waits for destructions that
     * are still under way.
     *
     * @param pool the pool, closed
     */
    public static void assertClosed(Pool<?> pool) {
        assertThat(pool.isClosed()).as("closed").isTrue();
        Awaits.await().untilAsserted(() -> {
            PoolStats stats = pool.stats();
            assertThat(stats.size()).as("size after close in %s", stats).isZero();
            assertThat(stats.idle()).as("idle after close in %s", stats).isZero();
            assertThat(stats.leased()).as("leased after close in %s", stats).isZero();
            assertThat(stats.created()).as("created == destroyed in %s", stats).isEqualTo(stats.destroyed());
        });
    }
}
