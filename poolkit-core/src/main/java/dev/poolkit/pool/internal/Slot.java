package dev.poolkit.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled resource and the bookkeeping the engine keeps on it. A slot is owned by exactly one
 * party at a time: the idle store, a lease holder, or a thread that took it (housekeeping, a
 * validation, a destruction), so most fields are plain and published by the store's or the lease's
 * atomic operations.
 *
 * <p>The state word {@code gen} holds how many leases the slot has had (bits 63..2), whether it is
 * {@link #HINTED hinted} (bit 1: it lives in its LIFO stripe's hint cell, not in the stack; see
 * {@link LifoIdleStack}), whether it is {@link #CLAIMED claimed} there for a lease not started yet
 * (bit 2), and whether it is {@link #LEASED leased} (bit 0). A lease remembers the
 * word it was handed, and only a successful compare-and-set from that word ends it, so a second
 * release of the same lease, a release after {@code close(Duration)} revoked it, and the revocation
 * itself can never both win: exactly one party gets the slot back. A hinted slot is idle when it is
 * hinted and neither claimed nor leased; claiming it is one compare-and-set on this word, the
 * claimer starts the lease with an ordered write as for a popped slot, and a release puts it back
 * with the one compare-and-set that ends the lease.
 */
final class Slot<T> extends CacheLinePadding {

    private static final VarHandle GEN;
    private static final VarHandle DEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GEN = lookup.findVarHandle(Slot.class, "gen", long.class);
            DEAD = lookup.findVarHandle(Slot.class, "dead", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bit 0 of the state word: leased. */
    static final long LEASED = 1;
    /** Bit 1 of the state word: the slot lives in {@link #hintStripe}'s hint cell. */
    static final long HINTED = 2;
    /**
     * Bit 2 of the state word: claimed from its hint cell by a thread that has not started the lease
     * yet. Such a slot is owned, like a slot just popped from a stack: revocation and other claimers
     * leave it alone, so nobody can end a lease before its holder has it.
     */
    static final long CLAIMED = 4;
    /** The lease count's unit in the state word. */
    private static final long ONE_LEASE = 8;

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

    /**
     * The stripe whose hint cell holds this slot, while {@link #HINTED}; written by the owner before
     * it hints the slot.
     */
    LifoIdleStack<T> hintStripe;
    /** The lease count when the slot was hinted: the leases since are counted by its stripe. */
    long hintStart;

    private volatile long gen;
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

    long gen() {
        return gen;
    }

    static boolean isLeaseGen(long gen) {
        return (gen & LEASED) != 0;
    }

    static boolean isHinted(long gen) {
        return (gen & HINTED) != 0;
    }

    /** Whether a slot in state {@code gen} is idle in its stripe's hint cell. */
    static boolean isIdleHint(long gen) {
        return (gen & (HINTED | LEASED | CLAIMED)) == HINTED;
    }

    /** How many leases a slot in state {@code gen} has had. */
    static long leases(long gen) {
        return gen >>> 3;
    }

    /**
     * Starts a lease of an owned slot; only the owner calls it, so a plain ordered write does. A slot
     * claimed from its hint cell ({@link #claimHinted}) has its lease counted already.
     *
     * @return the lease's state word
     */
    long startLease() {
        long current = gen;
        long leaseGen = (current & CLAIMED) != 0 ? (current & ~CLAIMED) | LEASED : current + ONE_LEASE + LEASED;
        GEN.setRelease(this, leaseGen);
        return leaseGen;
    }

    /**
     * Ends the lease {@code leaseGen}, and the slot is owned and no longer hinted; false if the lease
     * already ended. If it was hinted, the caller takes it off its stripe's hint cell.
     */
    boolean endLease(long leaseGen) {
        return GEN.compareAndSet(this, leaseGen, leaseGen & ~(LEASED | HINTED));
    }

    /**
     * Ends the hinted lease {@code leaseGen} and leaves the slot idle in its hint cell; false if it
     * already ended.
     */
    boolean endHintedLease(long leaseGen) {
        return GEN.compareAndSet(this, leaseGen, leaseGen & ~LEASED);
    }

    /**
     * Claims a slot that was idle in its hint cell in state {@code idleGen} for a lease, counted now
     * and started by the caller's {@link #startLease}; false if it was not idle there.
     */
    boolean claimHinted(long idleGen) {
        return GEN.compareAndSet(this, idleGen, idleGen + ONE_LEASE + CLAIMED);
    }

    /**
     * Takes a slot that was idle in its hint cell in state {@code idleGen} without leasing it: it is
     * owned and no longer hinted, and the caller takes it off its stripe's hint cell.
     */
    boolean takeHinted(long idleGen) {
        return GEN.compareAndSet(this, idleGen, idleGen & ~HINTED);
    }

    /**
     * Makes an owned slot, just put into a hint cell, idle there. A volatile write: a release reads
     * {@code waiting} next, and a waiter that bumped it must see the slot (note 3 of {@link FairPool}).
     */
    void markHinted() {
        GEN.setVolatile(this, gen | HINTED);
    }

    /** Marks the slot dead; false if it already was, so that a resource is destroyed only once. */
    boolean kill() {
        return DEAD.compareAndSet(this, false, true);
    }

    boolean expired(long nowNanos) {
        return mortal && nowNanos - expiresAtNanos >= 0;
    }
}
