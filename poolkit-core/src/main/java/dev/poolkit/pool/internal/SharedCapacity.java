package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.ResourceFactory;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * One limit on the places of several {@link FairPool}s: a keyed pool's {@code maxTotal}. Each pool it
 * creates ({@link #newPool}) asks it for room through its {@link Capacity} before adding a place, so
 * the pools' sizes never add up to more than the limit. Not API. Thread-safe.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Room.</b> {@code used} counts the room taken: a pool takes it (compare-and-set below the
 *       limit) before its own size grows and gives it back after its size dropped, so the sum of the
 *       sizes is never above {@code used}, which is never above the limit. Taking room is lock-free
 *       while nobody waits for it; a pool's acquire/release of an idle resource never comes here.
 *   <li><b>Requests.</b> A caller that its pool cannot serve because the limit is reached is
 *       remembered as a request of its pool, in a FIFO queue across pools ({@code requests}); a pool
 *       holds at most as many requests as it has waiting callers. While requests wait, nobody takes
 *       room without being granted it, so callers of different keys get room in the order their
 *       pools asked for it: freed room goes to the oldest request's pool ({@link #grant}), which
 *       serves its longest waiting caller; room that pool cannot use (its caller gave up or was
 *       served by a release) goes on to the next request.
 *   <li><b>Reclaiming.</b> Room held by idle resources is freed by retiring one ({@link
 *       FairPool#evictIdle()}) while a request waits: when the first request arrives, a scan on the
 *       scheduler ({@link #reclaim}) looks through the pools that hold places, round robin; after
 *       that, every pool that publishes an idle resource checks {@code requests} (a volatile read)
 *       and retires it at once. The first request's volatile write and the release's volatile read
 *       pair up: an idle resource is either seen by the scan or its release sees the request.
 *   <li><b>Stale requests.</b> A request of a pool whose callers are gone is dropped before room is
 *       reclaimed for it: the pool reports its waiting callers under its own lock ({@link
 *       FairPool#checkDemand()}), so no caller can queue between the check and the drop.
 *   <li><b>Locks.</b> A pool takes its lock, then this one's; this class never holds its lock while it
 *       calls into a pool, and the pool never calls back into it from {@link Capacity#take}.
 * </ol>
 */
public final class SharedCapacity {

    private static final System.Logger LOG = System.getLogger(SharedCapacity.class.getName());

    private final String name;
    private final int max;
    private final Scheduler scheduler;

    private final AtomicInteger used = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /** One entry per request; a pool may appear several times. Guarded by {@code lock}. */
    private final ArrayDeque<Share> queue = new ArrayDeque<>();
    /** {@code queue.size()}, written under {@code lock}, read lock-free on every release. */
    private volatile int requests;

    /** The shares whose pool holds places (and a few that just stopped); what a scan looks at. */
    private final Set<Share> holding = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean reclaimScheduled = new AtomicBoolean();
    private volatile boolean scanWanted;
    private final ReentrantLock scanLock = new ReentrantLock();
    /** Where the last scan stopped, so that retiring idle resources goes round the pools. Guarded by {@code scanLock}. */
    private Iterator<Share> cursor;

    /**
     * Creates a limit.
     *
     * @param name the keyed pool's name, for log lines
     * @param max the most places all pools may hold together, >= 1
     * @param scheduler where reclaim scans run; they never block
     */
    public SharedCapacity(String name, int max, Scheduler scheduler) {
        this.name = requireNonNull(name, "name");
        Checks.argument(max >= 1, "maxTotal must be >= 1, but was %d", max);
        this.max = max;
        this.scheduler = requireNonNull(scheduler, "scheduler");
    }

    /**
     * Creates and starts a pool whose places count against this limit.
     *
     * @param factory the pool's factory
     * @param config the pool's configuration
     * @param ticker the pool's time source
     * @param scheduler the pool's scheduler (not closed by the pool)
     * @param executor the pool's executor (not shut down by the pool)
     * @param listener the pool's listener
     * @param <T> the type of resource
     * @return the pool
     */
    public <T> FairPool<T> newPool(
            ResourceFactory<T> factory,
            PoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener) {
        return newPool(factory, config, ticker, scheduler, executor, listener, StripedIdleStack.BY_THREAD_ID);
    }

    /** As above, with the hash that places threads on LIFO stripes (a model checker needs its own). */
    <T> FairPool<T> newPool(
            ResourceFactory<T> factory,
            PoolConfig config,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            PoolListener<? super T> listener,
            ToIntFunction<Thread> stripeSpread) {
        return new FairPool<>(factory, config, ticker, scheduler, executor, listener, stripeSpread, new Share());
    }

    /**
     * Returns the room taken now: an upper bound of the pools' sizes added up, exact when they are
     * quiet.
     *
     * @return the places held or being added, between 0 and {@link #max()}
     */
    public int used() {
        return used.get();
    }

    /**
     * Returns the limit.
     *
     * @return the most places all pools may hold together
     */
    public int max() {
        return max;
    }

    /**
     * Returns how many requests for room wait: about the callers of all pools that wait because the
     * limit is reached (a request of a caller that gave up counts until it is found stale).
     *
     * @return the number of waiting requests
     */
    public int requests() {
        return requests;
    }

    // ---------------------------------------------------------------- room

    private boolean tryUse() {
        for (int u; (u = used.get()) < max; ) {
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Called under the pool's lock (or by its refill, under none); never calls into a pool. */
    private boolean take(Share share, int callers) {
        if (requests == 0 && tryUse()) {
            placeTaken(share);
            return true;
        }
        boolean first = false;
        boolean roomFreed;
        lock.lock();
        try {
            if (share.granted > 0) {
                share.granted--; // room that grant() took for this pool
                placeTaken(share);
                return true;
            }
            if (queue.isEmpty() && tryUse()) {
                placeTaken(share);
                return true;
            }
            if (callers > share.requests) {
                first = queue.isEmpty();
                queue.addLast(share);
                share.requests++;
                requests = queue.size();
            }
            // Room freed since the giver looked at 'requests' is handed on by the reclaim task.
            roomFreed = !queue.isEmpty() && used.get() < max;
        } finally {
            lock.unlock();
        }
        if (first || roomFreed) {
            scheduleReclaim(first);
        }
        return false;
    }

    private void placeTaken(Share share) {
        if (share.places.getAndIncrement() == 0) {
            holding.add(share);
        }
    }

    private void placeReturned(Share share) {
        if (share.places.decrementAndGet() == 0) {
            dropIfEmpty(share);
        }
    }

    /** Takes a share that holds nothing out of {@code holding}, unless it took a place meanwhile. */
    private void dropIfEmpty(Share share) {
        holding.remove(share);
        if (share.places.get() > 0) { // taken again meanwhile, and maybe added before the remove
            holding.add(share);
        }
    }

    /**
     * Hands free room to the oldest requests, one at a time: the request's pool serves its queue with
     * it, and room it cannot use goes on to the next request. Called under no lock.
     */
    private void grant() {
        for (; ; ) {
            Share share;
            lock.lock();
            try {
                if (queue.isEmpty() || !tryUse()) {
                    return;
                }
                share = queue.pollFirst();
                share.requests--;
                requests = queue.size();
                share.granted++;
            } finally {
                lock.unlock();
            }
            share.pool.placeGranted();
            lock.lock();
            try {
                if (share.granted == 0) {
                    continue; // a caller of the pool took it
                }
                share.granted--;
            } finally {
                lock.unlock();
            }
            used.decrementAndGet();
        }
    }

    /**
     * Whether a request waits for callers that are still there; drops the stale ones at the head.
     * Called under no lock.
     */
    private boolean realDemand() {
        for (; ; ) {
            Share head;
            lock.lock();
            try {
                head = queue.peekFirst();
            } finally {
                lock.unlock();
            }
            if (head == null) {
                return false;
            }
            if (head.pool.checkDemand()) {
                return true;
            }
        }
    }

    /** Forgets the requests of {@code share} beyond its {@code callers}, the newest first. */
    private void trim(Share share, int callers) {
        lock.lock();
        try {
            if (share.requests <= callers) {
                return;
            }
            for (Iterator<Share> it = queue.descendingIterator(); share.requests > callers && it.hasNext(); ) {
                if (it.next() == share) {
                    it.remove();
                    share.requests--;
                }
            }
            requests = queue.size();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reclaiming idle room

    private void scheduleReclaim(boolean scan) {
        if (scan) {
            scanWanted = true;
        }
        if (reclaimScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::reclaim, Duration.ZERO);
            } catch (RuntimeException e) { // a scheduler closed with the keyed pool
                reclaimScheduled.set(false);
                LOG.log(Level.DEBUG, () -> "Keyed pool '" + name + "': could not schedule a reclaim", e);
            }
        }
    }

    /** Runs on the scheduler: hands on free room, then looks for idle room if a request just started waiting. */
    private void reclaim() {
        reclaimScheduled.set(false);
        grant();
        if (scanWanted) {
            scanWanted = false;
            scanLock.lock();
            try {
                scan();
            } finally {
                scanLock.unlock();
            }
        }
    }

    /** One round over the pools that hold places, from where the last one stopped, retiring idle resources while real requests wait. */
    private void scan() {
        int rounds = holding.size();
        for (int i = 0; i <= rounds && realDemand(); i++) {
            if (cursor == null || !cursor.hasNext()) {
                cursor = holding.iterator();
                if (!cursor.hasNext()) {
                    return;
                }
            }
            Share share = cursor.next();
            if (share.places.get() == 0) {
                dropIfEmpty(share);
            } else {
                evictWhileDemand(share);
            }
        }
    }

    private void evictWhileDemand(Share share) {
        while (realDemand() && share.pool.evictIdle()) {
            // each retired resource gives its room back, and grant() hands it to the oldest request
        }
    }

    /** The capacity of one pool: its share of the limit and its requests. */
    private final class Share implements Capacity {
        /** Set once by {@link #attach}, before the pool can reach this share from another thread. */
        private FairPool<?> pool;
        /** Places this pool holds; only 0 and back matters, to keep {@link #holding} small. */
        private final AtomicInteger places = new AtomicInteger();
        /** Room taken for this pool by {@link #grant()} and not yet used. Guarded by {@code lock}. */
        private int granted;
        /** This pool's entries in {@code queue}. Guarded by {@code lock}. */
        private int requests;

        @Override
        public void attach(FairPool<?> pool) {
            this.pool = pool;
        }

        @Override
        public boolean take(int callers) {
            return SharedCapacity.this.take(this, callers);
        }

        @Override
        public void untake() {
            // Under the pool's lock: never call back into a pool from here.
            placeReturned(this);
            used.decrementAndGet();
            if (SharedCapacity.this.requests > 0) {
                scheduleReclaim(false);
            }
        }

        @Override
        public void give() {
            placeReturned(this);
            used.decrementAndGet();
            if (SharedCapacity.this.requests > 0) {
                grant();
            }
        }

        @Override
        public void idled() {
            if (SharedCapacity.this.requests > 0) {
                evictWhileDemand(this);
            }
        }

        @Override
        public void demandChecked(int callers) {
            trim(this, callers);
        }
    }
}
