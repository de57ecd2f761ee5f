package dev.poolkit.bench.peer;

import dev.poolkit.pool.Fairness;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolBuilder;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.ResourceFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * poolkit's {@link Pool} with its defaults, except {@code maxSize = minIdle = size} and the shared
 * acquire timeout. A handle is the {@link Lease}. {@code poolkit-listener} is the same pool with a
 * {@link PoolListener} of its own (every method empty but not the shared no-op), which shows what
 * a listener costs on the acquire/release path: nothing, since no event happens there. {@code
 * poolkit-strict} and {@code poolkit-bounded} set {@link Fairness} explicitly, so that both modes
 * run side by side whichever is the default.
 */
final class PoolkitPool implements BenchPool<Lease<StubResource>> {

    /** A listener that is not {@link PoolListener#noop()}, so the pool treats it as a real one. */
    private static final class EmptyListener implements PoolListener<StubResource> {
        @Override
        public void created(StubResource resource, Duration took) {}
    }

    private final Pool<StubResource> pool;

    /**
     * Builds and fills the pool.
     *
     * @param fairness the mode, or null for the default
     */
    PoolkitPool(int size, boolean listener, Fairness fairness) throws InterruptedException {
        AtomicInteger ids = new AtomicInteger();
        ResourceFactory<StubResource> factory = () -> new StubResource(ids.incrementAndGet());
        PoolBuilder<StubResource> builder =
                Pool.builder(factory).name("bench").maxSize(size).minIdle(size).acquireTimeout(ACQUIRE_TIMEOUT);
        if (listener) {
            builder.listener(new EmptyListener());
        }
        if (fairness != null) {
            builder.fairness(fairness);
        }
        pool = builder.build();
        BenchPool.awaitFilled("poolkit", () -> pool.stats().idle() == size);
    }

    @Override
    public Lease<StubResource> acquire() throws InterruptedException {
        return pool.acquire();
    }

    @Override
    public Object resource(Lease<StubResource> handle) {
        return handle.get();
    }

    @Override
    public void release(Lease<StubResource> handle) {
        handle.release();
    }

    @Override
    public void close() {
        pool.close();
    }
}
