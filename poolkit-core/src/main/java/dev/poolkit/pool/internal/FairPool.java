package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.Fairness;
import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * The {@link Pool} engine: a lock-free fast path for the common case, a lock-guarded FIFO wait queue
 * with direct hand-off for the contended one, and every call into the factory on an executor.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Fast path.</b> When nobody waits ({@code waiting == 0}), acquire pops the idle store (a
 *       striped lock-free Treiber stack for LIFO) and release pushes to it. No lock, no shared
 *       counter, no allocation (the {@link SlotLease} is scalar-replaced when it does not escape),
 *       no clock read unless {@code validateOnAcquire} needs exact idle times. A LIFO stripe also
 *       keeps one slot in place across leases (its hint cell, see {@link LifoIdleStack}): claimed
 *       by the compare-and-set that starts the lease and given back by the one that ends it
 *       ({@link #releaseInPlace}), so a thread that reuses its own resource pays two atomic
 *       operations per cycle instead of a pop, an end of lease and a push.
 *   <li><b>Fairness.</b> Under {@link Fairness#STRICT}, once anybody waits, new acquires go to the
 *       queue's tail and releases hand the slot straight to the queue's head under the lock, so a
 *       thread that releases and acquires again cannot overtake a waiter. The dispatcher also hands
 *       out "create" grants when there is room below {@code maxSize}, so waiters, not newcomers, get
 *       freed capacity. {@link Fairness#BOUNDED} follows the normal and starvation modes of Go's
 *       {@code sync.Mutex}. While the queue is young, running callers keep the fast path: a release
 *       pushes to the idle store and only wakes the head, an arrival pops the store whoever waits,
 *       and the head, once it runs, takes a slot for itself through the dispatcher if one is still
 *       there; so a thread that releases and asks again usually gets its own slot back without a
 *       thread switch, and no slot is handed to a thread that is asleep. The queue starts to starve
 *       once its head has waited {@code fairnessThreshold} (counted from when it queued, or from the
 *       end of the last starving round if that is later; see {@link #overdue}): the head parks at
 *       most until then, and the dispatcher and every hand-off look at its age under the lock. A
 *       release that finds the head that old dispatches its slot itself, so the bound holds even when
 *       the head cannot run to notice (more runnable threads than cores, where a woken thread may
 *       wait many time slices for a core); while the head is awake, and so looks itself, only a
 *       sample of releases reads the clock for it. A starving pool is STRICT for one round: until
 *       every waiter that was queued when it began has been served (or gave up).
 *       Under BOUNDED no caller parks on the lock while it can avoid it ({@link #lockYielding}): it
 *       tries the lock and yields in between, and an arrival takes a slot pushed meanwhile. The lock
 *       is not fair, so a thread parked on it loses it to running threads again and again (waits of
 *       tens of milliseconds with more threads than cores), and an arrival's wait there comes before
 *       it is queued, where its age would be watched; a yielding thread stays runnable and tries again
 *       at its next time slice. A fair lock made it worse: each hand-off of the lock then waits for a
 *       sleeping thread to get a core. Among themselves waiters stay first come, first served in
 *       both modes: only the head takes from the store, the dispatcher serves from the head, and room
 *       to create goes to the queue.
 *   <li><b>Lost wake-ups.</b> A waiter enqueues (and bumps {@code waiting}) under the lock, then takes
 *       from the idle store; a fast-path release pushes, then reads {@code waiting}. Both are
 *       volatile, so at least one side sees the other and runs the dispatcher. The same pattern
 *       covers a close ({@code closed} against a push after the close emptied the store) and a
 *       shrink ({@code maxSize} against a push after {@link #resize} trimmed the store). Under
 *       BOUNDED a release that sees a waiter reads {@code starving} again after its push: if the flag
 *       turned meanwhile it dispatches (turning it dispatches after the write, so one of the two sees
 *       the slot), else it unparks the {@code head} it reads then; a head that was unlinked before that
 *       read left its successor as {@code head}, and whoever unlinks a head later dispatches right
 *       after (the dispatcher's own loop, a hand-off, a head that gives up), so the slot is not
 *       stranded with a parked successor. A release skips the unpark while the head is {@code awake}
 *       (woken and not yet asleep again, or between yields): the waiter clears the flag before it
 *       looks at the store each time it may park, so a slot pushed after its last look sees the flag
 *       clear.
 *   <li><b>Surplus.</b> Only {@link #tryShrink()} takes a resource away for being surplus: a
 *       compare-and-set that lowers {@code size} only while {@code size > maxSize}, so two returns
 *       racing a shrink destroy exactly the surplus. Every path that makes a slot idle (a release, a
 *       finished creation or validation, a waiter that gave up) goes through {@link #returnIdle},
 *       which checks for surplus after publishing; trimming takes the lock, as surplus is rare.
 *   <li><b>Blocking work.</b> {@code create}, {@code isValid} and {@code destroy} run as {@link
 *       PoolTask}s on the executor, never on the scheduler (which only decides when) and never under
 *       the lock. A caller that needs a creation or a validation submits it and parks with its own
 *       deadline; the task {@link Waiter#offer offers} the result, the caller may {@link
 *       Waiter#abandon abandon} it, and whichever loses the race leaves the result to {@link
 *       #returnIdle} (a resource) or to nobody (a failure, already counted). So an acquire timeout
 *       bounds everything, and nothing is lost when a caller gives up.
 *   <li><b>Ownership.</b> A slot is owned by whoever removed it from the store, or by the lease
 *       holder ({@link Slot#LEASED} set in its state word). Housekeeping drains the store, sorts
 *       the slots out and restores the rest, so nothing is ever removed from the middle of the
 *       lock-free stack.
 *   <li><b>Counts.</b> {@code size} counts places (resources plus creations under way); {@code
 *       pending} counts places that are neither idle nor leased (creations, validations, a sweep in
 *       progress); the idle store counts its contents and its pops without a shared counter (see
 *       {@link LifoIdleStack}). So {@code leased = size - idle - pending} and {@link #stats()} is
 *       lock-free and independent of the pool's size. {@code destroyed} counts when a slot is
 *       retired, together with the drop in {@code size}, so {@code created - destroyed == size}.
 *   <li><b>Closing.</b> Every submitted task is registered; {@link #close()} interrupts the
 *       creations and validations among them and waits until none runs (a destroy is never
 *       interrupted). Housekeeping registers itself the same way while it runs.
 *   <li><b>Time.</b> Ages (idle, lifetime, leaks, validation, back-off) use the injected {@link
 *       Ticker}; blocking waits use {@link System#nanoTime()}, because a thread can only park in real
 *       time.
 *   <li><b>Shared capacity.</b> A pool of a keyed pool also needs room under the keyed pool's
 *       {@code maxTotal}: {@link #reserve(int)} takes it from the {@link Capacity} before it adds a
 *       place, and {@link #placeFreed(boolean)} gives it back after this pool's own waiters had
 *       their turn at the freed place. A refused caller is remembered by the capacity, which later
 *       grants this pool room ({@link #placeGranted()}), or frees some by retiring an idle resource
 *       of another pool ({@link #evictIdle()}); every path that publishes idle slots tells it
 *       ({@link Capacity#idled()}), so a resource released while another key starves is reclaimed
 *       at once. A plain pool's capacity is {@link Capacity#UNLIMITED}: no state, no cost. Under
 *       BOUNDED an idle slot may sit beside a young queue, waiting for the woken head or a running
 *       caller; {@link #evictIdle()} never takes one while anybody waits here, so another key's
 *       room never comes out of this pool's own queue.
 * </ol>
 *
 * @param <T> the type of resource
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

    /** BOUNDED: a caller tries the lock this many times, yielding in between, before it parks on it. */
    private static final int LOCK_TRIES = 64;

    /** BOUNDED: a release reads the clock for an awake head on one lease in this many + 1 (see {@link #wakeHead}). */
    private static final int CLOCK_SAMPLE_MASK = 63;

    /** What a failed creation hands to its waiter; the caller builds its own exception from it. */
    private record Failure(String message, Throwable cause) {}

    private final ResourceFactory<T> factory;
    private final Ticker ticker;
    private final Scheduler scheduler;
    /** The shared scheduler's handle to give back on close, or null if the scheduler was given. */
    private final Scheduler sharedHandle;

    private final Executor executor;
    private final PoolListener<? super T> listener;
    /** False for the no-op listener: then no event object is ever built. */
    private final boolean listening;

    private final String name;

    private final SlotTable<T> table;
    private final IdleStore<T> idle;
    /** Room beyond {@code maxSize} that this pool shares with others; {@link Capacity#UNLIMITED} for a plain pool. */
    private final Capacity capacity;

    // Fixed settings, read on hot paths as plain finals.
    private final long acquireTimeoutNanos;
    private final boolean validateOnAcquire;
    private final long validationIdleThresholdNanos;
    private final Duration validationTimeout;
    private final long leakThresholdNanos;
    private final long lifetimeNanos;
    private final long housekeepingPeriodNanos;
    /** {@link Fairness#BOUNDED}: running callers may bypass a young queue (note 2). */
    private final boolean bounded;
    /** How old the queue's head may get under BOUNDED before releases hand off to it. */
    private final long fairnessThresholdNanos;
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

    /** Places: resources that exist plus creations under way. Only grows through {@link #reserve(int)}. */
    private final AtomicInteger size = new AtomicInteger();
    /** Places neither idle nor leased: creations, validations, slots held by a sweep. */
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Odd while a sweep moves idle slots out of the store and into {@code pending}: in between, a
     * slot is counted in neither, and a refill that read both then would create one too many. Written
     * only by housekeeping, which runs one task at a time; the refill reads it around its count.
     */
    private volatile int sweepSeq;

    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled, once closed, whenever a place is freed or a task ends. */
    private final Condition quieter = lock.newCondition();

    /** Written under the lock; volatile because a BOUNDED release wakes the head without it. */
    private volatile Waiter head;

    private Waiter tail;
    private volatile int waiting;
    /**
     * BOUNDED only: the queue's head has waited {@code fairnessThreshold} or longer, so the pool
     * behaves as STRICT (returns hand off, arrivals queue). Written under the lock, only on a change.
     */
    private volatile boolean starving;
    /**
     * BOUNDED only, guarded by the lock: while starving, the last waiter still queued of those that
     * were queued when the starving began; the starving ends when it leaves the queue.
     */
    private Waiter roundLast;
    /**
     * BOUNDED only: when the queue last stopped starving ({@link System#nanoTime()}); a waiter's time
     * counts towards {@code fairnessThreshold} from then on (see {@link #overdue}). Written under the lock.
     */
    private volatile long roundEndNanos;

    /** Tasks submitted to the executor (and a housekeeping run in progress) that have not ended. */
    private final TaskRegistry tasks = new TaskRegistry();

    private final AtomicBoolean refillScheduled = new AtomicBoolean();
    /** Consecutive refill failures; only the one refill task that runs at a time touches it. */
    private volatile int refillFailures;

    private volatile Scheduler.Cancellable housekeeping;

    private final LongAdder doubleReleases = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder creationNanos = new LongAdder();
    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder creationFailures = new LongAdder();
    private final LongAdder validationFailures = new LongAdder();
    private final LongAdder destroyFailures = new LongAdder();
    private final LongAdder leaks = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    /** Leases the idle store did not count: from the slow path and from validate-on-acquire. */
    private final LongAdder acquiredSlow = new LongAdder();
    /** The highest {@code acquired} reported, so that a reading that lags a removal never goes back. */
    private final AtomicLong acquiredReported = new AtomicLong();

    private volatile PoolStats.CreationFailure lastCreationFailure;

    /**
     * Creates and starts a pool. Use {@link Pool#builder(ResourceFactory)} instead.
     *
     * @param factory the resource factory
     * @param config the validated configuration
     * @param ticker the time source
     * @param scheduler the scheduler to use, or null for the shared one
     * @param executor the executor for factory calls, or null for a virtual thread per call
     * @param listener the listener
     */
    public FairPool(
            ResourceFactory<T> factory,
            PoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener) {
        this(factory, config, ticker, scheduler, executor, listener, StripedIdleStack.BY_THREAD_ID);
    }

    /** As above, with the hash that places threads on LIFO stripes (a model checker needs its own). */
    FairPool(
            ResourceFactory<T> factory,
            PoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener,
            ToIntFunction<Thread> stripeSpread) {
        this(factory, config, ticker, scheduler, executor, listener, stripeSpread, Capacity.UNLIMITED);
    }

    /** As above, sharing room with other pools through {@code capacity} (see {@link SharedCapacity}). */
    FairPool(
            ResourceFactory<T> factory,
            PoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener,
            ToIntFunction<Thread> stripeSpread,
            Capacity capacity) {
        this.capacity = requireNonNull(capacity, "capacity");
        capacity.attach(this);
        this.factory = requireNonNull(factory, "factory");
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "ticker");
        this.listener = requireNonNull(listener, "listener");
        this.listening = listener != PoolListener.noop();
        this.name = config.name();
        this.executor = executor != null ? executor : virtualThreadPerTask("poolkit-pool-" + name + "-");
        this.maxSize = config.maxSize();
        this.table = new SlotTable<>(Math.min(config.maxSize(), 1024));
        this.idle = config.order() == IdleOrder.LIFO
                ? new StripedIdleStack<>(table, StripedIdleStack.stripesFor(config.maxSize()), stripeSpread)
                : new FifoIdleQueue<>();
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.validateOnAcquire = config.validateOnAcquire();
        this.validationIdleThresholdNanos = config.validationIdleThreshold().toNanos();
        this.validationTimeout = config.validationTimeout();
        this.leakThresholdNanos = config.leakThreshold().toNanos();
        this.lifetimeNanos = config.maxLifetime().toNanos();
        this.housekeepingPeriodNanos = housekeepingPeriod(config);
        this.exactReleaseTime = validateOnAcquire;
        this.bounded = config.fairness() == Fairness.BOUNDED;
        this.fairnessThresholdNanos = config.fairnessThreshold().toNanos();
        this.coarseNanos = ticker.nanoTime();
        if (scheduler == null) {
            this.sharedHandle = SharedScheduler.acquire();
            this.scheduler = sharedHandle;
        } else {
            this.sharedHandle = null;
            this.scheduler = scheduler;
        }
        scheduleHousekeeping();
        requestRefill(Duration.ZERO);
    }

    static Executor virtualThreadPerTask(String namePrefix) {
        ThreadFactory threads = Thread.ofVirtual().name(namePrefix, 1).factory();
        return task -> threads.newThread(task).start();
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
        // Fast path: nobody is queued (or BOUNDED and the queue is young), so an idle slot is ours to take.
        if ((waiting == 0 || (bounded && !starving)) && !closed) {
            if (!validateOnAcquire) {
                slot = idle.pop(); // the store counts this acquisition
            } else if ((slot = idle.take()) != null) {
                if (isFresh(slot)) {
                    acquiredSlow.increment();
                } else {
                    slot = acquireSlow(timeoutNanos, slot);
                }
            }
        }
        if (slot == null) {
            slot = acquireSlow(timeoutNanos, null);
        }
        // One allocation site for the lease, so that escape analysis can remove it.
        return lease(slot);
    }

    private Lease<T> lease(Slot<T> slot) {
        long gen = slot.startLease();
        if (leakThresholdNanos > 0) {
            slot.leaseSite = new Throwable("Lease acquired here");
            slot.leakReported = false;
            slot.leasedAtNanos = ticker.nanoTime();
        }
        return new SlotLease<>(this, slot, gen);
    }

    /**
     * Queues, creates or validates as needed; returns an owned slot for {@link #lease}, counted in
     * {@link #acquiredSlow}.
     *
     * @param candidate an owned slot that needs validating first, or null
     */
    private Slot<T> acquireSlow(long timeoutNanos, Slot<T> candidate) throws InterruptedException {
        long start = System.nanoTime();
        Waiter waiter = new Waiter(Thread.currentThread(), start);
        boolean first = false; // after a failed validation, queue again at the head
        Slot<T> slot = candidate;
        for (; ; ) {
            if (slot != null) {
                if (validateFor(waiter, slot, start, timeoutNanos)) {
                    acquiredSlow.increment();
                    return slot;
                }
                slot = null;
                first = true;
            }
            boolean create = false;
            boolean queued = false;
            boolean timedOut = false;
            slot = lockYielding(!first); // null: the lock is held
            if (slot == null) {
                try {
                    if (closed) {
                        throw new PoolClosedException(name);
                    }
                    if (head == null || first) {
                        slot = idle.take();
                        create = slot == null && reserve(waiting + 1);
                    } else if (bounded && !starving) {
                        slot = idle.take(); // room to create goes to the queue, idle slots to whoever is running
                    }
                    if (slot == null && !create) {
                        if (timeoutNanos - (System.nanoTime() - start) <= 0) {
                            timedOut = true;
                        } else {
                            waiter.reset();
                            enqueue(waiter, first);
                            queued = true;
                            dispatchLocked();
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (timedOut) {
                throw timeout(timeoutNanos, 0);
            }
            if (queued) {
                long queuedAt = System.nanoTime();
                Object grant = awaitGrant(waiter, true, start, timeoutNanos);
                waitNanos.add(System.nanoTime() - queuedAt);
                if (grant == Waiter.CREATE) {
                    create = true;
                } else if (grant == Waiter.CLOSED) {
                    throw new PoolClosedException(name);
                } else {
                    slot = castSlot(grant);
                }
            }
            if (create) {
                Slot<T> createdSlot = createFor(waiter, start, timeoutNanos);
                acquiredSlow.increment();
                return createdSlot;
            }
            if (!validateOnAcquire || isFresh(slot)) {
                acquiredSlow.increment();
                return slot;
            }
        }
    }

    /**
     * Takes the lock. Under BOUNDED the caller yields rather than parks while it can, and an arrival
     * takes an idle slot instead if one was pushed meanwhile (note 2).
     *
     * @param orIdle whether the caller may take an idle slot instead (an arrival at a young queue)
     * @return an owned slot, and the lock is not held; or null, and the caller holds the lock
     */
    private Slot<T> lockYielding(boolean orIdle) {
        if (bounded) {
            for (int tries = 0; tries < LOCK_TRIES; tries++) {
                if (lock.tryLock()) {
                    return null;
                }
                if (orIdle && !starving && !closed) {
                    Slot<T> slot = idle.take();
                    if (slot != null) {
                        return slot;
                    }
                }
                Thread.yield();
            }
        }
        lock.lock();
        return null;
    }

    @SuppressWarnings("unchecked")
    private Slot<T> castSlot(Object grant) {
        return (Slot<T>) grant;
    }

    /**
     * Parks until the waiter gets something; on timeout or interrupt gives up, or takes what raced in.
     *
     * @param queued whether the waiter is in the queue (given up under the lock) or waits for a task
     *     (given up by {@link Waiter#abandon})
     */
    private Object awaitGrant(Waiter waiter, boolean queued, long start, long timeoutNanos)
            throws InterruptedException {
        int spins = YIELDS_BEFORE_PARK;
        for (; ; ) {
            Object grant = waiter.grant;
            if (grant != null) {
                return grant;
            }
            long remaining = timeoutNanos - (System.nanoTime() - start);
            boolean interrupted = Thread.interrupted();
            if (remaining <= 0 || interrupted) {
                grant = queued ? withdraw(waiter) : waiter.abandon();
                if (grant == null) {
                    if (interrupted) {
                        throw new InterruptedException("Pool '" + name + "': interrupted while waiting"
                                + creationNote(waiter.creationStartNanos));
                    }
                    throw timeout(timeoutNanos, waiter.creationStartNanos);
                }
                if (interrupted) {
                    giveUp(grant);
                    throw new InterruptedException("Pool '" + name + "': interrupted while waiting");
                }
                return grant;
            }
            long parkNanos = remaining;
            boolean selfServing = queued && bounded;
            if (selfServing) {
                // BOUNDED: a release only wakes the head, which takes the slot itself unless a running
                // caller was faster, and which marks the queue starving once it is old enough (note 2).
                waiter.awake = false; // before looking: a slot pushed from now on wakes this waiter
                if (!starving && head == waiter) {
                    dispatch();
                    if (waiter.grant != null) {
                        continue;
                    }
                    long untilOld = -overdue(waiter, System.nanoTime());
                    if (!starving && untilOld > 0) {
                        parkNanos = Math.min(remaining, untilOld);
                    }
                }
            }
            if (spins > 0) {
                spins--;
                if (selfServing) {
                    waiter.awake = true; // it looks again after the yield, so releases need not wake it
                }
                Thread.yield();
                continue;
            }
            LockSupport.parkNanos(this, parkNanos);
        }
    }

    /** Takes a queued waiter out of the queue; returns its grant if one arrived first. */
    private Object withdraw(Waiter waiter) {
        lock.lock();
        try {
            Object grant = waiter.grant;
            if (grant == null) {
                unlink(waiter);
                if (bounded) {
                    dispatchLocked(); // a BOUNDED head may leave behind a slot it was woken for
                }
            }
            return grant;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back what arrived for a caller that was interrupted. */
    private void giveUp(Object grant) {
        if (grant == Waiter.CREATE) {
            pending.decrementAndGet();
            size.decrementAndGet();
            placeFreed();
        } else if (grant instanceof Slot<?>) {
            returnIdle(castSlot(grant));
        }
    }

    private String creationNote(long creationStartNanos) {
        if (creationStartNanos == 0) {
            return "";
        }
        return "; a resource creation for this call had been running for "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - creationStartNanos) + " ms and goes on";
    }

    private PoolTimeoutException timeout(long timeoutNanos, long creationStartNanos) {
        timeouts.increment();
        Duration creationRunning =
                creationStartNanos == 0 ? null : Duration.ofNanos(System.nanoTime() - creationStartNanos);
        PoolTimeoutException e =
                new PoolTimeoutException(name, Duration.ofNanos(timeoutNanos), stats(), creationRunning);
        if (listening) {
            try {
                listener.acquireTimedOut(e);
            } catch (Throwable failure) {
                listenerFailed("acquireTimedOut", failure);
            }
        }
        return e;
    }

    @Override
    public Optional<Lease<T>> tryAcquire() {
        if (closed) {
            throw new PoolClosedException(name);
        }
        if (waiting == 0 || (bounded && !starving)) {
            Slot<T> slot = idle.pop();
            if (slot != null) {
                return Optional.of(lease(slot));
            }
        }
        return Optional.empty();
    }

    private boolean isFresh(Slot<T> slot) {
        return ticker.nanoTime() - slot.lastUsedNanos <= validationIdleThresholdNanos;
    }

    // ---------------------------------------------------------------- work for a caller

    /**
     * Validates an owned slot for a waiting caller; true if it may be leased, false if it was destroyed.
     *
     * <p>The task gets a waiter of its own for this one result, never the caller's queue waiter: a
     * validation that overran has already answered {@link Waiter#INVALID} and answers again when
     * {@code isValid} finally returns, and that late answer must not reach whatever the caller waits
     * for next (a creation, a place in the queue).
     */
    private boolean validateFor(Waiter waiter, Slot<T> slot, long start, long timeoutNanos)
            throws InterruptedException {
        pending.incrementAndGet();
        Waiter phase = new Waiter(waiter.thread, waiter.sinceNanos);
        submit(new Validation(slot, phase));
        Object result = awaitGrant(phase, false, start, timeoutNanos);
        if (result == Waiter.CLOSED) {
            throw new PoolClosedException(name);
        }
        return result == slot;
    }

    /** Creates a resource in a place reserved for a waiting caller; the task answers a waiter of its own, as in {@link #validateFor}. */
    private Slot<T> createFor(Waiter waiter, long start, long timeoutNanos) throws InterruptedException {
        Waiter phase = new Waiter(waiter.thread, waiter.sinceNanos);
        phase.creationStartNanos = System.nanoTime();
        submit(new Creation(phase));
        Object result = awaitGrant(phase, false, start, timeoutNanos);
        if (result instanceof Failure failure) {
            throw new ResourceCreationException(name, failure.message(), failure.cause());
        }
        if (result == Waiter.CLOSED) {
            throw new PoolClosedException(name);
        }
        return castSlot(result);
    }

    // ---------------------------------------------------------------- places

    /**
     * Reserves a place for a creation (counted as pending); false at {@code maxSize}, when closed, or
     * when the shared capacity has no room.
     *
     * @param callers how many callers wait for the place, for the shared capacity (0 for the refill)
     */
    private boolean reserve(int callers) {
        boolean shared = false; // room taken from the capacity, given back unless used
        for (; ; ) {
            int current = size.get();
            if (current >= maxSize || closed) {
                if (shared) {
                    capacity.untake();
                }
                return false;
            }
            if (!shared && !(shared = capacity.take(callers))) {
                return false;
            }
            if (size.compareAndSet(current, current + 1)) {
                pending.incrementAndGet();
                return true;
            }
        }
    }

    /** Gives up one place if the pool is above {@code maxSize}; the caller then retires a slot. */
    private boolean tryShrink() {
        for (; ; ) {
            int current = size.get();
            if (current <= maxSize) {
                return false;
            }
            if (size.compareAndSet(current, current - 1)) {
                return true;
            }
        }
    }

    /** After {@code size} dropped because a resource left: lets a waiter use the place, tells a closer, or refills. */
    private void placeFreed() {
        placeFreed(true);
    }

    /**
     * After {@code size} dropped.
     *
     * @param refill whether to start a refill below {@code minIdle}; false after a failed creation,
     *     whose retry the refill's own back-off times (an immediate retry would spin on a dead host)
     */
    private void placeFreed(boolean refill) {
        if (waiting > 0) {
            dispatch();
        }
        if (closed) {
            signalQuieter();
        } else if (refill && size.get() < config.minIdle()) {
            requestRefill(Duration.ZERO);
        }
        capacity.give(); // after this pool's own waiters had their turn at the place
    }

    // ---------------------------------------------------------------- shared capacity (keyed pools)

    /** The shared capacity granted this pool room for a waiting caller: serve the queue. */
    void placeGranted() {
        dispatch();
    }

    /**
     * Destroys one idle resource so that another pool sharing the capacity can use its place; never
     * one that a caller of this pool waits for.
     *
     * @return whether a resource was retired
     */
    boolean evictIdle() {
        if (closed || waiting != 0) {
            return false;
        }
        Slot<T> slot = idle.take();
        if (slot == null) {
            return false;
        }
        retire(slot, DestroyReason.SHRUNK, null, true);
        return true;
    }

    /**
     * Tells the shared capacity, under the lock (so that no caller queues meanwhile), how many callers
     * wait here.
     *
     * @return whether any caller waits
     */
    boolean checkDemand() {
        lock.lock();
        try {
            capacity.demandChecked(waiting);
            return waiting > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls the factory in a reserved, pending place; runs on the executor. Frees the place on
     * failure.
     *
     * @return the new slot (still pending), a {@link Failure}, or {@link Waiter#CLOSED} if the pool
     *     closed meanwhile (the new resource is then destroyed)
     */
    private Object create() {
        long started = ticker.nanoTime();
        T resource = null;
        Throwable thrown = null;
        try {
            resource = factory.create();
        } catch (Throwable e) { // an Error too: the place must be freed whatever the factory did
            thrown = e;
        }
        long took = ticker.nanoTime() - started;
        creationNanos.add(took);
        if (thrown != null || resource == null) {
            String message = thrown == null
                    ? "Pool '" + name + "': factory returned null"
                    : "Pool '" + name + "': resource creation failed: " + thrown;
            creationFailures.increment();
            lastCreationFailure = new PoolStats.CreationFailure(
                    Instant.now(), thrown == null ? "factory returned null" : thrown.toString());
            if (listening) {
                try {
                    listener.creationFailed(
                            new ResourceCreationException(name, message, thrown), Duration.ofNanos(took));
                } catch (Throwable e) {
                    listenerFailed("creationFailed", e);
                }
            }
            pending.decrementAndGet();
            size.decrementAndGet();
            placeFreed(false);
            return new Failure(message, thrown);
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
        created.increment();
        if (listening) {
            try {
                listener.created(resource, Duration.ofNanos(took));
            } catch (Throwable e) {
                listenerFailed("created", e);
            }
        }
        if (closed) {
            pending.decrementAndGet();
            retire(slot, DestroyReason.CLOSED, null, true);
            return Waiter.CLOSED;
        }
        return slot;
    }

    // ---------------------------------------------------------------- tasks

    /** A creation for a waiting caller; hands the result over, or to the next caller if it gave up. */
    private final class Creation extends PoolTask {
        private final Waiter waiter;

        Creation(Waiter waiter) {
            this.waiter = waiter;
        }

        @Override
        void body() {
            Object outcome = create();
            if (outcome instanceof Slot<?>) {
                Slot<T> slot = castSlot(outcome);
                if (!waiter.offer(slot)) {
                    returnIdle(slot);
                }
                pending.decrementAndGet(); // after publishing, as in the refill

            } else {
                waiter.offer(closed ? Waiter.CLOSED : outcome);
            }
        }

        @Override
        void poolClosed() {
            interrupt();
            waiter.offer(Waiter.CLOSED);
        }

        @Override
        void rejected(RejectedExecutionException e) {
            pending.decrementAndGet();
            size.decrementAndGet();
            placeFreed(false);
            creationFailures.increment();
            waiter.offer(new Failure("Pool '" + name + "': the executor rejected the creation: " + e, e));
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Pool '" + name + "': creation task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    /**
     * A validation, for a waiting caller or by background housekeeping. It may not run longer than
     * {@code validationTimeout}: a watchdog on the scheduler interrupts it then, and counts it as failed.
     */
    private final class Validation extends PoolTask {
        private final Slot<T> slot;
        private final Waiter waiter; // null for background validation
        private volatile boolean overran;

        Validation(Slot<T> slot, Waiter waiter) {
            this.slot = slot;
            this.waiter = waiter;
        }

        @Override
        void poolClosed() {
            interrupt();
            if (waiter != null) {
                waiter.offer(Waiter.CLOSED);
            }
        }

        @Override
        void body() {
            Scheduler.Cancellable watchdog = watch();
            boolean valid;
            Throwable cause = null;
            try {
                valid = factory.isValid(slot.resource, validationTimeout);
            } catch (Throwable e) { // an Error too: the slot must be settled whatever isValid did
                valid = false;
                cause = e;
            } finally {
                if (watchdog != null) {
                    watchdog.cancel();
                }
            }
            if (overran) {
                valid = false;
                if (cause == null) {
                    cause = new TimeoutException("validation ran longer than " + validationTimeout.toMillis() + " ms");
                }
            }
            settle(valid, cause);
        }

        private Scheduler.Cancellable watch() {
            try {
                return scheduler.schedule(this::overrun, validationTimeout);
            } catch (RuntimeException e) {
                return null; // a scheduler shut down by its owner: the check runs unbounded, as before
            }
        }

        private void overrun() {
            overran = true;
            interrupt();
            if (waiter != null) {
                waiter.offer(Waiter.INVALID); // the caller moves on; the slot is retired when isValid returns
            }
        }

        private void settle(boolean valid, Throwable cause) {
            slot.lastValidatedNanos = ticker.nanoTime();
            pending.decrementAndGet();
            // After an overrun the caller was told already and has moved on to its next phase (a
            // creation, say): a second offer would land there, as an INVALID where a slot belongs.
            Waiter waiter = overran ? null : this.waiter;
            if (closed) {
                retire(slot, DestroyReason.CLOSED, null, true);
                if (waiter != null) {
                    waiter.offer(Waiter.CLOSED);
                }
            } else if (!valid) {
                validationFailures.increment();
                Throwable why = cause;
                LOG.log(
                        Level.DEBUG,
                        () -> "Pool '" + name + "': destroying a resource after failed validation"
                                + (why == null ? "" : ": " + why));
                retire(slot, DestroyReason.VALIDATION_FAILED, cause, true);
                if (waiter != null) {
                    waiter.offer(Waiter.INVALID);
                }
            } else if (waiter == null || !waiter.offer(slot)) {
                returnIdle(slot);
            }
        }

        @Override
        void rejected(RejectedExecutionException e) {
            settle(false, e);
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Pool '" + name + "': validation task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    /** Calls {@code destroy}; never interrupted, and run on the caller's thread if the executor refuses it. */
    private final class Destruction extends PoolTask {
        private final T resource;
        private final DestroyReason reason;
        private final Throwable cause;

        Destruction(T resource, DestroyReason reason, Throwable cause) {
            this.resource = resource;
            this.reason = reason;
            this.cause = cause;
        }

        @Override
        void body() {
            try {
                factory.destroy(resource, reason);
            } catch (Throwable e) { // an Error too: style §6, callbacks never corrupt the pool
                destroyFailures.increment();
                LOG.log(Level.WARNING, () -> "Pool '" + name + "': destroying a resource (" + reason + ") failed", e);
            }
            if (listening) {
                try {
                    listener.destroyed(resource, reason, cause);
                } catch (Throwable e) {
                    listenerFailed("destroyed", e);
                }
            }
        }

        @Override
        void rejected(RejectedExecutionException e) {
            LOG.log(Level.WARNING, () -> "Pool '" + name + "': executor rejected a destroy; running it here", e);
            run();
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Pool '" + name + "': destroy task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    /** Creates idle resources until {@code minIdle} are idle; backs off with jitter on failure. */
    private final class Refill extends PoolTask {
        @Override
        void poolClosed() {
            interrupt();
        }

        /**
         * Runs while {@code refillScheduled} is set, so that at most one refill decides at a time: two
         * would both see the same shortfall and create one resource too many each. A request that
         * arrives meanwhile is refused, so the check is made again once the flag is clear.
         */
        @Override
        void body() {
            // Pending places count: slots a sweep holds, validations, creations under way.
            while (!closed && belowMinIdle() && reserve(0)) {
                Object outcome = create();
                if (outcome instanceof Failure failure) {
                    retryLater(failure.cause());
                    return;
                }
                refillFailures = 0;
                if (outcome == Waiter.CLOSED) {
                    return;
                }
                // Publish first, then stop counting it as pending: the other order opens a moment in
                // which the slot is counted nowhere, and a concurrent refill would create one too many.
                returnIdle(castSlot(outcome));
                pending.decrementAndGet();
            }
            refillScheduled.set(false);
            if (!closed && belowMinIdle()) {
                requestRefill(Duration.ZERO); // below again (a resource left while this one ran)
            }
        }

        /**
         * Whether idle and pending places fall short of {@code minIdle}, read as a seqlock against a
         * sweep: while one holds slots the answer is no, because housekeeping requests a refill itself
         * once the sweep has put its slots back.
         */
        private boolean belowMinIdle() {
            for (; ; ) {
                int seq = sweepSeq;
                int places = idle.count() + pending.get();
                if ((seq & 1) != 0) {
                    return false;
                }
                if (seq == sweepSeq) {
                    return places < config.minIdle();
                }
            }
        }

        /** Schedules the next attempt while still holding {@code refillScheduled}. */
        private void retryLater(Throwable cause) {
            int failures = ++refillFailures;
            Duration delay = backoff(failures);
            // One line at WARNING when a streak of failures starts (an outage must not fill the log
            // with stack traces); every attempt, with its stack trace, at DEBUG.
            if (failures == 1) {
                LOG.log(
                        Level.WARNING,
                        () -> "Pool '" + name + "': could not create a resource (" + cause
                                + "), retrying in " + delay.toMillis()
                                + " ms; further failures are logged at DEBUG until one succeeds");
            }
            LOG.log(
                    Level.DEBUG,
                    () -> "Pool '" + name + "': could not create a resource (attempt " + failures + "), retrying in "
                            + delay.toMillis() + " ms",
                    cause);
            scheduleRefill(delay);
        }

        @Override
        void rejected(RejectedExecutionException e) {
            retryLater(e);
        }

        @Override
        void failed(Throwable failure) {
            refillScheduled.set(false);
            LOG.log(Level.ERROR, () -> "Pool '" + name + "': refill task failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

    /** One housekeeping run, registered while it runs so that close waits for it. */
    private final class Housekeeping extends PoolTask {
        @Override
        void body() {
            housekeep();
        }

        @Override
        void rejected(RejectedExecutionException e) {
            // never submitted to the executor
        }

        @Override
        void failed(Throwable failure) {
            LOG.log(Level.ERROR, () -> "Pool '" + name + "': housekeeping failed", failure);
        }

        @Override
        void ended() {
            taskEnded(this);
        }
    }

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
            signalQuieter();
        }
    }

    private void listenerFailed(String event, Throwable e) {
        listenerFailures.increment();
        LOG.log(Level.WARNING, () -> "Pool '" + name + "': listener threw in " + event, e);
    }

    // ---------------------------------------------------------------- release

    /** Ends the lease {@code leaseGen} of a slot and returns the slot, or counts a double release. */
    void release(Slot<T> slot, long leaseGen) {
        if (Slot.isHinted(leaseGen) && releaseInPlace(slot, leaseGen)) {
            return;
        }
        if (endLease(slot, leaseGen)) {
            giveBack(slot);
        } else {
            countDoubleRelease();
        }
    }

    /**
     * Ends the lease {@code leaseGen}; if the slot was leased from a hint cell, takes it off the cell.
     *
     * @return false if the lease had already ended (a double release, or revoked by close)
     */
    boolean endLease(Slot<T> slot, long leaseGen) {
        if (!slot.endLease(leaseGen)) {
            return false;
        }
        if (Slot.isHinted(leaseGen)) {
            idle.unhint(slot);
        }
        return true;
    }

    /**
     * The release of a slot leased from its hint cell on the releasing thread's home stripe, when it
     * would go idle ({@link #giveBack} would find nothing to retire and {@link #returnIdle} would
     * publish it): one compare-and-set ends the lease and leaves the slot idle in the cell, then the
     * same re-checks as after a push. The checks before it only pick this path; a close, a shrink or
     * a waiter that slips in after them is caught by the re-checks, as for a push.
     *
     * @return false if the caller must release the usual way (nothing changed)
     */
    private boolean releaseInPlace(Slot<T> slot, long leaseGen) {
        long now = coarseNanos;
        if (exactReleaseTime
                || !(waiting == 0 || (bounded && !starving))
                || closed
                || slot.expired(now)
                || size.get() > maxSize
                || slot.gen() != leaseGen // a double release: counted the usual way
                || !idle.atHome(slot)) {
            return false;
        }
        slot.lastUsedNanos = now;
        if (leakThresholdNanos > 0) {
            endLeakWatch(slot);
        }
        if (!slot.endHintedLease(leaseGen)) {
            countDoubleRelease(); // lost to a second release of the same lease, or to a revocation
            return true;
        }
        published(slot);
        return true;
    }

    /** Returns a slot whose lease just ended. */
    void giveBack(Slot<T> slot) {
        long now = exactReleaseTime ? ticker.nanoTime() : coarseNanos;
        slot.lastUsedNanos = now;
        if (leakThresholdNanos > 0) {
            endLeakWatch(slot);
        }
        if (closed) {
            retire(slot, DestroyReason.CLOSED, null, true);
        } else if (slot.expired(now)) {
            retire(slot, DestroyReason.MAX_LIFETIME, null, true);
        } else if (size.get() > maxSize && tryShrink()) {
            // Surplus since a shrink: retired unseen. One that races the shrink is caught after it is
            // published (see returnIdle), so for a moment another caller may lease it.
            retire(slot, DestroyReason.SHRUNK, null, false);
        } else {
            returnIdle(slot);
        }
    }

    /** Destroys the slot of an invalidated lease. */
    void invalidated(Slot<T> slot, Throwable cause) {
        if (leakThresholdNanos > 0) {
            endLeakWatch(slot);
        }
        retire(slot, DestroyReason.INVALIDATED, cause, true);
    }

    private void endLeakWatch(Slot<T> slot) {
        slot.leaseSite = null;
        if (slot.leakReported) {
            LOG.log(Level.INFO, "Pool ''{0}'': a lease reported as leaked was returned", name);
        }
    }

    /**
     * Makes an owned slot available: to the head waiter if there is one, else to the idle store, and
     * retires it instead if the pool is above {@code maxSize} (see notes 3 and 4).
     */
    private void returnIdle(Slot<T> slot) {
        if (waiting == 0 || (bounded && !starving)) {
            idle.push(slot);
            published(slot);
            return;
        }
        boolean surplus = false;
        lockYielding(false);
        try {
            Waiter waiter = head;
            if (!closed && size.get() > maxSize && tryShrink()) {
                surplus = true;
            } else if (waiter != null && !closed) {
                unlink(waiter);
                waiter.offer(slot);
            } else {
                idle.push(slot);
            }
            if (bounded) {
                dispatchLocked(); // the rest of the queue, from slots pushed before a wake-up went to this head
            }
        } finally {
            lock.unlock();
        }
        if (surplus) {
            retire(slot, DestroyReason.SHRUNK, null, false);
        }
        if (closed) {
            destroyIdle();
        }
        capacity.idled();
    }

    /** After a slot went idle in the store: re-checks, as a waiter, a shrink or a close may have slipped in. */
    private void published(Slot<T> slot) {
        if (waiting != 0 && (!bounded || starving || !wakeHead(slot))) {
            dispatch();
        }
        if (size.get() > maxSize) {
            trimSurplus();
        }
        if (closed) {
            destroyIdle();
        }
        capacity.idled();
    }

    /** Retires idle slots while the pool is above {@code maxSize}; one at a time, under the lock. */
    private void trimSurplus() {
        for (; ; ) {
            Slot<T> victim = null;
            lock.lock();
            try {
                if (size.get() > maxSize) {
                    Slot<T> slot = idle.take();
                    if (slot != null) {
                        if (tryShrink()) {
                            victim = slot;
                        } else {
                            idle.push(slot);
                            dispatchLocked();
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            if (victim == null) {
                return;
            }
            retire(victim, DestroyReason.SHRUNK, null, false);
        }
    }

    void countDoubleRelease() {
        doubleReleases.increment();
    }

    /**
     * Takes an owned slot out of the pool and has its resource destroyed on the executor; a second
     * call for the same slot does nothing.
     *
     * @param releasePlace whether to lower {@code size}; false when {@link #tryShrink()} already did
     */
    private void retire(Slot<T> slot, DestroyReason reason, Throwable cause, boolean releasePlace) {
        if (!slot.kill()) {
            return;
        }
        table.unregister(slot);
        destroyed.increment();
        if (releasePlace) {
            size.decrementAndGet();
        }
        LOG.log(Level.DEBUG, "Pool ''{0}'': destroying a resource ({1})", name, reason);
        submit(new Destruction(slot.resource, reason, cause));
        placeFreed();
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
        if (waiter == roundLast) {
            roundLast = waiter.prev;
        }
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

    private void dispatch() {
        lockYielding(false);
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
                waiter.offer(Waiter.CLOSED);
                continue;
            }
            Slot<T> slot = idle.take();
            if (slot != null) {
                unlink(waiter);
                waiter.offer(slot);
            } else if (reserve(waiting)) {
                unlink(waiter);
                waiter.offer(Waiter.CREATE);
            } else {
                break;
            }
        }
        if (bounded) {
            updateStarvingLocked();
        }
    }

    /**
     * BOUNDED, lock held: the queue starts to starve once its head is {@link #overdue}; then releases
     * hand off and arrivals queue, until every waiter that was queued at that moment has been served
     * or gave up (note 2).
     */
    private void updateStarvingLocked() {
        if (starving) {
            if (roundLast != null) {
                return;
            }
            roundEndNanos = System.nanoTime();
        }
        // A threshold shorter than the time between two clock reads starts the next round at once.
        boolean starve = head != null && overdue(head, System.nanoTime()) >= 0;
        if (starve) {
            roundLast = tail;
        }
        if (starve != starving) {
            starving = starve;
        }
    }

    /**
     * BOUNDED: by how much {@code waiter} has waited longer than {@code fairnessThreshold}, counted
     * from when it queued or from when the queue last stopped starving, whichever is later; negative
     * while it has not. A waiter queued behind a starving round has not been overtaken while the round
     * ran, it only waited its turn, so the bound restarts there; otherwise a round that outlasts the
     * threshold (hand-offs to threads that wait for a core) would leave an overdue head and start the
     * next at once, and the pool would stay STRICT for good.
     */
    private long overdue(Waiter waiter, long now) {
        return now - Math.max(waiter.sinceNanos, roundEndNanos) - fairnessThresholdNanos;
    }

    /**
     * BOUNDED, not starving: a slot went idle while callers wait. Wakes the head, which takes the slot
     * unless a running caller does first, or leaves the slot to the dispatcher if the head is {@link
     * #overdue}: a release notices an old head even when the head cannot run to notice it itself
     * (more runnable threads than cores). A head that is awake looks at its age itself each time it
     * looks at the store, so then only one release in {@code CLOCK_SAMPLE_MASK + 1} reads the clock,
     * picked by the released slot's lease count: with callers always waiting (more threads than
     * resources) every release comes here, and a clock read is as dear as the rest of the release.
     *
     * @return false if the caller must dispatch
     */
    private boolean wakeHead(Slot<T> slot) {
        Waiter first = head;
        if (first == null) {
            return true;
        }
        boolean asleep = !first.awake;
        if (!asleep && (Slot.leases(slot.gen()) & CLOCK_SAMPLE_MASK) != 0) {
            return true;
        }
        if (overdue(first, System.nanoTime()) >= 0) {
            return false;
        }
        if (asleep) {
            first.awake = true; // one unpark per sleep, however many releases come meanwhile
            LockSupport.unpark(first.thread);
        }
        return true;
    }

    // ---------------------------------------------------------------- background work

    private void requestRefill(Duration delay) {
        if (closed || config.minIdle() == 0) {
            return;
        }
        if (refillScheduled.compareAndSet(false, true)) {
            scheduleRefill(delay);
        }
    }

    /** Schedules a refill; the caller holds {@code refillScheduled}, which the refill clears when done. */
    private void scheduleRefill(Duration delay) {
        try {
            scheduler.schedule(this::startRefill, delay);
        } catch (RuntimeException e) {
            refillScheduled.set(false);
            if (!closed) {
                LOG.log(Level.WARNING, () -> "Pool '" + name + "': could not schedule refill", e);
            }
        }
    }

    private void startRefill() {
        if (closed) {
            refillScheduled.set(false);
            return;
        }
        submit(new Refill());
    }

    /**
     * The delay after the n-th consecutive failure: uniform between the initial delay and
     * {@code min(max, initial * 2^n)}.
     */
    private Duration backoff(int failures) {
        PoolConfig current = config;
        long initial = current.creationRetryInitialDelay().toNanos();
        long max = current.creationRetryMaxDelay().toNanos();
        long ceiling = initial;
        for (int i = 0; i < failures && ceiling < max; i++) {
            ceiling = ceiling > max / 2 ? max : ceiling * 2;
        }
        long jitter = ceiling > initial ? ThreadLocalRandom.current().nextLong(ceiling - initial + 1) : 0;
        return Duration.ofNanos(initial + jitter);
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
            housekeeping = scheduler.schedule(this::startHousekeeping, Duration.ofNanos(housekeepingPeriodNanos));
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, () -> "Pool '" + name + "': could not schedule housekeeping", e);
            }
        }
    }

    private void startHousekeeping() {
        Housekeeping run = new Housekeeping();
        tasks.add(run);
        run.run();
    }

    /**
     * Reports leaks, retires idle resources that expired or idled too long, shrinks to {@code maxSize},
     * starts validations that are due, and refills to {@code minIdle}. Runs on the scheduler and
     * never blocks: validations and destructions go to the executor.
     */
    private void housekeep() {
        if (closed) {
            return;
        }
        try {
            long now = ticker.nanoTime();
            coarseNanos = now;
            idle.maintain();
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
            long heldFor = now - slot.leasedAtNanos;
            if (Slot.isLeaseGen(slot.gen()) && !slot.leakReported && site != null && heldFor > leakThresholdNanos) {
                slot.leakReported = true;
                leaks.increment();
                LOG.log(
                        Level.WARNING,
                        "Pool '" + name + "': a lease has been held for more than "
                                + Duration.ofNanos(leakThresholdNanos).toMillis()
                                + " ms, possible leak; acquired at:",
                        site);
                if (listening) {
                    try {
                        listener.leakSuspected(slot.resource, Duration.ofNanos(heldFor), site);
                    } catch (Throwable e) {
                        listenerFailed("leakSuspected", e);
                    }
                }
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
        sweepSeq++; // odd: the drained slots are about to be counted in neither idle nor pending
        idle.drainTo(slots);
        pending.addAndGet(slots.size());
        sweepSeq++;
        Set<Slot<T>> reserve = freshest(slots, current.minIdle(), now);
        List<Slot<T>> keep = new ArrayList<>(slots.size());
        List<Slot<T>> check = new ArrayList<>();
        for (Slot<T> slot : slots) {
            if (slot.expired(now)) {
                pending.decrementAndGet();
                retire(slot, DestroyReason.MAX_LIFETIME, null, true);
            } else if (size.get() > maxSize && tryShrink()) {
                pending.decrementAndGet();
                retire(slot, DestroyReason.SHRUNK, null, false);
            } else if (idleTimeout > 0 && now - slot.lastUsedNanos >= idleTimeout + slack && !reserve.contains(slot)) {
                pending.decrementAndGet();
                retire(slot, DestroyReason.IDLE_TIMEOUT, null, true);
            } else if (validationInterval > 0 && now - slot.lastValidatedNanos >= validationInterval) {
                check.add(slot); // stays pending until its validation settles it
            } else {
                keep.add(slot);
            }
        }
        idle.restore(keep);
        pending.addAndGet(-keep.size());
        if (waiting != 0) {
            dispatch();
        }
        if (!keep.isEmpty()) {
            capacity.idled();
        }
        if (closed) {
            destroyIdle();
        }
        for (Slot<T> slot : check) {
            submit(new Validation(slot, null));
        }
    }

    /**
     * The {@code minIdle} most recently used of the live slots: the reserve that idle eviction
     * spares. The stalest are the ones a server's own idle timeout has most likely closed already.
     */
    private Set<Slot<T>> freshest(List<Slot<T>> slots, int count, long now) {
        if (count == 0 || slots.isEmpty()) {
            return Set.of();
        }
        List<Slot<T>> live = new ArrayList<>(slots.size());
        for (Slot<T> slot : slots) {
            if (!slot.expired(now)) {
                live.add(slot);
            }
        }
        live.sort(Comparator.comparingLong((Slot<T> slot) -> now - slot.lastUsedNanos));
        Set<Slot<T>> reserve = Collections.newSetFromMap(new IdentityHashMap<>());
        reserve.addAll(live.subList(0, Math.min(count, live.size())));
        return reserve;
    }

    // ---------------------------------------------------------------- runtime changes

    @Override
    public void resize(int newMaxSize) {
        List<Slot<T>> surplus = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            config = config.toBuilder().maxSize(newMaxSize).build();
            maxSize = newMaxSize;
            // Trim under the lock, so that no release can slip between the new limit and the trim.
            Slot<T> slot;
            while (size.get() > newMaxSize && (slot = idle.take()) != null) {
                if (tryShrink()) {
                    surplus.add(slot);
                } else {
                    idle.push(slot);
                    break;
                }
            }
            dispatchLocked();
        } finally {
            lock.unlock();
        }
        for (Slot<T> slot : surplus) {
            retire(slot, DestroyReason.SHRUNK, null, false);
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

    /** Lock-free, and independent of the pool's size: a few volatile reads and one allocation. */
    @Override
    public PoolStats stats() {
        PoolConfig current = config;
        int sizeNow = size.get();
        int idleNow = idle.count();
        int leasedNow = Math.max(0, sizeNow - idleNow - pending.get());
        long acquired = acquiredReported.accumulateAndGet(idle.popped() + acquiredSlow.sum(), Math::max);
        return new PoolStats(
                current.maxSize(),
                current.minIdle(),
                sizeNow,
                idleNow,
                leasedNow,
                waiting,
                created.sum(),
                destroyed.sum(),
                acquired,
                timeouts.sum(),
                creationFailures.sum(),
                validationFailures.sum(),
                destroyFailures.sum(),
                leaks.sum(),
                doubleReleases.sum(),
                listenerFailures.sum(),
                Duration.ofNanos(waitNanos.sum()),
                Duration.ofNanos(creationNanos.sum()),
                Optional.ofNullable(lastCreationFailure));
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
        closeNow();
        try {
            awaitQuiet(false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean close(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        closeNow();
        boolean clean;
        try {
            clean = awaitQuiet(true, deadline);
        } catch (InterruptedException e) {
            // The wait ends, nothing else: leases still out are destroyed when they come back.
            Thread.currentThread().interrupt();
            return false;
        }
        if (!clean) {
            revokeLeases(timeout);
        }
        return clean;
    }

    /** The first call closes: wakes waiters, stops housekeeping, destroys idle slots, interrupts creations. */
    private void closeNow() {
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
        if (sharedHandle != null) {
            SharedScheduler.release(sharedHandle);
        }
        destroyIdle();
        tasks.poolClosed();
        LOG.log(Level.DEBUG, "Pool ''{0}'': closed", name);
    }

    /**
     * Waits until no task of the pool runs (but one on this thread, if close was called from a task)
     * and, if {@code leasesToo}, until every place is free.
     *
     * @param deadline the {@link System#nanoTime()} to give up at; ignored if {@code leasesToo} is false
     * @return true if the pool got quiet, false if the deadline passed first
     */
    private boolean awaitQuiet(boolean leasesToo, long deadline) throws InterruptedException {
        lock.lock();
        try {
            for (; ; ) {
                if (!tasks.busyOtherThan(Thread.currentThread()) && (!leasesToo || size.get() == 0)) {
                    return true;
                }
                if (!leasesToo) {
                    quieter.await();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    quieter.awaitNanos(remaining);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** After close's timeout: ends the leases still out and destroys their resources. */
    private void revokeLeases(Duration timeout) {
        table.forEach(slot -> {
            long gen = slot.gen();
            if (Slot.isLeaseGen(gen) && endLease(slot, gen)) {
                LOG.log(
                        Level.WARNING,
                        "Pool ''{0}'': destroying a resource still leased {1} ms after close",
                        name,
                        timeout.toMillis());
                retire(slot, DestroyReason.CLOSED, null, true);
            }
        });
    }

    private void destroyIdle() {
        Slot<T> slot;
        while ((slot = idle.take()) != null) {
            retire(slot, DestroyReason.CLOSED, null, true);
        }
    }

    private void signalQuieter() {
        lock.lock();
        try {
            quieter.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
