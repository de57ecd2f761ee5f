package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stripe of {@link StripedIdleStack}: a lock-free LIFO stack of idle slots (Treiber's stack)
 * that allocates nothing. Slots are linked through their {@code nextIdle} index, and the head is one
 * {@code long}:
 *
 * <pre>
 *   bits 63..24  pops: how many slots were ever popped, modulo 2^40
 *   bits 23..0   the top slot's index plus one; 0 for empty
 * </pre>
 *
 * <p>Every change moves the head to a value it never had since: a push puts a slot on top that was
 * not there (it was not in the stack), and any sequence that brings the same slot back on top pops at
 * least once, which moves the pop count. So the pop count is the ABA stamp, and it doubles as a
 * counter of the stripe's pops at no cost. {@link #pops()} extends it to 64 bits with a base that
 * {@link #maintain()} (housekeeping, at least every 30 s) moves forward; 2^40 pops take hours even at
 * a hundred million a second.
 *
 * <p>Each pushed slot records the stripe's depth in {@code idleDepth} (the depth of the slot below,
 * plus one), so the top slot's depth is the stripe's size: {@link #count()} reads it and checks that
 * the head did not move meanwhile, again without any counter on the fast path.
 *
 * <p><b>Hint cell.</b> Beside the stack the stripe has one cell, {@code hint}, for a slot that stays
 * on the stripe across leases: a release of a slot leased from the stripe's own hint leaves it there
 * with the compare-and-set that ends the lease, and the next acquire claims it with one
 * compare-and-set (both on the slot's state word, see {@link Slot}) and starts the lease as after a
 * pop, instead of a pop, a lease-ending compare-and-set and a push; so an acquire/release cycle
 * costs two atomic operations instead of three. A released slot goes into the hint cell when the
 * stripe is empty (a compare-and-set on the cell, then a volatile write of the slot's state), else
 * onto the stack; a pop takes the stack first. Only the owner of a slot that just stopped being
 * hinted (it ended a hinted lease some other way, or took the slot out idle) empties the cell, so a
 * slot is in at most one cell and its state word says whether it is idle there.
 *
 * <p>A claim from the hint cell is counted by the slot's lease count: the stripe's hint leases are
 * the leases of the slots that left the cell ({@code hintBase}) plus those of the slot in it since it
 * came ({@link Slot#hintStart}). The owner that empties the cell adds to {@code hintBase} and clears
 * the cell inside {@code hintSeq}, a count of how many emptyings started (bits 63..16) and how many
 * are under way (bits 15..0), so that {@link #hintLeases()} reads the three as of one moment.
 */
final class LifoIdleStack<T> extends CacheLinePadding {

    static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long POPS_MASK = (1L << (64 - INDEX_BITS)) - 1;
    private static final long ONE_POP = 1L << INDEX_BITS;

    private static final long UNHINT_STARTED = (1L << 16) + 1;
    private static final long UNHINTS_UNDER_WAY = (1L << 16) - 1;

    private static final VarHandle HEAD;
    private static final VarHandle HINT;
    private static final VarHandle HINT_SEQ;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(LifoIdleStack.class, "head", long.class);
            HINT = lookup.findVarHandle(LifoIdleStack.class, "hint", Slot.class);
            HINT_SEQ = lookup.findVarHandle(LifoIdleStack.class, "hintSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The pops counted before {@code raw}, and the raw 40-bit count at that time. */
    private record PopBase(long base, long raw) {}

    private final SlotTable<T> table;

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;

    private volatile PopBase popBase = new PopBase(0, 0);

    /** The hinted slot, or null; see the class comment. */
    private volatile Slot<T> hint;
    /** Emptyings of the hint cell started (bits 63..16) and under way (bits 15..0). */
    @SuppressWarnings("unused") // accessed through HINT_SEQ
    private volatile long hintSeq;
    /**
     * The leases claimed from this cell by slots that have left it; written only by the one emptying
     * the cell.
     */
    private volatile long hintBase;

    LifoIdleStack(SlotTable<T> table) {
        this.table = table;
    }

    static int top(long head) {
        return (int) (head & INDEX_MASK) - 1;
    }

    private static long pushed(long head, int index) {
        return (head & ~INDEX_MASK) | (index + 1);
    }

    private static long popped(long head, int nextIndex) {
        return ((head & ~INDEX_MASK) + ONE_POP) | ((nextIndex + 1) & INDEX_MASK);
    }

    long head() {
        return head;
    }

    private int depthBelow(long h) {
        int top = top(h);
        if (top < 0) {
            return 0;
        }
        Slot<T> below = table.get(top);
        return below == null ? 0 : below.idleDepth; // a stale read fails the compare-and-set
    }

    /**
     * Pushes with one compare-and-set.
     *
     * @return false if another thread changed the head meanwhile (nothing was pushed)
     */
    boolean tryPush(Slot<T> slot) {
        long h = head;
        slot.nextIdle = top(h);
        slot.idleDepth = depthBelow(h) + 1;
        return HEAD.compareAndSet(this, h, pushed(h, slot.index));
    }

    void push(Slot<T> slot) {
        while (!tryPush(slot)) {
            Thread.onSpinWait();
        }
    }

    /**
     * Pops with one compare-and-set.
     *
     * @return the slot, null if the stack is empty, or {@code contended} if another thread changed
     *     the head meanwhile (nothing was popped)
     */
    Slot<T> tryPop(Slot<T> contended) {
        long h = head;
        int top = top(h);
        if (top < 0) {
            return null;
        }
        Slot<T> slot = table.get(top);
        // A stale read (the slot was popped and pushed again meanwhile) fails the compare-and-set.
        return slot != null && HEAD.compareAndSet(this, h, popped(h, slot.nextIdle)) ? slot : contended;
    }

    Slot<T> pop() {
        for (; ; ) {
            Slot<T> slot = tryPop(null);
            if (slot != null || top(head) < 0) {
                return slot;
            }
        }
    }

    Slot<T> hint() {
        return hint;
    }

    /**
     * Puts an owned slot, not hinted, into the hint cell if both the cell and the stack are empty;
     * then the slot is idle there. Only into an empty stripe, and a hinted slot goes back into its
     * cell only while the stack is empty ({@link StripedIdleStack#atHome}), so every slot on the
     * stack went idle after the cell's: popping the stack first keeps one thread's order LIFO.
     *
     * @return false if the cell or the stack was taken (nothing changed)
     */
    boolean tryHint(Slot<T> slot) {
        if (hint != null || top(head) >= 0) {
            return false;
        }
        slot.hintStripe = this;
        slot.hintStart = Slot.leases(slot.gen());
        if (!HINT.compareAndSet(this, null, slot)) {
            return false;
        }
        slot.markHinted();
        return true;
    }

    /**
     * Empties the hint cell of {@code slot}, which the caller owns and which just stopped being
     * hinted; counts the leases it had here.
     */
    void unhint(Slot<T> slot) {
        HINT_SEQ.getAndAdd(this, UNHINT_STARTED);
        hintBase = hintBase + (Slot.leases(slot.gen()) - slot.hintStart);
        hint = null;
        HINT_SEQ.getAndAdd(this, -1L);
    }

    /** Every lease claimed from this stripe's hint cell since it was created. */
    long hintLeases() {
        for (; ; ) {
            long seq = hintSeq;
            if ((seq & UNHINTS_UNDER_WAY) == 0) {
                long base = hintBase;
                Slot<T> slot = hint;
                long since = slot == null ? 0 : Slot.leases(slot.gen()) - slot.hintStart;
                if (hintSeq == seq && hint == slot) {
                    return base + since;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** 1 if the hint cell holds an idle slot, else 0. */
    int idleHinted() {
        Slot<T> slot = hint;
        return slot != null && Slot.isIdleHint(slot.gen()) ? 1 : 0;
    }

    /** The slots in this stripe's stack; exact when the stripe is quiet. */
    int count() {
        for (int attempt = 0; ; attempt++) {
            long h = head;
            int depth = depthBelow(h);
            if (head == h || attempt == 16) {
                return depth;
            }
        }
    }

    /** Every pop of this stripe since it was created. */
    long pops() {
        PopBase base = popBase;
        return base.base + (((head >>> INDEX_BITS) - base.raw) & POPS_MASK);
    }

    /** Moves the base forward, so that {@link #pops()} never loses a wrap of the 40-bit count. */
    void maintain() {
        PopBase base = popBase;
        long raw = head >>> INDEX_BITS;
        popBase = new PopBase(base.base + ((raw - base.raw) & POPS_MASK), raw);
    }
}
