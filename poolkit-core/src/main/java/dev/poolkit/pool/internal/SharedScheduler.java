package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The housekeeping scheduler that poolkit components use when they are given none: one daemon
 * thread ({@value #THREAD_NAME}) for the whole process, started by the first {@link #acquire()} and
 * stopped by the {@link #release} that brings the number of users back to zero. So ten thousand
 * pools (or monitors) time their background work on one thread, and none remains once they are all
 * closed. Its tasks must never block; blocking work belongs on an executor.
 *
 * <p>Each {@code acquire()} returns a handle of its own; releasing a handle twice, or a handle whose
 * thread was already stopped, has no effect. Not API: exported to poolkit's own modules only.
 * Thread-safe.
 */
public final class SharedScheduler {

    /** The name of the shared thread. */
    public static final String THREAD_NAME = "poolkit-scheduler";

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static ThreadScheduler instance;
    private static int users;

    private SharedScheduler() {}

    /**
     * Registers a user and returns its handle on the shared scheduler, starting the thread if needed.
     *
     * @return the handle; pass it to {@link #release} exactly once, when the user closes
     */
    public static Scheduler acquire() {
        LOCK.lock();
        try {
            if (instance == null) {
                instance = Scheduler.newThreadScheduler(THREAD_NAME);
            }
            users++;
            return new Handle(instance);
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Unregisters a user; the last one stops the thread (dropping tasks that have not started, and
     * waiting for a running one to end). Tasks the user scheduled and did not cancel still run until
     * then.
     *
     * @param scheduler a handle that {@link #acquire()} returned
     * @throws IllegalArgumentException if {@code scheduler} did not come from {@link #acquire()}
     * @throws NullPointerException if {@code scheduler} is null
     */
    public static void release(Scheduler scheduler) {
        requireNonNull(scheduler, "scheduler");
        if (!(scheduler instanceof Handle handle)) {
            throw new IllegalArgumentException(
                    "scheduler must be a handle from SharedScheduler.acquire(), but was " + scheduler);
        }
        ThreadScheduler toClose = null;
        LOCK.lock();
        try {
            if (handle.released || handle.target != instance) {
                return;
            }
            handle.released = true;
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

    /**
     * Returns how many users hold a handle now.
     *
     * @return the number of acquires not yet released
     */
    public static int users() {
        LOCK.lock();
        try {
            return users;
        } finally {
            LOCK.unlock();
        }
    }

    /** One user's view of the shared scheduler. */
    private static final class Handle implements Scheduler {
        final ThreadScheduler target;
        boolean released; // guarded by LOCK

        Handle(ThreadScheduler target) {
            this.target = target;
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            return target.schedule(task, delay);
        }

        @Override
        public String toString() {
            return "SharedScheduler[" + THREAD_NAME + "]";
        }
    }
}
