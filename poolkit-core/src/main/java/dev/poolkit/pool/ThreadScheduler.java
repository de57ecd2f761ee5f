package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} that runs tasks on one daemon thread of its own. Closing it stops the thread
 * and drops tasks that have not started. Thread-safe.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ThreadScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread worker;

    ThreadScheduler(String threadName) {
        requireNonNull(threadName, "threadName");
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            worker = thread;
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        requireNonNull(task, "task");
        requireNonNull(delay, "delay");
        ScheduledFuture<?> future = executor.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        LOG.log(System.Logger.Level.WARNING, "Scheduled task failed", e);
                    }
                },
                Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /**
     * Stops the thread: tasks that have not started are dropped, a running task is interrupted, and
     * this call waits up to five seconds for it to end. Idempotent.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        if (Thread.currentThread() == worker) {
            return; // closed by one of its own tasks: that task is the one still running
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return executor.isShutdown();
    }
}
