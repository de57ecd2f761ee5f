package dev.poolkit.pool.keyed;

import dev.poolkit.pool.DestroyReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link KeyedResourceFactory} of {@link Resource}s that counts what it does: creations per key,
 * destructions with their reasons, and the most resources alive at once ({@link #maxLive()}, checked
 * at every creation, for an exact {@code maxTotal}). It refuses to create for keys that start with
 * {@code "null"} (returns null) or {@code "fail"} (throws). Thread-safe.
 */
final class KeyedTestFactory implements KeyedResourceFactory<String, KeyedTestFactory.Resource> {

    /** A pooled test resource; {@link #use()} fails if two callers hold it at once. */
    static final class Resource {
        private final String key;
        private final int id;
        private final AtomicBoolean inUse = new AtomicBoolean();
        private volatile boolean destroyed;

        Resource(String key, int id) {
            this.key = key;
            this.id = id;
        }

        String key() {
            return key;
        }

        int id() {
            return id;
        }

        boolean destroyed() {
            return destroyed;
        }

        void use() {
            if (!inUse.compareAndSet(false, true)) {
                throw new AssertionError(this + " leased twice at once");
            }
            if (destroyed) {
                throw new AssertionError(this + " used after destroy");
            }
        }

        void done() {
            inUse.set(false);
        }

        @Override
        public String toString() {
            return "Resource[" + key + "#" + id + "]";
        }
    }

    /** What a creation records. */
    record Event(String key, DestroyReason reason) {}

    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger maxLive = new AtomicInteger();
    private final AtomicInteger destroyedCount = new AtomicInteger();
    private final List<String> createdKeys = new CopyOnWriteArrayList<>();
    private final List<Event> destructions = new CopyOnWriteArrayList<>();

    @Override
    public Resource create(String key) throws Exception {
        if (key.startsWith("fail")) {
            throw new IllegalStateException("boom for " + key);
        }
        if (key.startsWith("null")) {
            return null;
        }
        maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
        createdKeys.add(key);
        return new Resource(key, ids.incrementAndGet());
    }

    @Override
    public void destroy(String key, Resource resource, DestroyReason reason) {
        if (!resource.key().equals(key)) {
            throw new AssertionError(resource + " destroyed as a resource of key " + key);
        }
        if (resource.destroyed) {
            throw new AssertionError(resource + " destroyed twice");
        }
        resource.destroyed = true;
        destroyedCount.incrementAndGet();
        destructions.add(new Event(key, reason));
        live.decrementAndGet();
    }

    /** @return resources created */
    int created() {
        return createdKeys.size();
    }

    /** @return resources destroyed */
    int destroyed() {
        return destroyedCount.get();
    }

    /** @return resources created and not yet destroyed */
    int live() {
        return live.get();
    }

    /** @return the most resources alive at once so far */
    int maxLive() {
        return maxLive.get();
    }

    /** @return the keys of the created resources, in creation order */
    List<String> createdKeys() {
        return List.copyOf(createdKeys);
    }

    /** @return every destruction, in order */
    List<Event> destructions() {
        return List.copyOf(destructions);
    }
}
