package dev.poolkit.pool.internal;

import java.util.List;

/**
 * The idle resources of a pool. Removing a slot transfers its ownership to the caller; a slot is in
 * the store at most once.
 *
 * <p>The store counts its own contents and the slots handed out for leases, so that the pool's
 * stats never walk the slots: {@link #pop()} is the removal for a lease on the fast path and is
 * counted in {@link #popped()}; {@link #take()} is every other removal (the dispatcher, validation,
 * housekeeping, shrinking, closing) and is not.
 *
 * <p>Neither {@code pop} nor {@code take} misses a slot: they answer null only if at some moment
 * during the call the store was empty.
 *
 * <p>A store may keep a slot in place across leases (the hint cells of {@link StripedIdleStack}):
 * {@link #pop()} may then hand out a slot claimed in its cell ({@link Slot#HINTED} and {@link
 * Slot#CLAIMED}), whose lease starts as any other's, whose release the pool may give back with
 * {@link Slot#endHintedLease} if {@link #atHome}, and whose lease ended any other way the owner
 * reports with {@link #unhint}.
 */
interface IdleStore<T> {

    /** Adds an idle slot, which must not be in the store already. */
    void push(Slot<T> slot);

    /** Removes the slot to lease next, counted in {@link #popped()}; null if none is idle. */
    Slot<T> pop();

    /** Removes the slot to hand out next, not counted; null if none is idle. */
    Slot<T> take();

    /** Takes every idle slot into {@code into}, the one that would be handed out first first. */
    void drainTo(List<Slot<T>> into);

    /** Puts back slots taken by {@link #drainTo}, in the order drainTo gave them. */
    void restore(List<Slot<T>> slots);

    /** The slots in the store now; exact when the store is quiet. O(1) in the pool's size. */
    int count();

    /**
     * How many {@link #pop()} calls returned a slot; it never decreases, and may lag removals that
     * are still under way.
     */
    long popped();

    /**
     * Whether {@code slot}, leased hinted, may go back to its place by {@link Slot#endHintedLease}
     * when the calling thread releases it. A store that never hints answers false, as it is never asked.
     */
    default boolean atHome(Slot<T> slot) {
        return false;
    }

    /** Takes {@code slot} off its place after its owner ended a hinted lease or took it; only for a store that hints. */
    default void unhint(Slot<T> slot) {
        throw new IllegalStateException("this store never hints a slot");
    }

    /** Called by housekeeping at least every 30 seconds, so that {@link #popped()} stays exact forever. */
    void maintain();
}
