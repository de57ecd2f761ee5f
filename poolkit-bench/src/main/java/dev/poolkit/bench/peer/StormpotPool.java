package dev.poolkit.bench.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Pool;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * Stormpot 4.1 with its defaults, except the size. {@code Pool.from} allocates in a background thread;
 * {@code Pool.fromInline} (benchmark name {@code stormpot-inline}) allocates on the claiming thread
 * and has no background thread. Claims go through the pool itself (its default thread-safe tap), with
 * the shared acquire timeout. A handle is the claimed poolable.
 */
final class StormpotPool implements BenchPool<StormpotPool.Pooled> {

    private static final Timeout TIMEOUT = new Timeout(ACQUIRE_TIMEOUT);

    /** The poolable: a {@link StubResource} and the slot it returns to. */
    static final class Pooled extends BasePoolable {
        final StubResource resource;

        Pooled(Slot slot, StubResource resource) {
            super(slot);
            this.resource = resource;
        }
    }

    private static final class StubAllocator implements Allocator<Pooled> {
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public Pooled allocate(Slot slot) {
            return new Pooled(slot, new StubResource(ids.incrementAndGet()));
        }

        @Override
        public void deallocate(Pooled poolable) {}
    }

    private final Pool<Pooled> pool;

    StormpotPool(int size, boolean inline) throws InterruptedException {
        StubAllocator allocator = new StubAllocator();
        pool = (inline ? Pool.fromInline(allocator) : Pool.from(allocator))
                .setSize(size)
                .build();
        // Claim every object once (an inline pool allocates them now), then give them all back.
        List<Pooled> claimed = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Pooled p = pool.claim(TIMEOUT);
            if (p == null) {
                throw new IllegalStateException("stormpot did not fill up within " + ACQUIRE_TIMEOUT);
            }
            claimed.add(p);
        }
        claimed.forEach(Pooled::release);
    }

    @Override
    public Pooled acquire() throws InterruptedException {
        Pooled p = pool.claim(TIMEOUT);
        if (p == null) {
            throw new IllegalStateException("stormpot: claim timed out");
        }
        return p;
    }

    @Override
    public Object resource(Pooled handle) {
        return handle.resource;
    }

    @Override
    public void release(Pooled handle) {
        handle.release();
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown().await(TIMEOUT);
    }
}
