package dev.poolkit.pool.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Gives every live slot a small integer index, so that the idle stack can link slots by index in
 * one {@code long}. The array only grows (readers never see an index vanish), and indices of
 * destroyed slots are reused, so an index stays below the largest {@code maxSize} the pool had.
 * Registration is a cold path (once per created resource).
 */
final class SlotTable<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private volatile Slot<T>[] slots;
    private int[] free = new int[8];
    private int freeCount;
    private int used;

    @SuppressWarnings("unchecked")
    SlotTable(int initialCapacity) {
        slots = (Slot<T>[]) new Slot<?>[Math.max(1, initialCapacity)];
    }

    Slot<T> get(int index) {
        return slots[index];
    }

    void register(Slot<T> slot) {
        lock.lock();
        try {
            int index;
            if (freeCount > 0) {
                index = free[--freeCount];
            } else {
                index = used++;
                if (index == slots.length) {
                    slots = Arrays.copyOf(slots, slots.length * 2);
                }
            }
            slot.index = index;
            Slot<T>[] current = slots;
            current[index] = slot;
            slots = current; // volatile write publishes the slot before it can be pushed idle
        } finally {
            lock.unlock();
        }
    }

    void unregister(Slot<T> slot) {
        lock.lock();
        try {
            Slot<T>[] current = slots;
            if (slot.index >= 0 && current[slot.index] == slot) {
                current[slot.index] = null;
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, free.length * 2);
                }
                free[freeCount++] = slot.index;
                slots = current;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Visits the live slots; for housekeeping (leak reports) and close, never for stats. */
    void forEach(Consumer<Slot<T>> action) {
        for (Slot<T> slot : slots) {
            if (slot != null) {
                action.accept(slot);
            }
        }
    }
}
