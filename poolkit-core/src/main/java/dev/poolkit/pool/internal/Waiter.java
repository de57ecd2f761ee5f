package dev.poolkit.pool.internal;

/**
 * A caller parked in a pool's wait queue. The queue is an intrusive doubly linked list guarded by
 * the pool's lock, so a waiter that times out leaves it in O(1). {@link #grant} is what the
 * dispatcher hands over: an idle slot, the right to create one, or the news that the pool closed.
 */
final class Waiter {

    /** Granted instead of a slot: the waiter may create a resource (its size was reserved for it). */
    static final Object CREATE = new Object();
    /** Granted when the pool closed. */
    static final Object CLOSED = new Object();

    final Thread thread;
    volatile Object grant;
    Waiter prev;
    Waiter next;
    boolean queued;

    Waiter(Thread thread) {
        this.thread = thread;
    }
}
