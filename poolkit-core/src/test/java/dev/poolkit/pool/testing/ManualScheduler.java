package dev.poolkit.pool.testing;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} that runs nothing by itself: {@link #runDue()} runs, on the calling thread, the
 * tasks whose time on the given ticker has come, in due order. Combined with {@link FakeClock} it lets
 * a test step through background work deterministically. Thread-safe.
 */
public final class ManualScheduler implements Scheduler {

    private record Task(long dueNanos, long seq, Runnable runnable, boolean[] cancelled) {}

    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Task> tasks = new ArrayList<>();
    private long seq;
    private boolean shutdown;

    /**
     * Creates a scheduler that reads due times from {@code ticker}.
     *
     * @param ticker the time source, usually a {@link FakeClock}
     */
    public ManualScheduler(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("scheduler is shut down");
            }
            boolean[] cancelled = new boolean[1];
            tasks.add(new Task(ticker.nanoTime() + Math.max(0, delay.toNanos()), seq++, task, cancelled));
            return () -> {
                lock.lock();
                try {
                    cancelled[0] = true;
                } finally {
                    lock.unlock();
                }
            };
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every task that is due now, including tasks that running ones schedule for now.
     *
     * @return how many tasks ran
     */
    public int runDue() {
        int ran = 0;
        for (Task task; (task = takeDue()) != null; ran++) {
            task.runnable().run();
        }
        return ran;
    }

    private Task takeDue() {
        lock.lock();
        try {
            long now = ticker.nanoTime();
            Task due = tasks.stream()
                    .filter(t -> !t.cancelled()[0] && t.dueNanos() - now <= 0)
                    .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::seq))
                    .orElse(null);
            tasks.removeIf(t -> t == due || t.cancelled()[0]);
            return due;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets simulated time pass: advances {@code clock} in 100 ms steps (the last one shorter) and runs
     * the tasks due after each step, as a real scheduler would while the time goes by.
     *
     * @param clock the fake clock this scheduler reads
     * @param duration how much time passes
     */
    public void elapse(FakeClock clock, Duration duration) {
        Duration step = Duration.ofMillis(100);
        for (Duration left = duration; left.isPositive(); left = left.minus(step)) {
            clock.advance(left.compareTo(step) < 0 ? left : step);
            runDue();
        }
    }

    /**
     * Returns how many tasks are scheduled and not cancelled.
     *
     * @return the number of pending tasks
     */
    public int pending() {
        lock.lock();
        try {
            return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
        } finally {
            lock.unlock();
        }
    }

    /** Rejects every later {@link #schedule} call, as a shut-down executor would. */
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            tasks.clear();
        } finally {
            lock.unlock();
        }
    }
}
