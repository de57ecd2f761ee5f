package dev.poolkit.pool.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The tasks of one pool that were submitted and have not ended: an intrusive doubly linked list
 * under a lock of its own. No hashing (a task's identity hash would make the order differ from run
 * to run, which a model checker cannot replay) and no allocation per task. Cold paths only.
 */
final class TaskRegistry {

    private final ReentrantLock lock = new ReentrantLock();
    private PoolTask first;

    void add(PoolTask task) {
        lock.lock();
        try {
            task.registered = true;
            task.nextTask = first;
            if (first != null) {
                first.prevTask = task;
            }
            first = task;
        } finally {
            lock.unlock();
        }
    }

    void remove(PoolTask task) {
        lock.lock();
        try {
            if (!task.registered) {
                return;
            }
            task.registered = false;
            if (task.prevTask == null) {
                first = task.nextTask;
            } else {
                task.prevTask.nextTask = task.nextTask;
            }
            if (task.nextTask != null) {
                task.nextTask.prevTask = task.prevTask;
            }
            task.prevTask = task.nextTask = null;
        } finally {
            lock.unlock();
        }
    }

    /** Tells every registered task that the pool closed; {@link PoolTask#poolClosed()} never blocks. */
    void poolClosed() {
        lock.lock();
        try {
            for (PoolTask task = first; task != null; task = task.nextTask) {
                task.poolClosed();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a task is queued or running anywhere but on {@code self}. */
    boolean busyOtherThan(Thread self) {
        lock.lock();
        try {
            for (PoolTask task = first; task != null; task = task.nextTask) {
                if (task.runner() != self) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
