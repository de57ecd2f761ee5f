package dev.poolkit.pool.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO queue of idle slots: the longest idle is handed out first. Guarded by a lock held only for
 * the deque operation itself; {@link ArrayDeque} allocates nothing per operation once grown.
 */
final class FifoIdleQueue<T> implements IdleStore<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Slot<T>> deque = new ArrayDeque<>();

    @Override
    public void push(Slot<T> slot) {
        lock.lock();
        try {
            deque.addLast(slot);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Slot<T> pop() {
        lock.lock();
        try {
            return deque.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void drainTo(List<Slot<T>> into) {
        lock.lock();
        try {
            into.addAll(deque);
            deque.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void restore(List<Slot<T>> slots) {
        lock.lock();
        try {
            // They were idle longer than anything returned meanwhile, so they go first again.
            for (int i = slots.size() - 1; i >= 0; i--) {
                deque.addFirst(slots.get(i));
            }
        } finally {
            lock.unlock();
        }
    }
}
