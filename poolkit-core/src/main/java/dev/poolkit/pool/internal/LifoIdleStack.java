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
 */
final class LifoIdleStack<T> extends CacheLinePadding {

    static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long POPS_MASK = (1L << (64 - INDEX_BITS)) - 1;
    private static final long ONE_POP = 1L << INDEX_BITS;

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(LifoIdleStack.class, "head", long.class);
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

    /** The slots in this stripe; exact when the stripe is quiet. */
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
