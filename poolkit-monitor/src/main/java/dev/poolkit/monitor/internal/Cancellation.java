package dev.poolkit.monitor.internal;

import dev.poolkit.pool.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The cancellation state of one health check: its deadline, and a signal that fires when the
 * deadline passes or the monitor stops, interrupting the thread that runs the check. The public face
 * of it is {@code dev.poolkit.monitor.CheckContext}. Thread-safe. Not API.
 */
public final class Cancellation {

    /** The reason of a check whose deadline passed (Go's {@code context.DeadlineExceeded}). */
    public static final String DEADLINE_EXCEEDED = "context deadline exceeded";

    /** The reason of a check cancelled by stopping its monitor (Go's {@code context.Canceled}). */
    public static final String CANCELED = "context canceled";

    // State machine: RUNNING -> DONE (check returned first), or RUNNING -> INTERRUPTING -> CANCELLED
    // (deadline or stop came first). INTERRUPTING covers the interrupt() call, so that finish() can
    // wait for it before clearing the interrupt flag of its thread: no stray interrupt can reach
    // whatever that thread runs next.
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int CANCELLED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Cancellation.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Ticker ticker;
    private final long deadlineNanos;
    private final Thread thread;
    private volatile int state;
    private volatile String reason; // DEADLINE_EXCEEDED or CANCELED once cancelled

    Cancellation(Ticker ticker, long deadlineNanos, Thread thread) {
        this.ticker = ticker;
        this.deadlineNanos = deadlineNanos;
        this.thread = thread;
    }

    /**
     * Returns the nanoseconds left until the deadline.
     *
     * @return the time left, 0 once the deadline has passed or the check was cancelled
     */
    public long remainingNanos() {
        if (reason != null) {
            return 0;
        }
        long left = deadlineNanos - ticker.nanoTime();
        return Math.max(0, left);
    }

    /**
     * Returns why the check was cancelled.
     *
     * @return {@link #DEADLINE_EXCEEDED} or {@link #CANCELED}, or null while not cancelled
     */
    public String reason() {
        return reason;
    }

    /**
     * Parks the calling thread until the check is cancelled.
     *
     * @return the reason
     * @throws InterruptedException if the thread was interrupted for another reason
     */
    public String await() throws InterruptedException {
        String r;
        while ((r = reason) == null) {
            LockSupport.park(this);
            if (Thread.interrupted() && reason == null) {
                throw new InterruptedException();
            }
        }
        return r;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Cancels because the deadline passed. */
    void expire() {
        cancel(DEADLINE_EXCEEDED);
    }

    /** Cancels because the monitor stops. */
    void cancelByStop() {
        cancel(CANCELED);
    }

    private void cancel(String why) {
        if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            reason = why;
            thread.interrupt();
            LockSupport.unpark(thread);
            state = CANCELLED;
        }
    }

    /**
     * Marks the check as returned. If a cancellation got there first, waits until its interrupt was
     * delivered and clears it, so that the thread is clean for its next task.
     *
     * @return the cancellation reason if the check was cancelled, else null
     */
    String finish() {
        if (STATE.compareAndSet(this, RUNNING, DONE)) {
            return null;
        }
        while (state == INTERRUPTING) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        return reason;
    }
}
