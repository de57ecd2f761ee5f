package dev.poolkit.bench.keyed;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

/**
 * commons-pool2 2.13's {@link GenericKeyedObjectPool} with {@code maxTotalPerKey = maxIdlePerKey =
 * minIdlePerKey =} {@value KeyedBenchPool#PER_KEY}, {@code maxTotal} room for all keys, {@code
 * blockWhenExhausted = true}, the shared acquire timeout as {@code maxWait}, and JMX off. Other
 * settings are the defaults (LIFO, not fair, no evictor, no tests on borrow or return). A handle is
 * the resource itself.
 */
final class CommonsKeyedPool implements KeyedBenchPool<KeyedBenchPool.Stub> {

    private final GenericKeyedObjectPool<String, Stub> pool;

    CommonsKeyedPool(String[] keys) throws Exception {
        AtomicInteger ids = new AtomicInteger();
        BaseKeyedPooledObjectFactory<String, Stub> factory = new BaseKeyedPooledObjectFactory<>() {
            @Override
            public Stub create(String key) {
                return new Stub(key, ids.incrementAndGet());
            }

            @Override
            public PooledObject<Stub> wrap(Stub resource) {
                return new DefaultPooledObject<>(resource);
            }
        };
        GenericKeyedObjectPoolConfig<Stub> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(PER_KEY);
        config.setMaxIdlePerKey(PER_KEY);
        config.setMinIdlePerKey(PER_KEY);
        config.setMaxTotal(keys.length * PER_KEY);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(ACQUIRE_TIMEOUT);
        config.setJmxEnabled(false);
        pool = new GenericKeyedObjectPool<>(factory, config);
        for (String key : keys) {
            pool.preparePool(key);
        }
        if (pool.getNumIdle() != keys.length * PER_KEY) {
            throw new IllegalStateException("commons-pool2 did not fill up: " + pool.getNumIdle() + " idle");
        }
    }

    @Override
    public Stub acquire(String key) throws Exception {
        return pool.borrowObject(key);
    }

    @Override
    public Stub resource(Stub handle) {
        return handle;
    }

    @Override
    public void release(String key, Stub handle) {
        pool.returnObject(key, handle);
    }

    @Override
    public void close() {
        pool.close();
    }
}
