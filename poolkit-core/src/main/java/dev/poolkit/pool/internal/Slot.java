package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled resource and the bookkeeping the engine keeps on it. A slot is owned by exactly one
 * party at a time: the idle store, a lease holder, or a thread that took it (housekeeping, a
 * validation, a destruction), so most fields are plain and published by the store's or the lease's
 * atomic operations.
 *
 * <p>The lease generation {@code gen} is odd while the slot is leased and even otherwise. A lease
 * remembers the odd generation it was handed, and only a successful compare-and-set from that
 * generation ends it, so a second release of the same lease, a release after
 * {@code close(Duration)} revoked it, and the revocation itself can never both win: exactly one
 * party gets the slot back.
 */
final class Slot<T> extends CacheLinePadding {

    private static final VarHandle GEN;
    private static final VarHandle DEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GEN = lookup.findVarHandle(Slot.class, "gen", int.class);
            DEAD = lookup.findVarHandle(Slot.class, "dead", boolean.class);
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
    /** The next idle slot's index in its LIFO stripe, or -1. Written only by the pushing thread. */
    int nextIdle = -1;
    /** How many slots its LIFO stripe held, this one included, when it was pushed. */
    int idleDepth;

    private volatile int gen;
    private volatile boolean dead;

    long lastUsedNanos;
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

    static boolean isLeaseGen(int gen) {
        return (gen & 1) != 0;
    }

    /**
     * Starts a lease; only the slot's owner calls it, so a plain ordered write does.
     *
     * @return the lease's generation
     */
    int startLease() {
        int leaseGen = gen + 1;
        GEN.setRelease(this, leaseGen);
        return leaseGen;
    }

    /** Ends the lease of generation {@code leaseGen}; false if it already ended. */
    boolean endLease(int leaseGen) {
        return GEN.compareAndSet(this, leaseGen, leaseGen + 1);
    }

    /** Marks the slot dead; false if it already was, so that a resource is destroyed only once. */
    boolean kill() {
        return DEAD.compareAndSet(this, false, true);
    }

    boolean expired(long nowNanos) {
        return mortal && nowNanos - expiresAtNanos >= 0;
    }
}
