package dev.poolkit.bench.peer;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * commons-pool2 2.13's {@link GenericObjectPool} with {@code maxTotal = maxIdle = minIdle = size},
 * {@code blockWhenExhausted = true}, the shared acquire timeout as {@code maxWait}, and JMX off (no
 * effect on borrow/return; it lets several pools live in one JVM quietly). Other settings are the
 * defaults (LIFO, not fair, no evictor, no testOnBorrow/Return). A handle is the resource itself.
 */
final class CommonsPool2Pool implements BenchPool<StubResource> {

    private final GenericObjectPool<StubResource> pool;

    CommonsPool2Pool(int size) throws Exception {
        AtomicInteger ids = new AtomicInteger();
        BasePooledObjectFactory<StubResource> factory = new BasePooledObjectFactory<>() {
            @Override
            public StubResource create() {
                return new StubResource(ids.incrementAndGet());
            }

            @Override
            public PooledObject<StubResource> wrap(StubResource resource) {
                return new DefaultPooledObject<>(resource);
            }
        };
        GenericObjectPoolConfig<StubResource> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(size);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(ACQUIRE_TIMEOUT);
        config.setJmxEnabled(false);
        pool = new GenericObjectPool<>(factory, config);
        pool.preparePool();
        if (pool.getNumIdle() != size) {
            throw new IllegalStateException("commons-pool2 did not fill up: " + pool.getNumIdle() + " idle");
        }
    }

    @Override
    public StubResource acquire() throws Exception {
        return pool.borrowObject();
    }

    @Override
    public Object resource(StubResource handle) {
        return handle;
    }

    @Override
    public void release(StubResource handle) {
        pool.returnObject(handle);
    }

    @Override
    public void close() {
        pool.close();
    }
}
