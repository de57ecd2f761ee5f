package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.keyed.KeyedPool;
import dev.poolkit.pool.keyed.KeyedPoolConfig;
import dev.poolkit.pool.keyed.KeyedResourceFactory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link KeyedPool} engine: a {@link FairPool} per key, created on the key's first acquire, all
 * of them sharing one {@link SharedCapacity} ({@code maxTotal}), one executor and one scheduler.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Fast path.</b> An acquire is a {@link ConcurrentHashMap#get} and the key's pool's own
 *       acquire; the lease is that pool's, so a release goes straight to it. Nothing here is
 *       written per acquire, so idle-key detection reads the pools' own counters instead.
 *   <li><b>Idle keys.</b> Housekeeping (on the scheduler, never blocking) reads each key's stats: a
 *       key whose pool holds nothing and whose acquire count, waiters and leases stayed put for the
 *       per-key {@code idleTimeout} is removed on the executor (closing a pool waits for its tasks).
 *       A caller that looked the key up just before meets a closed pool and retries with a new one;
 *       a lease taken just before is a straggler that is destroyed when it comes back.
 *   <li><b>Totals.</b> {@code statsLock} guards which pools {@link #stats()} adds up: a removed pool
 *       moves from {@code members} to {@code retiring} at once, and its counters move into {@code
 *       retired} once it holds nothing, so no counter of the totals ever goes down. New keys join
 *       without the lock; a snapshot that misses one misses only its first counts.
 * </ol>
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
public final class KeyedFairPool<K, T> implements KeyedPool<K, T> {

    private static final System.Logger LOG = System.getLogger(KeyedPool.class.getName());

    /** One key's pool, and what housekeeping remembers of it (touched by housekeeping only). */
    private static final class Member<K, T> {
        final K key;
        final FairPool<T> pool;
        long lastAcquired;
        long quietSinceNanos;

        Member(K key, FairPool<T> pool, long nowNanos) {
            this.key = key;
            this.pool = pool;
            this.quietSinceNanos = nowNanos;
        }
    }

    /** The key's view of the keyed factory. */
    private record KeyFactory<K, T>(KeyedResourceFactory<K, T> factory, K key) implements ResourceFactory<T> {
        @Override
        public T create() throws Exception {
            return factory.create(key);
        }

        @Override
        public boolean isValid(T resource, Duration timeout) throws Exception {
            return factory.isValid(key, resource, timeout);
        }

        @Override
        public void destroy(T resource, DestroyReason reason) throws Exception {
            factory.destroy(key, resource, reason);
        }
    }

    private final KeyedResourceFactory<K, T> factory;
    private final KeyedPoolConfig config;
    private final String name;
    private final Ticker ticker;
    private final Scheduler scheduler;
    /** The shared scheduler's handle to give back on close, or null if the scheduler was given. */
    private final Scheduler sharedHandle;

    private final Executor executor;
    private final PoolListener<? super T> listener;
    private final SharedCapacity capacity;
    private final long removalIdleNanos;
    private final long housekeepingPeriodNanos;

    private final ConcurrentHashMap<K, Member<K, T>> members = new ConcurrentHashMap<>();
    private final ReentrantLock statsLock = new ReentrantLock();
    /** Removed pools that may still hold a straggler lease. Guarded by {@code statsLock}. */
    private final List<Member<K, T>> retiring = new ArrayList<>();
    /** The counters of removed pools that hold nothing any more. Guarded by {@code statsLock}. */
    private final StatsSum retired = new StatsSum();

    private final AtomicBoolean removalRunning = new AtomicBoolean();
    private final AtomicBoolean handleReleased = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Scheduler.Cancellable housekeeping;

    /**
     * Creates and starts a keyed pool. Use {@link KeyedPool#builder(KeyedResourceFactory)} instead.
     *
     * @param factory the keyed factory
     * @param config the validated configuration
     * @param ticker the time source
     * @param scheduler the scheduler to use, or null for the shared one
     * @param executor the executor for factory calls, or null for a virtual thread per call
     * @param listener the listener of every key's pool
     */
    public KeyedFairPool(
            KeyedResourceFactory<K, T> factory,
            KeyedPoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener) {
        this.factory = requireNonNull(factory, "factory");
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "ticker");
        this.listener = requireNonNull(listener, "listener");
        this.name = config.name();
        this.executor = executor != null ? executor : FairPool.virtualThreadPerTask("poolkit-keyed-" + name + "-");
        this.removalIdleNanos = config.perKey().idleTimeout().toNanos();
        long period = removalIdleNanos > 0 ? removalIdleNanos / 4 : TimeUnit.SECONDS.toNanos(30);
        this.housekeepingPeriodNanos =
                Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(30), period));
        if (scheduler == null) {
            this.sharedHandle = SharedScheduler.acquire();
            this.scheduler = sharedHandle;
        } else {
            this.sharedHandle = null;
            this.scheduler = scheduler;
        }
        this.capacity = new SharedCapacity(name, config.maxTotal(), this.scheduler);
        scheduleHousekeeping();
    }

    // ---------------------------------------------------------------- acquire

    // Guard: the caller's lease is scalar-replaced only if this whole method inlines into the caller.
    // This shape measured 0 B/op over 10,000 keys; splitting the retry out into a method of its own
    // measured 24 B/op (the JIT compiled the pair on its own, too big to inline again).
    @Override
    public Lease<T> acquire(K key) throws InterruptedException {
        requireNonNull(key, "key");
        for (; ; ) {
            FairPool<T> pool = poolOf(key);
            try {
                return pool.acquire();
            } catch (PoolClosedException e) {
                retryOrThrow();
            }
        }
    }

    @Override
    public Lease<T> acquire(K key, Duration timeout) throws InterruptedException {
        requireNonNull(key, "key");
        Checks.notNegative(timeout, "timeout");
        for (; ; ) {
            FairPool<T> pool = poolOf(key);
            try {
                return pool.acquire(timeout);
            } catch (PoolClosedException e) {
                retryOrThrow();
            }
        }
    }

    @Override
    public Optional<Lease<T>> tryAcquire(K key) {
        requireNonNull(key, "key");
        if (closed) {
            throw new PoolClosedException(name);
        }
        Member<K, T> member = members.get(key);
        if (member == null) {
            return Optional.empty();
        }
        try {
            return member.pool.tryAcquire();
        } catch (PoolClosedException e) {
            retryOrThrow();
            return Optional.empty(); // the key's pool was removed: it had nothing idle
        }
    }

    /**
     * A key's pool was closed under the caller: by {@link #close()}, or because housekeeping removed
     * the key between the lookup and the acquire; then a new pool serves the key.
     */
    private void retryOrThrow() {
        if (closed) {
            throw new PoolClosedException(name);
        }
    }

    private FairPool<T> poolOf(K key) {
        Member<K, T> member = members.get(key);
        return member != null ? member.pool : join(key).pool;
    }

    private Member<K, T> join(K key) {
        if (closed) {
            throw new PoolClosedException(name);
        }
        Member<K, T> member = members.computeIfAbsent(key, this::newMember);
        if (closed) { // close() may have looked at the members before this one joined
            member.pool.close();
            throw new PoolClosedException(name);
        }
        return member;
    }

    private Member<K, T> newMember(K key) {
        FairPool<T> pool = capacity.newPool(
                new KeyFactory<>(factory, key),
                config.configFor(name + "[" + key + "]"),
                ticker,
                scheduler,
                executor,
                listener);
        return new Member<>(key, pool, ticker.nanoTime());
    }

    // ---------------------------------------------------------------- housekeeping

    private void scheduleHousekeeping() {
        if (closed) {
            return;
        }
        try {
            housekeeping = scheduler.schedule(this::housekeep, Duration.ofNanos(housekeepingPeriodNanos));
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, () -> "Keyed pool '" + name + "': could not schedule housekeeping", e);
            }
        }
    }

    /** Finds keys idle long enough and hands their removal to the executor; never blocks. */
    private void housekeep() {
        if (closed) {
            return;
        }
        try {
            long now = ticker.nanoTime();
            List<Member<K, T>> idle = new ArrayList<>();
            for (Member<K, T> member : members.values()) {
                PoolStats stats = member.pool.stats();
                if (stats.acquired() != member.lastAcquired || stats.waiting() > 0 || stats.leased() > 0) {
                    member.lastAcquired = stats.acquired();
                    member.quietSinceNanos = now;
                } else if (stats.size() == 0 && now - member.quietSinceNanos >= removalIdleNanos) {
                    idle.add(member);
                }
            }
            foldRetired();
            if (!idle.isEmpty() && removalRunning.compareAndSet(false, true)) {
                submitRemoval(idle);
            }
        } finally {
            scheduleHousekeeping();
        }
    }

    private void submitRemoval(List<Member<K, T>> idle) {
        try {
            executor.execute(() -> {
                try {
                    idle.forEach(this::remove);
                } finally {
                    removalRunning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            removalRunning.set(false);
            LOG.log(Level.DEBUG, () -> "Keyed pool '" + name + "': executor rejected the removal of idle keys", e);
        }
    }

    private void remove(Member<K, T> member) {
        statsLock.lock();
        try {
            if (closed || !members.remove(member.key, member)) {
                return;
            }
            retiring.add(member);
        } finally {
            statsLock.unlock();
        }
        member.pool.close();
        LOG.log(Level.DEBUG, "Keyed pool ''{0}'': removed the pool of an idle key", name);
        foldRetired();
    }

    /** Moves the counters of removed pools that hold nothing any more into {@code retired}. */
    private void foldRetired() {
        statsLock.lock();
        try {
            for (Iterator<Member<K, T>> it = retiring.iterator(); it.hasNext(); ) {
                PoolStats stats = it.next().pool.stats();
                if (stats.size() == 0) {
                    retired.addCounters(stats);
                    it.remove();
                }
            }
        } finally {
            statsLock.unlock();
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    public PoolStats stats() {
        StatsSum sum = new StatsSum();
        statsLock.lock();
        try {
            sum.addCounters(retired.toStats(0));
            for (Member<K, T> member : members.values()) {
                sum.add(member.pool.stats());
            }
            for (Member<K, T> member : retiring) {
                sum.add(member.pool.stats());
            }
        } finally {
            statsLock.unlock();
        }
        return sum.toStats(config.maxTotal());
    }

    @Override
    public Optional<PoolStats> stats(K key) {
        requireNonNull(key, "key");
        Member<K, T> member = members.get(key);
        return member == null ? Optional.empty() : Optional.of(member.pool.stats());
    }

    @Override
    public Set<K> keys() {
        return Set.copyOf(members.keySet());
    }

    @Override
    public KeyedPoolConfig config() {
        return config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns the room all keys take now under {@code maxTotal}, an upper bound of the sizes added up
     * that is never above {@code maxTotal}.
     *
     * @return the room taken
     */
    int totalUsed() {
        return capacity.used();
    }

    @Override
    public String toString() {
        return "KeyedPool[" + name + ", keys=" + members.size() + ", total=" + capacity.used() + "/" + config.maxTotal()
                + ", requests=" + capacity.requests() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        for (FairPool<T> pool : beginClose()) {
            pool.close();
        }
        endClose();
    }

    @Override
    public boolean close(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean clean = true;
        for (FairPool<T> pool : beginClose()) {
            clean &= pool.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        endClose();
        return clean;
    }

    /** Refuses new keys, stops housekeeping, and returns every pool (removed ones too) to close. */
    private List<FairPool<T>> beginClose() {
        List<FairPool<T>> pools = new ArrayList<>();
        statsLock.lock();
        try {
            closed = true;
            members.values().forEach(member -> pools.add(member.pool));
            retiring.forEach(member -> pools.add(member.pool));
        } finally {
            statsLock.unlock();
        }
        Scheduler.Cancellable task = housekeeping;
        if (task != null) {
            task.cancel();
        }
        return pools;
    }

    private void endClose() {
        if (sharedHandle != null && handleReleased.compareAndSet(false, true)) {
            SharedScheduler.release(sharedHandle);
        }
        LOG.log(Level.DEBUG, "Keyed pool ''{0}'': closed", name);
    }
}
