package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/**
 * A piece of a pool's work that calls the factory (create, validate, destroy) and runs on the
 * pool's executor, or housekeeping on its scheduler. The pool registers every task it submits, so
 * that {@code close()} can tell each of them ({@link #poolClosed()}) and wait until none runs.
 *
 * <p>An interrupt the pool delivers (on close, or when a validation overruns its timeout) reaches
 * the task's thread only while the body runs, and is cleared before the thread goes back to the
 * executor, so a pooled executor thread never carries it into somebody else's task. The state
 * machine is {@link java.util.concurrent.FutureTask}'s: whoever moves RUNNING on first, the body's
 * end or the interrupter, decides.
 */
abstract class PoolTask implements Runnable {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;
    private static final int DONE = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private volatile Thread runner;

    // Links of the pool's TaskRegistry, guarded by its lock.
    PoolTask prevTask;
    PoolTask nextTask;
    boolean registered;

    /** The work; exceptions it throws are logged by {@link #failed}. */
    abstract void body() throws Exception;

    /** Called instead of {@link #run()} when the executor refused the task; must not throw. */
    abstract void rejected(RejectedExecutionException e);

    /**
     * Called when the pool closes while the task is registered (queued or running); must not throw
     * and must not block. Creations and validations interrupt themselves and tell their caller; a
     * destroy is never interrupted.
     */
    void poolClosed() {}

    /** Called when {@link #body()} threw; must not throw. */
    abstract void failed(Throwable failure);

    /** Called last, whatever happened; must not throw. */
    abstract void ended();

    @Override
    public final void run() {
        runner = Thread.currentThread();
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            return; // ran already (a rejected task that was then run inline)
        }
        try {
            body();
        } catch (Throwable e) {
            failed(e);
        } finally {
            if (!STATE.compareAndSet(this, RUNNING, DONE)) {
                while (state == INTERRUPTING) {
                    Thread.onSpinWait();
                }
                Thread.interrupted(); // ours: do not leave it to the executor's next task
                state = DONE;
            }
            runner = null;
            ended();
        }
    }

    /**
     * Interrupts the body if it is running and has not been interrupted by the pool yet.
     *
     * @return whether an interrupt was delivered
     */
    final boolean interrupt() {
        if (!STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            return false;
        }
        try {
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
            }
        } finally {
            state = INTERRUPTED;
        }
        return true;
    }

    /** The thread running the body now, or null. */
    final Thread runner() {
        return runner;
    }
}
