package dev.poolkit.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.PoolInvariants;
import dev.poolkit.pool.testing.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Core's {@link PoolInvariants} for host pools, as a JUnit 5 extension: after each test, every
 * tracked pool is checked while quiet, closed, and checked again (nothing left, everything created
 * destroyed), and no {@code poolkit-} thread may remain.
 */
public final class HostPoolInvariants implements AfterEachCallback {

    private final List<HostPool> pools = new CopyOnWriteArrayList<>();

    /**
     * Checks {@code pool} after the test.
     *
     * @param pool the pool
     * @return {@code pool}
     */
    public HostPool track(HostPool pool) {
        pools.add(pool);
        return pool;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<HostPool> tracked = new ArrayList<>(pools);
        pools.clear();
        for (HostPool pool : tracked) {
            if (!pool.isClosed()) {
                PoolInvariants.assertQuiescent(() -> pool.stats().pool());
            }
            pool.close();
            if (pool.stats().pool().size() > 0) {
                pool.close(java.time.Duration.ZERO); // leases the test kept: revoke them
            }
            assertClosed(pool);
        }
        Threads.assertNoPoolkitThreads();
    }

    /**
     * Waits until a closed pool holds nothing and has destroyed everything it created.
     *
     * @param pool the pool, closed
     */
    public static void assertClosed(HostPool pool) {
        assertThat(pool.isClosed()).as("closed").isTrue();
        Awaits.await().untilAsserted(() -> {
            PoolStats stats = pool.stats().pool();
            assertThat(stats.size()).as("size after close in %s", stats).isZero();
            assertThat(stats.created()).as("created == destroyed in %s", stats).isEqualTo(stats.destroyed());
        });
    }
}
