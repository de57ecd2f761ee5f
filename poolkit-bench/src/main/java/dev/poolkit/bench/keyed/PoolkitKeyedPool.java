package dev.poolkit.bench.keyed;

import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.keyed.KeyedPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * poolkit's {@link KeyedPool}: {@code maxPerKey} {@value KeyedBenchPool#PER_KEY}, {@code maxTotal}
 * room for all keys (so nothing is evicted), the shared acquire timeout, otherwise the defaults. A
 * handle is the {@link Lease}.
 */
final class PoolkitKeyedPool implements KeyedBenchPool<Lease<KeyedBenchPool.Stub>> {

    private final KeyedPool<String, Stub> pool;

    PoolkitKeyedPool(String[] keys) throws InterruptedException {
        AtomicInteger ids = new AtomicInteger();
        pool = KeyedPool.builder((String key) -> new Stub(key, ids.incrementAndGet()))
                .name("bench")
                .maxPerKey(PER_KEY)
                .maxTotal(keys.length * PER_KEY)
                .perKey(PoolConfig.builder().acquireTimeout(ACQUIRE_TIMEOUT).build())
                .build();
        List<Lease<Stub>> leases = new ArrayList<>(PER_KEY);
        for (String key : keys) {
            for (int i = 0; i < PER_KEY; i++) {
                leases.add(pool.acquire(key));
            }
            leases.forEach(Lease::release);
            leases.clear();
        }
        if (pool.stats().idle() != keys.length * PER_KEY) {
            throw new IllegalStateException("poolkit did not fill up: " + pool.stats());
        }
    }

    @Override
    public Lease<Stub> acquire(String key) throws InterruptedException {
        return pool.acquire(key);
    }

    @Override
    public Stub resource(Lease<Stub> handle) {
        return handle.get();
    }

    @Override
    public void release(String key, Lease<Stub> handle) {
        handle.release();
    }

    @Override
    public void close() {
        pool.close();
    }
}
