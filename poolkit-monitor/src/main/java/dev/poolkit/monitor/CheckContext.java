package dev.poolkit.monitor;

import dev.poolkit.pool.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The context of one health check: its deadline, and a cancellation signal that fires when the
 * check timeout expires or the monitor is stopped (the Java form of the Go {@code context.Context}
 * a golib check receives). Cancellation also interrupts the thread running the check.
 *
 * <p>Thread-safe. A context belongs to one check run and is useless after it.
 */
public final class CheckContext {

    // State machine: RUNNING -> DONE (check returned first), or RUNNING -> INTERRUPTING -> EXPIRED /
    // CANCELED (deadline or stop came first). INTERRUPTING covers the interrupt() call, so that the
    // monitor can wait for it to finish before clearing the interrupt flag of its thread: no stray
    // interrupt can reach whatever that thread runs next.
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int EXPIRED = 3;
    private static final int CANCELED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CheckContext.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Ticker ticker;
    private final long deadlineNanos;
    private final Thread thread;
    private volatile int state;
    private volatile int cancelReason; // EXPIRED or CANCELED once cancelled

    CheckContext(Ticker ticker, long deadlineNanos, Thread thread) {
        this.ticker = ticker;
        this.deadlineNanos = deadlineNanos;
        this.thread = thread;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Returns the time left until the deadline.
     *
     * @return the remaining time, {@link Duration#ZERO} once the deadline has passed or the check was
     *     cancelled
     */
    public Duration remaining() {
        if (cancelReason != 0) {
            return Duration.ZERO;
        }
        long left = deadlineNanos - ticker.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * Returns whether the check was cancelled (deadline passed or monitor stopped).
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelReason != 0;
    }

    /**
     * Throws if the check was cancelled.
     *
     * @throws CheckCancelledException if the deadline passed ({@code "context deadline exceeded"}) or
     *     the monitor was stopped ({@code "context canceled"})
     */
    public void throwIfCancelled() {
        int reason = cancelReason;
        if (reason != 0) {
            throw error(reason);
        }
    }

    /**
     * Blocks until the check is cancelled, then throws its cancellation (the Java form of Go's
     * {@code <-ctx.Done(); return ctx.Err()}).
     *
     * @throws CheckCancelledException always, once cancelled
     * @throws InterruptedException if the thread was interrupted for another reason
     */
    public void awaitCancellation() throws InterruptedException {
        while (cancelReason == 0) {
            LockSupport.park(this);
            if (Thread.interrupted() && cancelReason == 0) {
                throw new InterruptedException();
            }
        }
        throw error(cancelReason);
    }

    private static CheckCancelledException error(int reason) {
        return new CheckCancelledException(
                reason == EXPIRED ? CheckCancelledException.DEADLINE_EXCEEDED : CheckCancelledException.CANCELED);
    }

    /** Called by the scheduler when the check timeout expires. */
    void expire() {
        cancel(EXPIRED);
    }

    /** Called by {@link Monitor#stop()}. */
    void cancelByStop() {
        cancel(CANCELED);
    }

    private void cancel(int reason) {
        if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            cancelReason = reason;
            thread.interrupt();
            LockSupport.unpark(thread);
            state = reason;
        }
    }

    /**
     * Marks the check as returned. If a cancellation got there first, waits until its interrupt was
     * delivered and clears it, so that the thread is clean for its next task.
     *
     * @return the cancellation reason message if the check was cancelled, else null
     */
    String finish() {
        if (STATE.compareAndSet(this, RUNNING, DONE)) {
            return null;
        }
        while (state == INTERRUPTING) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        return cancelReason == EXPIRED ? CheckCancelledException.DEADLINE_EXCEEDED : CheckCancelledException.CANCELED;
    }
}
