package dev.poolkit.pool.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO queue of idle slots: the longest idle is handed out first. Guarded by a lock held only for
 * the deque operation itself; {@link ArrayDeque} allocates nothing per operation once grown. The
 * counts are written under the lock and read without it.
 */
final class FifoIdleQueue<T> implements IdleStore<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Slot<T>> deque = new ArrayDeque<>();
    private volatile int count;
    private volatile long popped;

    @Override
    public void push(Slot<T> slot) {
        lock.lock();
        try {
            deque.addLast(slot);
            count = deque.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Slot<T> pop() {
        lock.lock();
        try {
            Slot<T> slot = removeFirst();
            if (slot != null) {
                popped = popped + 1;
            }
            return slot;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Slot<T> take() {
        lock.lock();
        try {
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    private Slot<T> removeFirst() {
        Slot<T> slot = deque.pollFirst();
        count = deque.size();
        return slot;
    }

    @Override
    public void drainTo(List<Slot<T>> into) {
        lock.lock();
        try {
            into.addAll(deque);
            deque.clear();
            count = 0;
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
            count = deque.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long popped() {
        return popped;
    }

    @Override
    public void maintain() {
        // a long cannot wrap in practice
    }
}
