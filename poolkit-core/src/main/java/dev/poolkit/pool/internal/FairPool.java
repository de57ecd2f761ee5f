package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import dev.poolkit.pool.Ticker;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Pool} engine: a lock-free fast path for the common case and a lock-guarded FIFO wait
 * queue with direct hand-off for the contended one.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Fast path.</b> When nobody waits ({@code waiting == 0}), acquire pops the idle store
 *       (a lock-free Treiber stack for LIFO) and release pushes to it. No lock, no allocation (the
 *       {@link SlotLease} is scalar-replaced when it does not escape), one ticker read per release.
 *   <li><b>Fairness.</b> Once anybody waits, new acquires go to the queue's tail and releases hand
 *       the slot straight to the queue's head under the lock, so a thread that releases and acquires
 *       again cannot overtake a waiter. The dispatcher also hands out "create" grants when there is
 *       room below {@code maxSize}, so waiters, not newcomers, get freed capacity.
 *   <li><b>Lost wake-ups.</b> A waiter enqueues (and bumps {@code waiting}) under the lock, then pops
 *       the idle store; a fast-path release pushes, then reads {@code waiting}. Both are volatile, so
 *       at least one side sees the other and runs the dispatcher. Close uses the same pattern with
 *       {@code closed} against releases that push after the close drained the store.
 *   <li><b>Ownership.</b> A slot is owned by whoever popped it; housekeeping drains the store, sorts
 *       the slots out (expired, idle too long, due for validation) and restores the rest, so nothing
 *       needs to be removed from the middle of the lock-free stack.
 *   <li><b>Time.</b> Ages (idle, lifetime, leaks, validation) use the injected {@link Ticker};
 *       blocking waits use {@link System#nanoTime()}, because a thread can only park in real time.
 * </ol>
 */
public final class FairPool<T> implements Pool<T> {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    /**
     * A waiter yields this many times before it parks. Under strict FIFO hand-off a caller that
     * finds the pool exhausted must let the queue go first, so with more threads than resources every
     * acquire costs a thread switch; a yield is a much cheaper switch than a park and unpark pair
     * (measured about 3x the throughput with 16 platform threads on 4 resources), and for a virtual
     * thread it only yields its carrier.
     */
    private static final int YIELDS_BEFORE_PARK = 8;

    private final ResourceFactory<T> factory;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final ThreadScheduler ownScheduler;
    private final String name;

    private final SlotTable<T> table;
    private final IdleStore<T> idle;

    // Fixed settings, read on hot paths as plain finals.
    private final long acquireTimeoutNanos;
    private final boolean validateOnAcquire;
    private final long validationIdleThresholdNanos;
    private final long leakThresholdNanos;
    private final long lifetimeNanos;
    private final long housekeepingPeriodNanos;
    /** Read the ticker on every release (validate-on-acquire needs exact idle times) or use {@link #coarseNanos}. */
    private final boolean exactReleaseTime;

    /**
     * The ticker's reading at the last housekeeping run. Releases stamp resources with it instead of
     * reading the ticker (which would cost as much as the rest of a release), so idle times and
     * lifetimes are known to within one housekeeping period; see {@link #sweepIdle}.
     */
    private volatile long coarseNanos;

    private volatile PoolConfig config;
    private volatile int maxSize;

    /** Resources that exist or are being created. Only grows through {@link #tryReserve()}. */
    private final AtomicInteger size = new AtomicInteger();

    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private Waiter head;
    private Waiter tail;
    private volatile int waiting;

    private final AtomicBoolean refillScheduled = new AtomicBoolean();
    private volatile int refillFailures; // racy increments are harmless: it only scales the back-off
    private volatile Scheduler.Cancellable housekeeping;

    private final LongAdder doubleReleases = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder creationNanos = new LongAdder();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong creationFailures = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private final AtomicLong leaks = new AtomicLong();

    /**
     * Creates and starts a pool. Use {@link Pool#builder(ResourceFactory)} instead.
     *
     * @param factory the resource factory
     * @param config the validated configuration
     * @param ticker the time source
     * @param scheduler the scheduler to use, or null to run a thread of the pool's own
     */
    public FairPool(ResourceFactory<T> factory, PoolConfig config, Ticker ticker, Scheduler scheduler) {
        this.factory = requireNonNull(factory, "factory");
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "clock");
        this.name = config.name();
        if (scheduler == null) {
            ownScheduler = Scheduler.newThreadScheduler("poolkit-pool-" + name);
            this.scheduler = ownScheduler;
        } else {
            ownScheduler = null;
            this.scheduler = scheduler;
        }
        this.maxSize = config.maxSize();
        this.table = new SlotTable<>(Math.min(config.maxSize(), 1024));
        this.idle = config.order() == IdleOrder.LIFO
                ? new StripedIdleStack<>(table, StripedIdleStack.stripesFor(config.maxSize()))
                : new FifoIdleQueue<>();
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.validateOnAcquire = config.validateOnAcquire();
        this.validationIdleThresholdNanos = config.validationIdleThreshold().toNanos();
        this.leakThresholdNanos = config.leakThreshold().toNanos();
        this.lifetimeNanos = config.maxLifetime().toNanos();
        this.housekeepingPeriodNanos = housekeepingPeriod(config);
        this.exactReleaseTime = validateOnAcquire;
        this.coarseNanos = ticker.nanoTime();
        scheduleHousekeeping();
        requestRefill(Duration.ZERO);
    }

    // ---------------------------------------------------------------- acquire

    @Override
    public Lease<T> acquire() throws InterruptedException {
        return acquire(acquireTimeoutNanos);
    }

    @Override
    public Lease<T> acquire(Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        return acquire(timeout.toNanos());
    }

    private Lease<T> acquire(long timeoutNanos) throws InterruptedException {
        Slot<T> slot = null;
        // Fast path: nobody is queued, so taking an idle slot cannot overtake anyone.
        if (waiting == 0 && !closed) {
            slot = idle.pop();
            if (slot != null && validateOnAcquire && !usable(slot)) {
                slot = null;
            }
        }
        if (slot == null) {
            slot = acquireSlow(timeoutNanos);
        }
        // One allocation site for the lease, so that escape analysis can remove it.
        return lease(slot);
    }

    private Lease<T> lease(Slot<T> slot) {
        slot.state(Slot.LEASED);
        if (leakThresholdNanos > 0) {
            slot.leaseSite = new Throwable("Lease acquired here");
            slot.leakReported = false;
            slot.leasedAtNanos = ticker.nanoTime();
        }
        slot.acquisitions++; // the slot is ours alone here, and a plain field costs no atomic
        return new SlotLease<>(this, slot, slot.gen());
    }

    /** Queues, creates or validates as needed; returns an owned slot for {@link #lease}. */
    private Slot<T> acquireSlow(long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        boolean first = false; // re-queue at the head after a granted slot failed validation
        for (; ; ) {
            if (closed) {
                throw new PoolClosedException(name);
            }
            Waiter waiter = null;
            Slot<T> slot = null;
            boolean create = false;
            lock.lock();
            try {
                if (closed) {
                    throw new PoolClosedException(name);
                }
                if (head == null || first) {
                    slot = idle.pop();
                    create = slot == null && tryReserve();
                }
                if (slot == null && !create) {
                    long remaining = timeoutNanos - (System.nanoTime() - start);
                    if (remaining <= 0) {
                        throw timeout(timeoutNanos);
                    }
                    waiter = new Waiter(Thread.currentThread());
                    enqueue(waiter, first);
                    dispatchLocked();
                }
            } finally {
                lock.unlock();
            }
            if (waiter != null) {
                Object grant = await(waiter, start, timeoutNanos);
                waitNanos.add(System.nanoTime() - start);
                if (grant == Waiter.CREATE) {
                    create = true;
                } else if (grant == Waiter.CLOSED) {
                    throw new PoolClosedException(name);
                } else {
                    slot = castSlot(grant);
                }
            }
            if (create) {
                return createReserved();
            }
            if (!validateOnAcquire || usable(slot)) {
                return slot;
            }
            first = waiter != null;
        }
    }

    @SuppressWarnings("unchecked")
    private Slot<T> castSlot(Object grant) {
        return (Slot<T>) grant;
    }

    /** Parks until granted; on timeout or interrupt withdraws, or takes a grant that raced in. */
    private Object await(Waiter waiter, long start, long timeoutNanos) throws InterruptedException {
        int spins = YIELDS_BEFORE_PARK;
        for (; ; ) {
            Object grant = waiter.grant;
            if (grant != null) {
                return grant;
            }
            long remaining = timeoutNanos - (System.nanoTime() - start);
            boolean interrupted = Thread.interrupted();
            if (remaining <= 0 || interrupted) {
                lock.lock();
                try {
                    grant = waiter.grant;
                    if (grant == null) {
                        unlink(waiter);
                    }
                } finally {
                    lock.unlock();
                }
                if (grant == null) {
                    if (interrupted) {
                        throw new InterruptedException("Pool '" + name + "': interrupted while waiting");
                    }
                    throw timeout(timeoutNanos);
                }
                if (interrupted) {
                    abandon(grant);
                    throw new InterruptedException("Pool '" + name + "': interrupted while waiting");
                }
                return grant;
            }
            if (spins > 0) {
                spins--;
                Thread.yield();
                continue;
            }
            LockSupport.parkNanos(this, remaining);
        }
    }

    /** Gives back a grant that arrived for a waiter that was interrupted. */
    private void abandon(Object grant) {
        if (grant == Waiter.CREATE) {
            unreserve();
        } else if (grant != Waiter.CLOSED) {
            returnIdle(castSlot(grant));
        }
    }

    private PoolTimeoutException timeout(long timeoutNanos) {
        timeouts.incrementAndGet();
        return new PoolTimeoutException(name, Duration.ofNanos(timeoutNanos), stats());
    }

    @Override
    public Optional<Lease<T>> tryAcquire() {
        if (closed) {
            throw new PoolClosedException(name);
        }
        if (waiting == 0) {
            Slot<T> slot = idle.pop();
            if (slot != null) {
                return Optional.of(lease(slot));
            }
        }
        return Optional.empty();
    }

    /** Validates a slot popped for a caller if it has been idle long; destroys it if invalid. */
    private boolean usable(Slot<T> slot) {
        long now = ticker.nanoTime();
        if (now - slot.lastUsedNanos <= validationIdleThresholdNanos) {
            return true;
        }
        if (validate(slot, now)) {
            return true;
        }
        destroy(slot);
        return false;
    }

    private boolean validate(Slot<T> slot, long now) {
        boolean valid;
        try {
            valid = factory.isValid(slot.resource);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.DEBUG, () -> "Pool '" + name + "': validation threw", e);
            valid = false;
        }
        slot.lastValidatedNanos = now;
        if (!valid) {
            validationFailures.incrementAndGet();
            LOG.log(Level.DEBUG, "Pool ''{0}'': destroying resource after failed validation", name);
        }
        return valid;
    }

    // ---------------------------------------------------------------- creation

    private boolean tryReserve() {
        for (; ; ) {
            int current = size.get();
            if (current >= maxSize || closed) {
                return false;
            }
            if (size.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Frees a reserved place (creation failed, a resource died) and lets a waiter use it. */
    private void unreserve() {
        size.decrementAndGet();
        if (waiting > 0) {
            dispatch();
        }
        if (closed) {
            signalDrained();
        }
    }

    /** Creates a resource in a place already reserved; the caller owns the new slot. */
    private Slot<T> createReserved() {
        T resource;
        long started = ticker.nanoTime();
        try {
            resource = factory.create();
        } catch (Exception | LinkageError e) {
            creationNanos.add(ticker.nanoTime() - started);
            creationFailures.incrementAndGet();
            unreserve();
            throw new ResourceCreationException(name, "Pool '" + name + "': resource creation failed: " + e, e);
        }
        creationNanos.add(ticker.nanoTime() - started);
        if (resource == null) {
            creationFailures.incrementAndGet();
            unreserve();
            throw new ResourceCreationException(name, "Pool '" + name + "': factory returned null", null);
        }
        long now = ticker.nanoTime();
        long lifetime = lifetimeNanos;
        if (lifetime > 0) {
            // Up to 2.5% less, so that resources created together do not all expire together.
            lifetime -= ThreadLocalRandom.current().nextLong(lifetime / 40 + 1);
            lifetime = Math.max(1, lifetime);
        }
        Slot<T> slot = new Slot<>(resource, now, lifetime);
        table.register(slot);
        created.incrementAndGet();
        if (closed) {
            // Closed while creating: the caller must not get it.
            destroy(slot);
            throw new PoolClosedException(name);
        }
        return slot;
    }

    // ---------------------------------------------------------------- release

    /** Returns a slot whose lease just ended. */
    void giveBack(Slot<T> slot) {
        long now = exactReleaseTime ? ticker.nanoTime() : coarseNanos;
        slot.lastUsedNanos = now;
        if (leakThresholdNanos > 0) {
            slot.leaseSite = null;
            if (slot.leakReported) {
                LOG.log(Level.INFO, "Pool ''{0}'': a lease reported as leaked was returned", name);
            }
        }
        if (closed || slot.expired(now) || size.get() > maxSize) {
            destroy(slot);
            return;
        }
        returnIdle(slot);
    }

    /** Makes an owned slot available: to the head waiter if there is one, else to the idle store. */
    private void returnIdle(Slot<T> slot) {
        slot.state(Slot.IDLE);
        if (waiting == 0) {
            idle.push(slot);
            // Re-check after publishing (see notes 3): a waiter or a close may have slipped in.
            if (waiting != 0) {
                dispatch();
            }
        } else {
            lock.lock();
            try {
                Waiter waiter = head;
                if (waiter != null && !closed) {
                    unlink(waiter);
                    grant(waiter, slot);
                } else {
                    idle.push(slot);
                }
            } finally {
                lock.unlock();
            }
        }
        if (closed) {
            destroyIdle();
        }
    }

    void countDoubleRelease() {
        doubleReleases.increment();
    }

    /** Destroys an owned slot (also the slot of an invalidated lease); a second call is a no-op. */
    void destroy(Slot<T> slot) {
        if (!slot.kill()) {
            return;
        }
        table.unregister(slot);
        destroyed.incrementAndGet();
        try {
            factory.destroy(slot.resource);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, () -> "Pool '" + name + "': destroying a resource failed", e);
        }
        unreserve();
        if (!closed && size.get() < config.minIdle()) {
            requestRefill(Duration.ZERO);
        }
    }

    // ---------------------------------------------------------------- queue (lock held)

    private void enqueue(Waiter waiter, boolean first) {
        waiter.queued = true;
        if (head == null) {
            head = tail = waiter;
        } else if (first) {
            waiter.next = head;
            head.prev = waiter;
            head = waiter;
        } else {
            waiter.prev = tail;
            tail.next = waiter;
            tail = waiter;
        }
        waiting = waiting + 1;
    }

    private void unlink(Waiter waiter) {
        if (!waiter.queued) {
            return;
        }
        waiter.queued = false;
        if (waiter.prev == null) {
            head = waiter.next;
        } else {
            waiter.prev.next = waiter.next;
        }
        if (waiter.next == null) {
            tail = waiter.prev;
        } else {
            waiter.next.prev = waiter.prev;
        }
        waiter.prev = waiter.next = null;
        waiting = waiting - 1;
    }

    private static void grant(Waiter waiter, Object grant) {
        waiter.grant = grant;
        LockSupport.unpark(waiter.thread);
    }

    private void dispatch() {
        lock.lock();
        try {
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Serves waiters from the head while there is an idle slot or room to create one. */
    private void dispatchLocked() {
        Waiter waiter;
        while ((waiter = head) != null) {
            if (closed) {
                unlink(waiter);
                grant(waiter, Waiter.CLOSED);
                continue;
            }
            Slot<T> slot = idle.pop();
            if (slot != null) {
                unlink(waiter);
                grant(waiter, slot);
            } else if (tryReserve()) {
                unlink(waiter);
                grant(waiter, Waiter.CREATE);
            } else {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- background work

    private void requestRefill(Duration delay) {
        if (closed || config.minIdle() == 0) {
            return;
        }
        if (refillScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::refill, delay);
            } catch (RuntimeException e) {
                refillScheduled.set(false);
                if (!closed) {
                    LOG.log(Level.WARNING, () -> "Pool '" + name + "': could not schedule refill", e);
                }
            }
        }
    }

    /** Creates idle resources until {@code minIdle} are idle; backs off exponentially on failure. */
    private void refill() {
        refillScheduled.set(false);
        while (!closed && idleCount() < config.minIdle() && tryReserve()) {
            Slot<T> slot;
            try {
                slot = createReserved();
            } catch (PoolClosedException e) {
                return;
            } catch (ResourceCreationException e) {
                Duration delay = backoff(refillFailures++);
                LOG.log(
                        refillFailures == 1 ? Level.WARNING : Level.DEBUG,
                        () -> "Pool '" + name + "': could not create a resource, retrying in " + delay.toMillis()
                                + " ms",
                        e.getCause());
                requestRefill(delay);
                return;
            }
            refillFailures = 0;
            returnIdle(slot);
        }
    }

    private Duration backoff(int failures) {
        PoolConfig current = config;
        long initial = current.creationRetryInitialDelay().toNanos();
        long max = current.creationRetryMaxDelay().toNanos();
        long delay = failures >= 62 ? max : Math.min(max, initial << Math.min(failures, 40));
        return Duration.ofNanos(delay < 0 ? max : delay);
    }

    /** A quarter of the shortest time-based setting, between 10 ms and 30 s. */
    private static long housekeepingPeriod(PoolConfig current) {
        long period = TimeUnit.SECONDS.toNanos(30);
        for (Duration d : new Duration[] {
            current.idleTimeout(), current.maxLifetime(), current.validationInterval(), current.leakThreshold()
        }) {
            if (d.isPositive()) {
                period = Math.min(period, d.toNanos() / 4);
            }
        }
        return Math.max(period, TimeUnit.MILLISECONDS.toNanos(10));
    }

    private void scheduleHousekeeping() {
        if (closed) {
            return;
        }
        try {
            housekeeping = scheduler.schedule(this::housekeep, Duration.ofNanos(housekeepingPeriodNanos));
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, () -> "Pool '" + name + "': could not schedule housekeeping", e);
            }
        }
    }

    /**
     * Reports leaks, retires idle resources that expired or idled too long, shrinks to {@code maxSize},
     * validates idle resources that are due, and refills to {@code minIdle}.
     */
    void housekeep() {
        if (closed) {
            return;
        }
        try {
            long now = ticker.nanoTime();
            coarseNanos = now;
            reportLeaks(now);
            sweepIdle(now);
            requestRefill(Duration.ZERO);
        } finally {
            scheduleHousekeeping();
        }
    }

    private void reportLeaks(long now) {
        if (leakThresholdNanos <= 0) {
            return;
        }
        table.forEach(slot -> {
            Throwable site = slot.leaseSite;
            if (slot.state() == Slot.LEASED
                    && !slot.leakReported
                    && site != null
                    && now - slot.leasedAtNanos > leakThresholdNanos) {
                slot.leakReported = true;
                leaks.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "Pool '" + name + "': a lease has been held for more than "
                                + Duration.ofNanos(leakThresholdNanos).toMillis()
                                + " ms, possible leak; acquired at:",
                        site);
            }
        });
    }

    private void sweepIdle(long now) {
        PoolConfig current = config;
        long idleTimeout = current.idleTimeout().toNanos();
        // A coarse release stamp can be up to one period early: wait that much longer, never evict early.
        long slack = exactReleaseTime ? 0 : housekeepingPeriodNanos;
        long validationInterval = current.validationInterval().toNanos();
        List<Slot<T>> slots = new ArrayList<>();
        idle.drainTo(slots);
        List<Slot<T>> keep = new ArrayList<>(slots.size());
        List<Slot<T>> check = new ArrayList<>();
        int kept = 0;
        for (Slot<T> slot : slots) {
            boolean surplus = size.get() > maxSize;
            boolean idleTooLong =
                    idleTimeout > 0 && now - slot.lastUsedNanos >= idleTimeout + slack && kept >= current.minIdle();
            if (slot.expired(now) || surplus || idleTooLong) {
                destroy(slot);
            } else if (validationInterval > 0 && now - slot.lastValidatedNanos >= validationInterval) {
                slot.state(Slot.RESERVED);
                check.add(slot);
                kept++;
            } else {
                keep.add(slot);
                kept++;
            }
        }
        idle.restore(keep);
        if (waiting != 0 || closed) {
            dispatch();
            if (closed) {
                destroyIdle();
            }
        }
        for (Slot<T> slot : check) {
            if (validate(slot, now)) {
                returnIdle(slot);
            } else {
                destroy(slot);
            }
        }
    }

    private int idleCount() {
        int[] count = new int[1];
        table.forEach(slot -> {
            if (slot.state() == Slot.IDLE) {
                count[0]++;
            }
        });
        return count[0];
    }

    // ---------------------------------------------------------------- runtime changes

    @Override
    public void resize(int newMaxSize) {
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            config = config.toBuilder().maxSize(newMaxSize).build();
            maxSize = newMaxSize;
            dispatchLocked();
        } finally {
            lock.unlock();
        }
        Slot<T> slot;
        while (size.get() > newMaxSize && (slot = idle.pop()) != null) {
            destroy(slot);
        }
    }

    @Override
    public void setMinIdle(int minIdle) {
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            config = config.toBuilder().minIdle(minIdle).build();
        } finally {
            lock.unlock();
        }
        requestRefill(Duration.ZERO);
    }

    // ---------------------------------------------------------------- state

    @Override
    public PoolStats stats() {
        int[] counts = new int[2];
        table.forEach(slot -> {
            int state = slot.state();
            if (state == Slot.IDLE) {
                counts[0]++;
            } else if (state == Slot.LEASED) {
                counts[1]++;
            }
        });
        PoolConfig current = config;
        return new PoolStats(
                current.maxSize(),
                current.minIdle(),
                size.get(),
                counts[0],
                counts[1],
                waiting,
                created.get(),
                destroyed.get(),
                table.acquisitions(),
                timeouts.get(),
                creationFailures.get(),
                validationFailures.get(),
                leaks.get(),
                doubleReleases.sum(),
                Duration.ofNanos(waitNanos.sum()),
                Duration.ofNanos(creationNanos.sum()));
    }

    @Override
    public PoolConfig config() {
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
        PoolStats stats = stats();
        return "Pool[" + name + ", size=" + stats.size() + "/" + stats.maxSize() + ", idle=" + stats.idle()
                + ", leased=" + stats.leased() + ", waiting=" + stats.waiting() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dispatchLocked(); // wakes every waiter with CLOSED
        } finally {
            lock.unlock();
        }
        Scheduler.Cancellable task = housekeeping;
        if (task != null) {
            task.cancel();
        }
        destroyIdle();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        LOG.log(Level.DEBUG, "Pool ''{0}'': closed", name);
    }

    @Override
    public boolean close(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        close();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        lock.lock();
        try {
            long remaining;
            while (size.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                drained.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            lock.unlock();
        }
        boolean clean = size.get() == 0;
        if (!clean) {
            List<Slot<T>> leased = new ArrayList<>();
            table.forEach(slot -> {
                if (slot.state() == Slot.LEASED) {
                    leased.add(slot);
                }
            });
            for (Slot<T> slot : leased) {
                if (slot.endLease(slot.gen())) {
                    LOG.log(
                            Level.WARNING,
                            "Pool ''{0}'': destroying a resource still leased {1} ms after close",
                            name,
                            timeout.toMillis());
                    destroy(slot);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return clean && !interrupted;
    }

    private void destroyIdle() {
        Slot<T> slot;
        while ((slot = idle.pop()) != null) {
            destroy(slot);
        }
    }

    private void signalDrained() {
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
