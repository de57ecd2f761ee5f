package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller inside a slow acquire: parked in the pool's wait queue, or waiting for a creation or
 * validation that runs on the executor for it. The queue is an intrusive doubly linked list guarded
 * by the pool's lock, so a waiter that times out leaves it in O(1).
 *
 * <p>{@link #grant} is what the caller receives: an idle slot, the right to create one ({@link
 * #CREATE}), the news that the pool closed, that a validation failed ({@link #INVALID}), or a
 * creation failure. It goes from null to a value once per phase, by compare-and-set: the executor's
 * {@link #offer} and the caller's {@link #abandon} race for it, so a result that arrives after the
 * caller gave up is never lost but handed to the next caller instead.
 */
final class Waiter {

    /** Granted instead of a slot: the waiter may create a resource (its place was reserved for it). */
    static final Object CREATE = new Object();
    /** Granted when the pool closed. */
    static final Object CLOSED = new Object();
    /** Granted when the slot validated for the waiter failed: try again. */
    static final Object INVALID = new Object();
    /** Set by the waiter itself when it gave up. */
    static final Object ABANDONED = new Object();

    private static final VarHandle GRANT;

    static {
        try {
            GRANT = MethodHandles.lookup().findVarHandle(Waiter.class, "grant", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /**
     * When the caller started its slow acquire ({@link System#nanoTime()}): its age in the queue for
     * {@link dev.poolkit.pool.Fairness#BOUNDED}, kept when it queues again after a failed validation.
     */
    final long sinceNanos;

    volatile Object grant;
    /**
     * BOUNDED: the waiter will look at the idle store again before it parks, so a release need not
     * wake it. The waiter clears it before it looks and parks; a release sets it when it wakes it.
     */
    volatile boolean awake;

    Waiter prev;
    Waiter next;
    boolean queued;
    /** When the creation for this waiter was submitted ({@link System#nanoTime()}), or 0. */
    long creationStartNanos;

    Waiter(Thread thread, long sinceNanos) {
        this.thread = thread;
        this.sinceNanos = sinceNanos;
    }

    /** Starts a new phase; only the waiter calls it, when nobody else can reach it. */
    void reset() {
        grant = null;
    }

    /** Hands {@code value} to the waiter and wakes it; false if it gave up (or got something else). */
    boolean offer(Object value) {
        if (GRANT.compareAndSet(this, null, value)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * Gives up the current phase.
     *
     * @return null if nothing had arrived, else what arrived first (which the caller now owns)
     */
    Object abandon() {
        Object witness = GRANT.compareAndExchange(this, null, ABANDONED);
        return witness;
    }
}
