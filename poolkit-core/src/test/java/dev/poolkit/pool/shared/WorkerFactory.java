package dev.poolkit.pool.shared;

import dev.poolkit.pool.testing.CountingFactory.Hook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SharedResourceFactory} of {@link Worker}s that counts what it does, closes through the
 * default {@code close} (the worker is {@link Reusable}), and keeps track of how many workers exist at
 * once, creations under way included: {@link #maxOpen()} is checked on every creation, so a cap that
 * is exceeded for an instant shows. Keys that start with {@code "fail"} throw {@code boom}, keys that
 * start with {@code "null"} return null. Thread-safe.
 */
final class WorkerFactory implements SharedResourceFactory<String, Worker> {

    private static final Hook NONE = () -> {};

    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final Map<String, AtomicInteger> createCalls = new ConcurrentHashMap<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile Hook beforeCreate = NONE;
    private volatile Hook beforePing = NONE;

    @Override
    public Worker create(String key) throws Exception {
        createCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
            beforeCreate.run();
            if (key.startsWith("fail")) {
                throw new IllegalStateException("boom");
            }
        } catch (Exception | Error e) {
            open.decrementAndGet();
            throw e;
        }
        if (key.startsWith("null")) {
            open.decrementAndGet();
            return null;
        }
        Worker worker = new Worker(key, ids.incrementAndGet());
        workers.add(worker);
        return worker;
    }

    @Override
    public void ping(String key, Worker resource, java.time.Duration timeout) throws Exception {
        pings.incrementAndGet();
        beforePing.run();
        SharedResourceFactory.super.ping(key, resource, timeout);
    }

    @Override
    public void close(String key, Worker resource) throws Exception {
        if (!resource.key().equals(key)) {
            throw new AssertionError(resource + " closed as the resource of " + key);
        }
        SharedResourceFactory.super.close(key, resource);
        open.decrementAndGet();
    }

    /** @param hook what every create call does first, after being counted */
    void beforeCreate(Hook hook) {
        beforeCreate = hook;
    }

    /** @param hook what every ping does first, after being counted */
    void beforePing(Hook hook) {
        beforePing = hook;
    }

    /** @return calls to create for {@code key} */
    int createCalls(String key) {
        AtomicInteger calls = createCalls.get(key);
        return calls == null ? 0 : calls.get();
    }

    /** @return calls to create, all keys */
    int createCalls() {
        return createCalls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** @return workers that exist now, those being created included */
    int open() {
        return open.get();
    }

    /** @return the most workers that existed at once, those being created included */
    int maxOpen() {
        return maxOpen.get();
    }

    /** @return calls to ping */
    int pings() {
        return pings.get();
    }

    /** @return every worker created, in creation order */
    List<Worker> workers() {
        return List.copyOf(workers);
    }
}
