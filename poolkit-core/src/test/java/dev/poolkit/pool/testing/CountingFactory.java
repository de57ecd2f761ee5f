package dev.poolkit.pool.testing;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.ResourceFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A {@link ResourceFactory} of {@link Resource}s that counts every call, can be told to fail or to
 * reject resources, checks that no resource is destroyed twice or used after destruction, and
 * records the reasons it was given and the threads it was called on.
 */
public final class CountingFactory implements ResourceFactory<CountingFactory.Resource> {

    /** A pooled test resource with an in-use flag that detects double leasing. */
    public static final class Resource {
        private final int id;
        private final AtomicBoolean inUse = new AtomicBoolean();
        private volatile boolean destroyed;

        Resource(int id) {
            this.id = id;
        }

        /** @return the creation number, from 1 */
        public int id() {
            return id;
        }

        /** Marks the resource in use; fails if somebody else uses it. */
        public void use() {
            if (!inUse.compareAndSet(false, true)) {
                throw new AssertionError("resource " + id + " leased twice at once");
            }
            if (destroyed) {
                throw new AssertionError("resource " + id + " used after destroy");
            }
        }

        /** Ends a {@link #use()}. */
        public void done() {
            if (!inUse.compareAndSet(true, false)) {
                throw new AssertionError("resource " + id + " was not in use");
            }
        }

        /** @return whether the factory destroyed it */
        public boolean destroyed() {
            return destroyed;
        }

        @Override
        public String toString() {
            return "Resource" + id;
        }
    }

    private final AtomicInteger createCalls = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger destroyedCount = new AtomicInteger();
    private final AtomicInteger validateCalls = new AtomicInteger();
    private final Set<Resource> live = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Predicate<Integer>> failCreate = new AtomicReference<>(n -> false);
    private final AtomicReference<Predicate<Resource>> valid = new AtomicReference<>(r -> true);
    private volatile boolean failDestroy;
    private final List<DestroyReason> destroyReasons = new CopyOnWriteArrayList<>();
    private final List<String> callThreads = new CopyOnWriteArrayList<>();
    private volatile Duration lastValidationTimeout;

    @Override
    public Resource create() throws Exception {
        callThreads.add("create " + Thread.currentThread().getName());
        int call = createCalls.incrementAndGet();
        if (failCreate.get().test(call)) {
            throw new Exception("create failed (call " + call + ")");
        }
        Resource resource = new Resource(created.incrementAndGet());
        live.add(resource);
        return resource;
    }

    @Override
    public boolean isValid(Resource resource, Duration timeout) {
        callThreads.add("isValid " + Thread.currentThread().getName());
        lastValidationTimeout = timeout;
        validateCalls.incrementAndGet();
        return valid.get().test(resource);
    }

    @Override
    public void destroy(Resource resource, DestroyReason reason) throws Exception {
        callThreads.add("destroy " + Thread.currentThread().getName());
        destroyReasons.add(reason);
        destroy(resource);
    }

    @Override
    public void destroy(Resource resource) throws Exception {
        if (!live.remove(resource)) {
            throw new AssertionError(resource + " destroyed twice or never created");
        }
        resource.destroyed = true;
        destroyedCount.incrementAndGet();
        if (failDestroy) {
            throw new Exception("destroy failed");
        }
    }

    /** @param rule which create calls (numbered from 1) fail */
    public void failCreateWhen(Predicate<Integer> rule) {
        failCreate.set(rule);
    }

    /** @param rule which resources {@link #isValid} accepts */
    public void validWhen(Predicate<Resource> rule) {
        valid.set(rule);
    }

    /** @param fail whether {@link #destroy} throws (after destroying) */
    public void failDestroy(boolean fail) {
        failDestroy = fail;
    }

    /** @return calls to create, failed ones included */
    public int createCalls() {
        return createCalls.get();
    }

    /** @return resources created */
    public int created() {
        return created.get();
    }

    /** @return resources destroyed */
    public int destroyed() {
        return destroyedCount.get();
    }

    /** @return calls to isValid */
    public int validateCalls() {
        return validateCalls.get();
    }

    /** @return the reasons {@link #destroy(Resource, DestroyReason)} was given, in call order */
    public List<DestroyReason> destroyReasons() {
        return List.copyOf(destroyReasons);
    }

    /** @return "create|isValid|destroy thread-name" for every call, in call order */
    public List<String> callThreads() {
        return List.copyOf(callThreads);
    }

    /** @return the timeout the last {@link #isValid(Resource, Duration)} call was given, or null */
    public Duration lastValidationTimeout() {
        return lastValidationTimeout;
    }

    /** @return resources created and not yet destroyed */
    public int live() {
        return live.size();
    }
}
