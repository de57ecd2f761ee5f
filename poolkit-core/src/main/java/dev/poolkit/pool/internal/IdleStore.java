package dev.poolkit.pool.internal;

import java.util.List;

/**
 * The idle resources of a pool. Popping a slot transfers its ownership to the caller; a slot is in
 * the store at most once.
 */
interface IdleStore<T> {

    /** Adds an idle slot, which must not be in the store already. */
    void push(Slot<T> slot);

    /** Removes and returns the slot to hand out next, or null if none is idle. */
    Slot<T> pop();

    /** Removes every idle slot into {@code into}, the one that would be handed out first first. */
    void drainTo(List<Slot<T>> into);

    /** Puts back slots taken by {@link #drainTo}, in the order drainTo gave them. */
    void restore(List<Slot<T>> slots);
}
