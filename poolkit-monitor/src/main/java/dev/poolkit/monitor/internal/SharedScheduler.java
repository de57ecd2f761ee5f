package dev.poolkit.monitor.internal;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduler that monitors use when they are given none: one daemon thread
 * ({@code poolkit-monitor-scheduler}) shared by every running monitor, created by the first
 * {@link #acquire()} and stopped by the {@link #release} that brings the count of users back to
 * zero. So a thousand monitors tick on one thread, and none remains once they are all stopped. Not
 * API.
 */
public final class SharedScheduler {

    /** The name of the shared thread. */
    public static final String THREAD_NAME = "poolkit-monitor-scheduler";

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static ThreadScheduler instance;
    private static int users;

    private SharedScheduler() {}

    /**
     * Registers a user and returns the shared scheduler, starting its thread if needed.
     *
     * @return the scheduler; pass it back to {@link #release} exactly once
     */
    public static Scheduler acquire() {
        LOCK.lock();
        try {
            if (instance == null) {
                instance = Scheduler.newThreadScheduler(THREAD_NAME);
            }
            users++;
            return instance;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Unregisters a user; the last one stops the thread.
     *
     * @param scheduler the scheduler {@link #acquire()} returned
     */
    public static void release(Scheduler scheduler) {
        ThreadScheduler toClose = null;
        LOCK.lock();
        try {
            if (scheduler != instance) {
                return; // an instance already closed by an earlier last user
            }
            if (--users == 0) {
                toClose = instance;
                instance = null;
            }
        } finally {
            LOCK.unlock();
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
