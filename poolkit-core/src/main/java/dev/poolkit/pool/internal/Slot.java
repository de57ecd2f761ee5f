package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled resource and the bookkeeping the engine keeps on it. A slot is owned by exactly one
 * party at a time: the idle store, a lease holder, or a thread that popped it (housekeeping,
 * validation, destruction), so most fields are plain and published by the store's or the lease's
 * atomic operations.
 *
 * <p>The lease generation {@code gen} is what makes a stale {@code Lease} harmless: a lease remembers
 * the generation it was handed, and only a successful compare-and-set from that generation may
 * return the slot, so a second release of the same lease (or a release after the pool revoked it)
 * can never return somebody else's lease.
 */
final class Slot<T> extends CacheLinePadding {

    static final int IDLE = 0;
    static final int LEASED = 1;
    static final int RESERVED = 2;
    static final int DEAD = 3;

    private static final VarHandle GEN;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GEN = lookup.findVarHandle(Slot.class, "gen", int.class);
            STATE = lookup.findVarHandle(Slot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final T resource;
    /** When the resource must be retired; meaningful only if {@code mortal}. */
    final long expiresAtNanos;
    /** Whether the resource has a maximum lifetime at all. */
    final boolean mortal;

    /** Index in the {@link SlotTable}; fixed while the slot is registered. */
    int index = -1;
    /** The next idle slot's index in the LIFO stack, or -1. Written only by the pushing thread. */
    int nextIdle = -1;

    private volatile int gen;
    private volatile int state = RESERVED;

    long lastUsedNanos;
    /** Times this slot was leased; written only by the thread that owns the slot. */
    long acquisitions;

    long lastValidatedNanos;

    // Leak detection; written by the acquiring thread, read by housekeeping.
    volatile long leasedAtNanos;
    volatile Throwable leaseSite;
    volatile boolean leakReported;

    Slot(T resource, long createdNanos, long lifetimeNanos) {
        this.resource = resource;
        this.mortal = lifetimeNanos > 0;
        this.expiresAtNanos = createdNanos + lifetimeNanos;
        this.lastUsedNanos = createdNanos;
        this.lastValidatedNanos = createdNanos;
    }

    int gen() {
        return gen;
    }

    /** Ends the lease of generation {@code expected}; false if it already ended. */
    boolean endLease(int expected) {
        return GEN.compareAndSet(this, expected, expected + 1);
    }

    int state() {
        return state;
    }

    void state(int newState) {
        STATE.setRelease(this, newState);
    }

    /** Marks the slot dead; false if it already was, so that a resource is destroyed only once. */
    boolean kill() {
        for (; ; ) {
            int current = state;
            if (current == DEAD) {
                return false;
            }
            if (STATE.compareAndSet(this, current, DEAD)) {
                return true;
            }
        }
    }

    boolean expired(long nowNanos) {
        return mortal && nowNanos - expiresAtNanos >= 0;
    }
}
