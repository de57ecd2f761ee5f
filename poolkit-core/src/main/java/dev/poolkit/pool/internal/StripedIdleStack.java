package dev.poolkit.pool.internal;

import java.util.List;

/**
 * LIFO idle store split into a few {@link LifoIdleStack stripes} so that threads on different cores
 * do not fight over one stack head. A thread pushes to, and first pops from, its home stripe, so a
 * thread that releases and re-acquires gets its own resource back without touching any cache line
 * another core uses; only when its stripe is empty does it take from the others. One thread alone
 * therefore sees exact LIFO order; across threads the order is LIFO per stripe.
 *
 * <p>The home stripe is a hash of the thread id plus an offset from a small table indexed by the
 * low bits of the id. When a compare-and-set on the home stripe fails, another thread shares it, and
 * the offset moves on (as {@link java.util.concurrent.atomic.LongAdder} rehashes a contended cell).
 * The table is lossy and fixed in size: threads whose ids share low bits share an offset, which costs
 * at worst a collision, and millions of virtual threads cost no memory.
 */
final class StripedIdleStack<T> implements IdleStore<T> {

    private static final int OFFSETS = 64;

    private final LifoIdleStack<T>[] stripes;
    private final int mask;
    /** Per-thread-id home offsets; racy plain ints, since a lost update only delays a rehash. */
    private final int[] offsets = new int[OFFSETS];
    /** Returned by {@link LifoIdleStack#tryPop} on contention; never pooled. */
    private final Slot<T> contended = new Slot<>(null, 0, 0);

    @SuppressWarnings("unchecked")
    StripedIdleStack(SlotTable<T> table, int stripeCount) {
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

    private int home(long threadId) {
        // Fibonacci hashing spreads consecutive thread ids over the stripes.
        return ((int) ((threadId * 0x9E37_79B9_7F4A_7C15L) >>> 40) + offsets[(int) threadId & (OFFSETS - 1)]) & mask;
    }

    private void rehome(long threadId) {
        offsets[(int) threadId & (OFFSETS - 1)]++;
    }

    @Override
    public void push(Slot<T> slot) {
        long threadId = Thread.currentThread().threadId();
        LifoIdleStack<T> stripe = stripes[home(threadId)];
        if (!stripe.tryPush(slot)) {
            rehome(threadId);
            stripe.push(slot);
        }
    }

    @Override
    public Slot<T> pop() {
        long threadId = Thread.currentThread().threadId();
        int home = home(threadId);
        Slot<T> slot = stripes[home].tryPop(contended);
        if (slot == contended) {
            rehome(threadId);
            slot = stripes[home].pop();
        }
        for (int i = 1; slot == null && i <= mask; i++) {
            slot = stripes[(home + i) & mask].pop();
        }
        return slot;
    }

    @Override
    public void drainTo(List<Slot<T>> into) {
        for (LifoIdleStack<T> stripe : stripes) {
            stripe.drainTo(into);
        }
    }

    @Override
    public void restore(List<Slot<T>> slots) {
        // Back to the stripes they were drained from is not known; spread them by slot index.
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot<T> slot = slots.get(i);
            stripes[slot.index & mask].push(slot);
        }
    }
}
