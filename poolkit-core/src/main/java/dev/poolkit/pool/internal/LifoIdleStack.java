package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One stripe of {@link StripedIdleStack}: a lock-free LIFO stack of idle slots (Treiber's stack)
 * that allocates nothing: slots are linked
 * through their {@code nextIdle} index, and the head is one {@code long} holding a stamp (high 32
 * bits, incremented on every change, which defeats ABA) and the top slot's index plus one (low 32
 * bits, 0 for empty).
 */
final class LifoIdleStack<T> extends CacheLinePadding {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(LifoIdleStack.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SlotTable<T> table;

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;

    LifoIdleStack(SlotTable<T> table) {
        this.table = table;
    }

    private static long next(long head, int topIndex) {
        return (((head >>> 32) + 1) << 32) | ((topIndex + 1) & 0xFFFF_FFFFL);
    }

    void push(Slot<T> slot) {
        for (; ; ) {
            long h = head;
            slot.nextIdle = (int) h - 1;
            if (HEAD.compareAndSet(this, h, next(h, slot.index))) {
                return;
            }
        }
    }

    /**
     * Pushes with one compare-and-set.
     *
     * @return false if another thread changed the head meanwhile (nothing was pushed)
     */
    boolean tryPush(Slot<T> slot) {
        long h = head;
        slot.nextIdle = (int) h - 1;
        return HEAD.compareAndSet(this, h, next(h, slot.index));
    }

    /**
     * Pops with one compare-and-set.
     *
     * @return the slot, null if the stack is empty, or {@code contended} if another thread changed
     *     the head meanwhile (nothing was popped)
     */
    Slot<T> tryPop(Slot<T> contended) {
        long h = head;
        int top = (int) h - 1;
        if (top < 0) {
            return null;
        }
        Slot<T> slot = table.get(top);
        return slot != null && HEAD.compareAndSet(this, h, next(h, slot.nextIdle)) ? slot : contended;
    }

    Slot<T> pop() {
        for (; ; ) {
            long h = head;
            int top = (int) h - 1;
            if (top < 0) {
                return null;
            }
            Slot<T> slot = table.get(top);
            // A stale read (the slot was popped and pushed again meanwhile) fails the stamp check.
            if (slot != null && HEAD.compareAndSet(this, h, next(h, slot.nextIdle))) {
                return slot;
            }
        }
    }

    void drainTo(List<Slot<T>> into) {
        Slot<T> slot;
        while ((slot = pop()) != null) {
            into.add(slot);
        }
    }
}
