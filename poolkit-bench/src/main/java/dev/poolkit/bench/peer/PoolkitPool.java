package dev.poolkit.bench.peer;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.ResourceFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * poolkit's {@link Pool} with its defaults, except {@code maxSize = minIdle = size} and the shared
 * acquire timeout. A handle is the {@link Lease}.
 */
final class PoolkitPool implements BenchPool<Lease<StubResource>> {

    private final Pool<StubResource> pool;

    PoolkitPool(int size) throws InterruptedException {
        AtomicInteger ids = new AtomicInteger();
        ResourceFactory<StubResource> factory = () -> new StubResource(ids.incrementAndGet());
        pool = Pool.builder(factory)
                .name("bench")
                .maxSize(size)
                .minIdle(size)
                .acquireTimeout(ACQUIRE_TIMEOUT)
                .build();
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
