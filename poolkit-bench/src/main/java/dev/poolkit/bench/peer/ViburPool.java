package dev.poolkit.bench.peer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vibur.objectpool.ConcurrentPool;
import org.vibur.objectpool.PoolObjectFactory;
import org.vibur.objectpool.util.ConcurrentLinkedDequeCollection;

/**
 * vibur-object-pool 26.0's {@link ConcurrentPool} over a {@link ConcurrentLinkedDequeCollection} (the
 * collection vibur-dbcp uses), created full ({@code initialSize = maxSize = size}), not fair (the
 * faster of its two modes; poolkit is always fair). Takes use {@code tryTake} with the shared acquire
 * timeout. A handle is the resource itself.
 */
final class ViburPool implements BenchPool<StubResource> {

    private static final long TIMEOUT_MILLIS = ACQUIRE_TIMEOUT.toMillis();

    private final ConcurrentPool<StubResource> pool;

    ViburPool(int size) {
        AtomicInteger ids = new AtomicInteger();
        PoolObjectFactory<StubResource> factory = new PoolObjectFactory<>() {
            @Override
            public StubResource create() {
                return new StubResource(ids.incrementAndGet());
            }

            @Override
            public boolean readyToTake(StubResource resource) {
                return true;
            }

            @Override
            public boolean readyToRestore(StubResource resource) {
                return true;
            }

            @Override
            public void destroy(StubResource resource) {}
        };
        pool = new ConcurrentPool<>(new ConcurrentLinkedDequeCollection<>(), factory, size, size, false);
        if (pool.remainingCreated() != size) {
            throw new IllegalStateException("vibur did not fill up: " + pool);
        }
    }

    @Override
    public StubResource acquire() {
        StubResource resource = pool.tryTake(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (resource == null) {
            throw new IllegalStateException("vibur: take timed out");
        }
        return resource;
    }

    @Override
    public Object resource(StubResource handle) {
        return handle;
    }

    @Override
    public void release(StubResource handle) {
        pool.restore(handle);
    }

    @Override
    public void close() {
        pool.close();
    }
}
