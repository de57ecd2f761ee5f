package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.shared.RegistryConfig;
import dev.poolkit.pool.shared.RegistryStats;
import dev.poolkit.pool.shared.SharedResourceFactory;
import dev.poolkit.pool.shared.SharedResourceRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link SharedResourceRegistry} engine: one entry per key in a {@link ConcurrentHashMap}, read
 * lock-free on the hit path, and a lock that guards the places, the entries' comings and goings and
 * the FIFO queue of callers waiting for a place.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Places.</b> {@code open} counts entries being created and entries ready, and only grows
 *       under the lock, below {@code maxOpen}, together with the insertion of the entry: so the cap
 *       is exact, and a second caller of a key finds the first one's entry and waits on it, so the
 *       factory runs once per key. A removed resource keeps its place until its {@code close}
 *       returned, so resources never overlap above the cap either.
 *   <li><b>Hand-off.</b> A freed place goes to the head of the queue under the lock: its entry is
 *       created for it (if its key has none) and every other waiter of that key joins it, so one
 *       place wakes exactly one key's callers and a woken caller never finds the place taken
 *       (go-pooler's one-token signal wakes at most one caller per release and lets it race).
 *   <li><b>Creation</b> runs on the executor; callers wait on the entry's latch with their own
 *       deadline, and one that gives up leaves it running. A failed creation takes the entry out and
 *       frees its place; a creation that ends after {@link #close()} closes its resource itself.
 *   <li><b>Health check.</b> The scheduler starts a ping per ready entry on the executor (one at a
 *       time per entry) and a watchdog at {@code pingTimeout}; a failure or an overrun removes the
 *       entry at once and closes its resource on the executor, then frees the place.
 * </ol>
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
public final class SingleFlightRegistry<K, T> implements SharedResourceRegistry<K, T> {

    private static final System.Logger LOG = System.getLogger(SharedResourceRegistry.class.getName());

    /** One key's resource: being created ({@code resource} null, latch closed), ready, or failed. */
    private static final class Entry<K, T> {
        final K key;
        /** Creation order, for ordered snapshots. */
        final long seq;

        final CountDownLatch done = new CountDownLatch(1);
        volatile T resource;
        /** Why the creation failed; read after {@code done}. */
        volatile String failure;

        volatile Throwable failureCause;
        /** The creation ended after close, or the registry closed the entry's resource. */
        volatile boolean closedFailure;
        /** A ping is running; only the health check sets it, only the ping clears it. */
        volatile boolean pinging;

        Entry(K key, long seq) {
            this.key = key;
            this.seq = seq;
        }
    }

    /** A caller waiting for a place, parked on a condition of its own. */
    private static final class Waiter<K, T> {
        final K key;
        final Condition wake;
        /** When the wait began, by the ticker: read under the lock, before anyone can see the waiter. */
        final long queuedAtNanos;
        /** The entry to wait on, once a place was handed over. Guarded by the lock. */
        Entry<K, T> granted;
        /** The registry closed. Guarded by the lock. */
        boolean closed;

        Waiter(K key, Condition wake, long queuedAtNanos) {
            this.key = key;
            this.wake = wake;
            this.queuedAtNanos = queuedAtNanos;
        }
    }

    private final SharedResourceFactory<K, T> factory;
    private final RegistryConfig config;
    private final String name;
    private final int maxOpen;
    private final long acquireTimeoutNanos;
    private final Ticker ticker;
    private final Scheduler scheduler;
    /** The shared scheduler's handle to give back on close, or null if the scheduler was given. */
    private final Scheduler sharedHandle;

    private final Executor executor;

    private final ConcurrentHashMap<K, Entry<K, T>> entries = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quieter = lock.newCondition();
    private final ArrayDeque<Waiter<K, T>> waiters = new ArrayDeque<>();
    /** Places taken: entries being created or ready, and removed ones still closing. Written under the lock. */
    private volatile int open;

    private volatile int waitingNow;
    private long nextSeq; // guarded by lock

    private final TaskRegistry tasks = new TaskRegistry();
    private volatile boolean closed;
    private volatile Scheduler.Cancellable healthCheck;

    private final LongAdder waitCount = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder created = new LongAdder();
    private final LongAdder closedCount = new LongAdder();
    private final LongAdder creationFailures = new LongAdder();
    private final LongAdder pingFailures = new LongAdder();
    private final LongAdder closeFailures = new LongAdder();

    /**
     * Creates and starts a registry. Use {@link SharedResourceRegistry#builder} instead.
     *
     * @param factory the factory
     * @param config the configuration
     * @param ticker the time source of wait durations
     * @param scheduler the scheduler to use, or null for the shared one
     * @param executor the executor for factory calls, or null for a virtual thread per call
     */
    public SingleFlightRegistry(
            SharedResourceFactory<K, T> factory,
            RegistryConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor) {
        this.factory = requireNonNull(factory, "factory");
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "ticker");
        this.name = config.name();
        this.maxOpen = config.maxOpen();
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.executor = executor != null ? executor : FairPool.virtualThreadPerTask("poolkit-registry-" + name + "-");
        if (scheduler == null) {
            this.sharedHandle = SharedScheduler.acquire();
            this.scheduler = sharedHandle;
        } else {
            this.sharedHandle = null;
            this.scheduler = scheduler;
        }
        scheduleHealthCheck();
    }

    // ---------------------------------------------------------------- acquire

    @Override
    public T acquire(K key) throws InterruptedException {
        return acquire(key, acquireTimeoutNanos);
    }

    @Override
    public T acquire(K key, Duration timeout) throws InterruptedException {
        Checks.notNegative(timeout, "timeout");
        return acquire(key, timeout.toNanos());
    }

    private T acquire(K key, long timeoutNanos) throws InterruptedException {
        requireNonNull(key, "key");
        // Hit path: no lock, no allocation. An interrupt fails the call even for an existing key.
        if (Thread.interrupted()) {
            throw new InterruptedException("Registry '" + name + "': interrupted");
        }
        if (closed) {
            throw new PoolClosedException(name);
        }
        Entry<K, T> entry = entries.get(key);
        if (entry != null) {
            T resource = entry.resource;
            if (resource != null) {
                return resource;
            }
        }
        return acquireSlow(key, timeoutNanos);
    }

    private T acquireSlow(K key, long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        Entry<K, T> entry;
        Entry<K, T> toCreate = null;
        Waiter<K, T> waiter = null;
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            entry = entries.get(key);
            if (entry == null) {
                if (open < maxOpen) {
                    entry = toCreate = newEntry(key);
                } else {
                    waiter = new Waiter<>(key, lock.newCondition(), ticker.nanoTime());
                    waiters.addLast(waiter);
                    waitingNow = waiters.size();
                    waitCount.increment();
                }
            }
        } finally {
            lock.unlock();
        }
        if (toCreate != null) {
            submit(new Creation(toCreate));
        }
        if (waiter != null) {
            entry = awaitPlace(waiter, start, timeoutNanos);
        }
        return awaitReady(entry, start, timeoutNanos);
    }

    /** Takes a place and inserts a new entry for {@code key}; under the lock. */
    private Entry<K, T> newEntry(K key) {
        Entry<K, T> entry = new Entry<>(key, nextSeq++);
        open = open + 1;
        entries.put(key, entry);
        return entry;
    }

    private Entry<K, T> awaitPlace(Waiter<K, T> waiter, long start, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            for (; ; ) {
                if (waiter.granted != null) {
                    waitNanos.add(ticker.nanoTime() - waiter.queuedAtNanos);
                    return waiter.granted;
                }
                if (waiter.closed) {
                    throw new PoolClosedException(name);
                }
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    withdraw(waiter);
                    throw timeout(timeoutNanos);
                }
                try {
                    waiter.wake.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    withdraw(waiter); // a place handed over meanwhile stays with its entry, for the next caller
                    throw new InterruptedException("Registry '" + name + "': interrupted while waiting for room");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(Waiter<K, T> waiter) {
        if (waiters.remove(waiter)) {
            waitingNow = waiters.size();
        }
    }

    private T awaitReady(Entry<K, T> entry, long start, long timeoutNanos) throws InterruptedException {
        T resource = entry.resource;
        if (resource != null) {
            return resource;
        }
        long remaining = timeoutNanos - (System.nanoTime() - start);
        if (!entry.done.await(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
            throw timeout(timeoutNanos);
        }
        resource = entry.resource;
        if (resource != null) {
            return resource;
        }
        if (entry.closedFailure) {
            throw new PoolClosedException(name);
        }
        throw new ResourceCreationException(name, entry.failure, entry.failureCause);
    }

    private PoolTimeoutException timeout(long timeoutNanos) {
        // A registry has no idle or leased resources: every open resource counts as in use.
        int openNow = open;
        PoolStats state = new PoolStats(
                maxOpen,
                0,
                openNow,
                0,
                openNow,
                waitingNow,
                created.sum(),
                closedCount.sum(),
                0,
                0,
                creationFailures.sum(),
                pingFailures.sum(),
                closeFailures.sum(),
                0,
                0,
                0,
                Duration.ofNanos(waitNanos.sum()),
                Duration.ZERO,
                Optional.empty());
        return new PoolTimeoutException(name, Duration.ofNanos(timeoutNanos), state);
    }

    // ---------------------------------------------------------------- places

    /**
     * Hands free places to the waiters at the head of the queue (creating their keys' entries) and
     * returns the entries to create; under the lock.
     */
    private List<Entry<K, T>> handOutPlaces() {
        List<Entry<K, T>> toCreate = List.of();
        while (open < maxOpen && !waiters.isEmpty()) {
            Waiter<K, T> first = waiters.pollFirst();
            Entry<K, T> entry = entries.get(first.key);
            if (entry == null) {
                entry = newEntry(first.key);
                if (toCreate.isEmpty()) {
                    toCreate = new ArrayList<>();
                }
                toCreate.add(entry);
            }
            grant(first, entry);
            // The other callers of that key need no place of their own.
            for (Iterator<Waiter<K, T>> it = waiters.iterator(); it.hasNext(); ) {
                Waiter<K, T> waiter = it.next();
                if (waiter.key.equals(first.key)) {
                    it.remove();
                    grant(waiter, entry);
                }
            }
        }
        waitingNow = waiters.size();
        return toCreate;
    }

    private static <K, T> void grant(Waiter<K, T> waiter, Entry<K, T> entry) {
        waiter.granted = entry;
        waiter.wake.signal();
    }

    /** A removed entry's resource was closed, or a creation failed: its place goes to the next waiter. */
    private void freePlace() {
        List<Entry<K, T>> toCreate;
        lock.lock();
        try {
            open = open - 1;
            toCreate = closed ? List.of() : handOutPlaces();
            if (closed) {
                quieter.signalAll();
            }
        } finally {
            lock.unlock();
        }
        for (Entry<K, T> entry : toCreate) {
            submit(new Creation(entry));
        }
    }

    /** Closes a removed entry's resource, then frees its place. */
    private void closeAndFree(Entry<K, T> entry) {
        closeAndFree(entry.key, entry.resource);
    }

    private void closeAndFree(K key, T resource) {
        try {
            factory.close(key, resource);
        } catch (Throwable e) { // an Error too: the place must be freed whatever close did
            closeFailures.increment();
            LOG.log(Level.WARNING, () -> "Registry '" + name + "': closing the resource of key " + key + " failed", e);
        }
        closedCount.increment();
        freePlace();
    }

    // ---------------------------------------------------------------- release

    @Override
    public void release(K key) {
        requireNonNull(key, "key");
        Entry<K, T> entry;
        lock.lock();
        try {
            entry = entries.get(key);
            if (closed || entry == null || entry.resource == null) {
                return;
            }
            entries.remove(key);
        } finally {
            lock.unlock();
        }
        closeAndFree(entry);
    }

    @Override
    public void releaseAll() {
        for (Entry<K, T> entry : removeReady()) {
            closeAndFree(entry);
        }
    }

    /** Takes every ready entry out, in creation order; none if closed. */
    private List<Entry<K, T>> removeReady() {
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            List<Entry<K, T>> ready = readyEntries();
            ready.forEach(entry -> entries.remove(entry.key, entry));
            return ready;
        } finally {
            lock.unlock();
        }
    }

    private List<Entry<K, T>> readyEntries() {
        List<Entry<K, T>> ready = new ArrayList<>();
        for (Entry<K, T> entry : entries.values()) {
            if (entry.resource != null) {
                ready.add(entry);
            }
        }
        ready.sort(Comparator.comparingLong(entry -> entry.seq));
        return ready;
    }

    // ---------------------------------------------------------------- views

    @Override
    public boolean contains(K key) {
        requireNonNull(key, "key");
        Entry<K, T> entry = entries.get(key);
        return entry != null && entry.resource != null;
    }

    @Override
    public Set<K> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(snapshot().keySet()));
    }

    @Override
    public Map<K, T> snapshot() {
        Map<K, T> snapshot = new LinkedHashMap<>();
        lock.lock();
        try {
            for (Entry<K, T> entry : readyEntries()) {
                snapshot.put(entry.key, entry.resource);
            }
        } finally {
            lock.unlock();
        }
        return Collections.unmodifiableMap(snapshot);
    }

    @Override
    public RegistryStats stats() {
        return new RegistryStats(
                maxOpen,
                open,
                waitingNow,
                waitCount.sum(),
                Duration.ofNanos(waitNanos.sum()),
                created.sum(),
                closedCount.sum(),
                creationFailures.sum(),
                pingFailures.sum(),
                closeFailures.sum());
    }

    @Override
    public RegistryConfig config() {
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

    @Override
    public String toString() {
        return "SharedResourceRegistry[" + name + ", open=" + open + "/" + maxOpen + ", waiting=" + waitingNow
                + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- tasks

    private void submit(PoolTask task) {
        tasks.add(task);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            tasks.remove(task);
            task.rejected(e);
        }
    }

    private void taskEnded(PoolTask task) {
        tasks.remove(task);
        if (closed) {
            lock.lock();
            try {
                quieter.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs the factory for an entry on the executor and publishes the outcome to its callers. */
    private final class Creation extends PoolTask {
        private final Entry<K, T> entry;

        Creation(Entry<K, T> entry) {
            this.entry = entry;
        }

        @Override
        void body() {
            T resource = null;
            Throwable thrown = null;
            try {
                resource = factory.create(entry.key);
            } catch (Throwable e) { // an Error too: the place must be freed whatever the factory did
                thrown = e;
            }
            if (resource != null) {
                publish(resource);
            } else {
                fail(thrown);
            }
        }

        private void publish(T resource) {
            lock.lock();
            try {
                if (!closed) {
                    entry.resource = resource;
                    created.increment();
                    entry.done.countDown();
                    return;
                }
                entries.remove(entry.key, entry);
            } finally {
                lock.unlock();
            }
            created.increment();
            entry.closedFailure = true;
            closeAndFree(entry.key, resource);
            entry.done.countDown();
        }

        /** The factory failed or returned null: go-pooler's error text, kept (design §2). */
        private void fail(Throwable thrown) {
            creationFailures.increment();
            String error = thrown == null
                    ? "factory returned null"
                    : thrown.getMessage() != null ? thrown.getMessage() : thrown.toString();
            entry.failure = "Registry '" + name + "': pool: factory error; key: " + entry.key + ", error: " + error;
            entry.failureCause = thrown;
            entry.closedFailure = closed;
            lock.lock();
            try {
                entries.remove(entry.key, entry);
            } finally {
                lock.unlock();
            }
            entry.done.countDown();
            freePlace();
        }

        @Override
        void poolClosed() {
            interrupt();
        }

        @Override
        void rejected(RejectedExecutionException e) {
            fail(e);
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Registry '" + name + "': creation task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    // ---------------------------------------------------------------- health check

    private void scheduleHealthCheck() {
        if (closed) {
            return;
        }
        try {
            healthCheck = scheduler.schedule(this::checkHealth, config.healthCheckInterval());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, () -> "Registry '" + name + "': could not schedule the health check", e);
            }
        }
    }

    /** Starts a ping for every ready resource that is not being pinged; runs on the scheduler, never blocks. */
    private void checkHealth() {
        if (closed) {
            return;
        }
        try {
            for (Entry<K, T> entry : entries.values()) {
                if (entry.resource != null && !entry.pinging) {
                    entry.pinging = true;
                    submit(new Ping(entry));
                }
            }
        } finally {
            scheduleHealthCheck();
        }
    }

    /** Takes an entry that failed its health check out (if it is still there) and closes it on the executor. */
    private void removeFailed(Entry<K, T> entry, Throwable cause) {
        lock.lock();
        try {
            if (closed || !entries.remove(entry.key, entry)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        pingFailures.increment();
        LOG.log(
                Level.DEBUG,
                () -> "Registry '" + name + "': key " + entry.key + " failed its health check, closing it: " + cause);
        submit(new Removal(entry));
    }

    /** Pings one resource; a watchdog on the scheduler ends it at {@code pingTimeout}. */
    private final class Ping extends PoolTask {
        private final Entry<K, T> entry;

        Ping(Entry<K, T> entry) {
            this.entry = entry;
        }

        @Override
        void body() {
            Scheduler.Cancellable watchdog = watch();
            Throwable failure = null;
            try {
                factory.ping(entry.key, entry.resource, config.pingTimeout());
            } catch (Throwable e) { // an Error too: a broken resource must not stay
                failure = e;
            } finally {
                if (watchdog != null) {
                    watchdog.cancel();
                }
                entry.pinging = false;
            }
            if (failure != null) {
                removeFailed(entry, failure);
            }
        }

        private Scheduler.Cancellable watch() {
            try {
                return scheduler.schedule(this::overrun, config.pingTimeout());
            } catch (RuntimeException e) {
                return null; // a scheduler shut down by its owner: the ping runs unbounded
            }
        }

        /** On the scheduler: the ping took too long; it is interrupted and its resource removed now. */
        private void overrun() {
            interrupt();
            removeFailed(
                    entry,
                    new TimeoutException(
                            "ping ran longer than " + config.pingTimeout().toMillis() + " ms"));
        }

        @Override
        void poolClosed() {
            interrupt();
        }

        @Override
        void rejected(RejectedExecutionException e) {
            entry.pinging = false;
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Registry '" + name + "': ping task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    /** Closes a resource that failed its health check, then frees its place; never interrupted. */
    private final class Removal extends PoolTask {
        private final Entry<K, T> entry;

        Removal(Entry<K, T> entry) {
            this.entry = entry;
        }

        @Override
        void body() {
            closeAndFree(entry);
        }

        @Override
        void rejected(RejectedExecutionException e) {
            run(); // on the caller's thread, as a pool's destroy does
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Registry '" + name + "': removal task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        List<Entry<K, T>> ready = closeNow();
        for (Entry<K, T> entry : ready) {
            closeAndFree(entry);
        }
        try {
            awaitQuiet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first call closes: wakes waiters, stops the health check, interrupts tasks; returns the ready entries. */
    private List<Entry<K, T>> closeNow() {
        List<Entry<K, T>> ready;
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            closed = true;
            for (Waiter<K, T> waiter : waiters) {
                waiter.closed = true;
                waiter.wake.signal();
            }
            waiters.clear();
            waitingNow = 0;
            ready = readyEntries();
            ready.forEach(entry -> entries.remove(entry.key, entry));
        } finally {
            lock.unlock();
        }
        Scheduler.Cancellable task = healthCheck;
        if (task != null) {
            task.cancel();
        }
        if (sharedHandle != null) {
            SharedScheduler.release(sharedHandle);
        }
        tasks.poolClosed();
        LOG.log(Level.DEBUG, "Registry ''{0}'': closed", name);
        return ready;
    }

    private void awaitQuiet() throws InterruptedException {
        lock.lock();
        try {
            while (tasks.busyOtherThan(Thread.currentThread())) {
                quieter.await();
            }
        } finally {
            lock.unlock();
        }
    }
}
