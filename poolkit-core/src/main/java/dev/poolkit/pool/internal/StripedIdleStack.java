package dev.poolkit.pool.internal;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * LIFO idle store split into a few {@link LifoIdleStack stripes} so that threads on different cores
 * do not fight over one stack head. A thread pushes to, and first pops from, its home stripe, so a
 * thread that releases and re-acquires gets its own resource back without touching any cache line
 * another core uses; only when its stripe is empty does it look at the others. One thread alone
 * therefore sees exact LIFO order; across threads the order is LIFO per stripe.
 *
 * <p>The home stripe is a hash of the thread id ({@link #BY_THREAD_ID}) plus an offset from a small
 * table indexed by the low bits of that hash. When a compare-and-set on the home stripe fails,
 * another thread shares it, and the offset moves on (as {@link java.util.concurrent.atomic.LongAdder}
 * rehashes a contended cell). The table is lossy and fixed in size: threads whose hashes share low
 * bits share an offset, which costs at worst a collision, and millions of virtual threads cost no
 * memory. The hash is a constructor argument only so that a model checker, which replays a run with
 * new threads (and so new thread ids), can place threads on stripes the same way every time.
 *
 * <p><b>No missed slot.</b> A single pass over the stripes can miss a slot that moves from a stripe
 * not yet visited to one already visited, while the store is never empty. So an empty answer needs
 * two passes in a row that saw every stripe empty with the same heads: every change to a stripe
 * changes its head (see {@link LifoIdleStack}), so each stripe was then empty from its first read to
 * its second, and all of them at once in between. The second pass costs only when the store is
 * empty, which is the slow path anyway.
 */
final class StripedIdleStack<T> implements IdleStore<T> {

    private static final int OFFSETS = 64;

    /** Fibonacci hashing of the thread id spreads consecutive ids over the stripes. */
    static final ToIntFunction<Thread> BY_THREAD_ID =
            thread -> (int) ((thread.threadId() * 0x9E37_79B9_7F4A_7C15L) >>> 40);

    private final LifoIdleStack<T>[] stripes;
    private final ToIntFunction<Thread> spread;
    private final int mask;
    /** Per-thread-id home offsets; racy plain ints, since a lost update only delays a rehash. */
    private final int[] offsets = new int[OFFSETS];
    /** Returned by {@link LifoIdleStack#tryPop} on contention; never pooled. */
    private final Slot<T> contended = new Slot<>(null, 0, 0);
    /** Removals by {@link #take()}, counted before they happen so that {@link #popped()} never runs ahead. */
    private final LongAdder taken = new LongAdder();

    @SuppressWarnings("unchecked")
    StripedIdleStack(SlotTable<T> table, int stripeCount, ToIntFunction<Thread> spread) {
        this.spread = spread;
        int count = Integer.highestOneBit(Math.max(1, stripeCount - 1)) << 1;
        stripes = (LifoIdleStack<T>[]) new LifoIdleStack<?>[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new LifoIdleStack<>(table);
        }
        mask = count - 1;
    }

    /**
     * A stripe count for a pool of {@code maxSize}: two per resource, so that as many threads as
     * there are resources can each keep one on a stripe of its own with few collisions, but at least
     * four per processor and at most 64.
     */
    static int stripesFor(int maxSize) {
        int processors = Runtime.getRuntime().availableProcessors();
        return Math.min(64, Math.max(4 * processors, 2 * maxSize));
    }

    private int home(int hash) {
        return (hash + offsets[hash & (OFFSETS - 1)]) & mask;
    }

    private void rehome(int hash) {
        offsets[hash & (OFFSETS - 1)]++;
    }

    @Override
    public void push(Slot<T> slot) {
        int hash = spread.applyAsInt(Thread.currentThread());
        LifoIdleStack<T> stripe = stripes[home(hash)];
        if (!stripe.tryPush(slot)) {
            rehome(hash);
            stripe.push(slot);
        }
    }

    @Override
    public Slot<T> pop() {
        int hash = spread.applyAsInt(Thread.currentThread());
        int home = home(hash);
        Slot<T> slot = stripes[home].tryPop(contended);
        if (slot == contended) {
            rehome(hash);
            slot = stripes[home].pop();
        }
        return slot != null ? slot : scan(home);
    }

    @Override
    public Slot<T> take() {
        taken.increment();
        Slot<T> slot = scan(home(spread.applyAsInt(Thread.currentThread())));
        if (slot == null) {
            taken.decrement();
        }
        return slot;
    }

    /** Pops from any stripe, starting at {@code first}; null only if the store was empty at some moment. */
    private Slot<T> scan(int first) {
        for (; ; ) {
            long sum = 0;
            boolean sawSlot = false;
            for (int i = 0; i <= mask; i++) {
                LifoIdleStack<T> stripe = stripes[(first + i) & mask];
                Slot<T> slot = stripe.pop();
                if (slot != null) {
                    return slot;
                }
                long h = stripe.head(); // empty when pop looked; a slot pushed since means another pass
                sawSlot |= LifoIdleStack.top(h) >= 0;
                sum += h;
            }
            if (!sawSlot && unchanged(first, sum)) {
                return null;
            }
        }
    }

    /**
     * The confirming pass: whether every stripe is still empty with the head it had in the pass that
     * summed to {@code sum}. A separate method (not a second turn of {@link #scan}'s loop), so that a
     * model checker does not take the confirmation for a spin loop.
     */
    private boolean unchanged(int first, long sum) {
        long again = 0;
        for (int i = 0; i <= mask; i++) {
            long h = stripes[(first + i) & mask].head();
            if (LifoIdleStack.top(h) >= 0) {
                return false;
            }
            again += h;
        }
        return again == sum;
    }

    @Override
    public void drainTo(List<Slot<T>> into) {
        for (LifoIdleStack<T> stripe : stripes) {
            Slot<T> slot;
            while ((slot = takeFrom(stripe)) != null) {
                into.add(slot);
            }
        }
    }

    private Slot<T> takeFrom(LifoIdleStack<T> stripe) {
        taken.increment();
        Slot<T> slot = stripe.pop();
        if (slot == null) {
            taken.decrement();
        }
        return slot;
    }

    @Override
    public void restore(List<Slot<T>> slots) {
        // Back to the stripes they were drained from is not known; spread them by slot index.
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot<T> slot = slots.get(i);
            stripes[slot.index & mask].push(slot);
        }
    }

    @Override
    public int count() {
        int count = 0;
        for (LifoIdleStack<T> stripe : stripes) {
            count += stripe.count();
        }
        return count;
    }

    @Override
    public long popped() {
        // Read the pops first: a take counted in 'taken' but not yet in the pops only lowers the result.
        long pops = 0;
        for (LifoIdleStack<T> stripe : stripes) {
            pops += stripe.pops();
        }
        return pops - taken.sum();
    }

    @Override
    public void maintain() {
        for (LifoIdleStack<T> stripe : stripes) {
            stripe.maintain();
        }
    }
}
