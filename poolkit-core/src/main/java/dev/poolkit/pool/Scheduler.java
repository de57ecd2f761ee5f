package dev.poolkit.pool;

import java.time.Duration;

/**
 * Runs delayed background tasks (housekeeping, refill, retries) for poolkit components.
 *
 * <p>A component that is given a scheduler does not own it and never shuts it down. By default,
 * poolkit components share one daemon thread ({@code poolkit-scheduler}) that starts with the first
 * of them and stops when the last one closes, so thousands of pools cost one thread. Tests inject a
 * manual scheduler that runs due tasks when told to, together with a fake {@link Ticker}.
 *
 * <p>Implementations must be safe to call from any number of threads at once.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * <p><b>Tasks must not block</b>: a scheduler may run all of its tasks, for every component that
     * shares it, on one thread. poolkit's own tasks only decide and hand blocking work (connects,
     * validation queries, closes) to an executor.
     *
     * @param task the task; exceptions it throws are the scheduler's to log, never to rethrow
     * @param delay how long to wait before running it; zero or negative runs it as soon as possible
     * @return a handle that cancels the task if it has not started yet
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler was shut down
     * @throws NullPointerException if {@code task} or {@code delay} is null
     */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * Creates a scheduler backed by one daemon thread with the given name. The caller owns it and
     * must {@link ThreadScheduler#close() close} it.
     *
     * @param threadName the thread's name, by convention {@code poolkit-<component>-<name>}
     * @return a new, running scheduler
     * @throws NullPointerException if {@code threadName} is null
     */
    static ThreadScheduler newThreadScheduler(String threadName) {
        return new ThreadScheduler(threadName);
    }

    /** A handle on a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; has no effect otherwise. Never blocks. */
        void cancel();
    }
}
