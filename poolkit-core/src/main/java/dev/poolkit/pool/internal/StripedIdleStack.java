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
 * empty, which is the slow path anyway. The hint cells count as part of their stripes: a pass
 * looks at each cell too, and the confirming pass checks that no cell's slot changed state.
 *
 * <p><b>Hints.</b> A push first tries its home stripe's hint cell, and a pop claims the home
 * cell's slot when the home stack is empty (see {@link LifoIdleStack}). A slot leased from a hint
 * cell goes back into it on release only if the cell is the releasing thread's home ({@link
 * #atHome}); otherwise the release ends the lease, empties the cell ({@link #unhint}) and pushes as
 * any other, so a slot follows the thread that uses it instead of every acquire scanning for it.
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
        if (stripe.tryHint(slot)) {
            return;
        }
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
        if (slot == null) {
            // After the stack: a slot goes idle in the cell only while the stack is empty, so
            // everything on the stack went idle later.
            Slot<T> hinted = stripes[home].hint();
            if (hinted != null) {
                long gen = hinted.gen();
                if (Slot.isIdleHint(gen)) {
                    if (hinted.claimHinted(gen)) {
                        return hinted;
                    }
                    rehome(hash); // lost to a thread on another core
                }
            }
        }
        return slot != null ? slot : scan(home, true);
    }

    /**
     * Whether {@code slot}, leased from a hint cell, is hinted on the calling thread's home stripe and
     * that stripe's stack is empty (which keeps one thread's order LIFO, see {@link LifoIdleStack#tryHint}).
     */
    @Override
    public boolean atHome(Slot<T> slot) {
        LifoIdleStack<T> stripe = stripes[home(spread.applyAsInt(Thread.currentThread()))];
        return stripe == slot.hintStripe && LifoIdleStack.top(stripe.head()) < 0;
    }

    @Override
    public void unhint(Slot<T> slot) {
        slot.hintStripe.unhint(slot);
    }

    @Override
    public Slot<T> take() {
        taken.increment();
        Slot<T> slot = scan(home(spread.applyAsInt(Thread.currentThread())), false);
        if (slot == null) {
            taken.decrement();
        }
        return slot;
    }

    /**
     * Pops from any stripe or hint cell, starting at {@code first}; null only if the store was empty
     * at some moment.
     *
     * @param lease whether a hinted slot is claimed leased ({@link #pop()}) or taken owned ({@link #take()})
     */
    private Slot<T> scan(int first, boolean lease) {
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
                Slot<T> hinted = stripe.hint();
                if (hinted != null) {
                    long gen = hinted.gen();
                    if (Slot.isIdleHint(gen)) {
                        if (lease ? hinted.claimHinted(gen) : takeHinted(hinted, gen)) {
                            return hinted;
                        }
                        sawSlot = true;
                    }
                    sum += gen;
                }
            }
            if (!sawSlot && unchanged(first, sum)) {
                return null;
            }
        }
    }

    /** Takes a hinted slot out owned, for {@link #take()}, which counted a pop that did not happen. */
    private boolean takeHinted(Slot<T> slot, long gen) {
        if (!slot.takeHinted(gen)) {
            return false;
        }
        slot.hintStripe.unhint(slot);
        taken.decrement();
        return true;
    }

    /**
     * The confirming pass: whether every stripe is still empty with the head, and every hint cell's
     * slot in the state, that it had in the pass that summed to {@code sum}. A separate method (not a
     * second turn of {@link #scan}'s loop), so that a model checker does not take the confirmation for
     * a spin loop.
     */
    private boolean unchanged(int first, long sum) {
        long again = 0;
        for (int i = 0; i <= mask; i++) {
            LifoIdleStack<T> stripe = stripes[(first + i) & mask];
            long h = stripe.head();
            if (LifoIdleStack.top(h) >= 0) {
                return false;
            }
            again += h;
            Slot<T> hinted = stripe.hint();
            if (hinted != null) {
                long gen = hinted.gen();
                if (Slot.isIdleHint(gen)) {
                    return false;
                }
                again += gen;
            }
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
            Slot<T> hinted = stripe.hint();
            if (hinted != null) {
                long gen = hinted.gen();
                if (Slot.isIdleHint(gen) && hinted.takeHinted(gen)) {
                    stripe.unhint(hinted);
                    into.add(hinted);
                }
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
            count += stripe.count() + stripe.idleHinted();
        }
        return count;
    }

    @Override
    public long popped() {
        // Read the pops first: a take counted in 'taken' but not yet in the pops only lowers the result.
        long pops = 0;
        for (LifoIdleStack<T> stripe : stripes) {
            pops += stripe.pops() + stripe.hintLeases();
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
