package dev.poolkit.balance.strategy;

import dev.poolkit.balance.internal.BetaSampler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-host state of a Thompson strategy that keeps its belief's skip-bound cell ({@link
 * BetaSampler#boundCell}) together with the first step at which it no longer holds, so that a
 * selection bounds a candidate's draw with its bits and two table loads, without computing its
 * shapes: shared by {@link ThompsonSampling} and {@link ChangeDetectingThompson}, whose shapes only
 * shrink between feedbacks (by the discount, by aging), each on a clock of its own (see {@link
 * #cellEntry}).
 *
 * <p>Thread-safe: {@link #lock} serialises feedbacks; selections read {@link #bound} without
 * locking and publish a recomputed entry with a compare-and-set.
 */
abstract class SkipCellState extends OwnedState {
    /** Where {@link #bound} keeps the end above the cell. */
    static final int END_SHIFT = BetaSampler.BOUND_CELL_BITS;

    /** The latest end an entry can hold; later ends are stored as this. */
    static final long MAX_END = -1L >>> END_SHIFT;

    private static final int UNBOUNDED_CELL = BetaSampler.boundCell(Double.POSITIVE_INFINITY, 1);
    private static final VarHandle BOUND;

    static {
        try {
            BOUND = MethodHandles.lookup().findVarHandle(SkipCellState.class, "bound", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Serialises feedback on this host. */
    final ReentrantLock lock = new ReentrantLock();

    /**
     * The skip bound's cell and how long it holds, in one long so that a selection never pairs one
     * entry's cell with another's end: {@link BetaSampler#boundCell} of the shapes in the low
     * {@link BetaSampler#BOUND_CELL_BITS} bits, above them the first step (of the owner's clock, at
     * least 0) at which it no longer holds (0, the initial value: never valid). Written by feedback
     * for the new evidence (under {@link #lock}, after the evidence) and by a selection that finds
     * it expired, with a compare-and-set against the entry it found: a selection's entry computed
     * from evidence that a feedback replaced before the feedback's own entry is either refused or
     * overwritten by that entry, so the entry that stays belongs to the evidence.
     *
     * <p>A selection's entry starts at its own step; another selection running at the same time
     * with an earlier step can read it, and then bounds a first shape that left a cell in those few
     * steps with the cell's bound below it, a looseness of the kind concurrent selections already
     * have (they read the evidence without locking, so a selection can mix two feedbacks' values).
     * Ends are kept below {@code 2^50} steps: past that every selection recomputes the cell.
     */
    volatile long bound;

    /**
     * Creates state owned by {@code owner}.
     *
     * @param owner the strategy instance
     */
    SkipCellState(Object owner) {
        super(owner);
    }

    /**
     * Returns the entry of {@link #bound} if it holds at step {@code t}, else a recomputed one
     * ({@code refresh}): the cell alone while it holds, no shapes. Kept to a few bytecodes, with the
     * refresh out of line, so that the compiler inlines it into a selection loop whatever its size
     * (a version that held the refresh made selection at 100 hosts 1.3-1.4x slower).
     *
     * @param t the step, {@code >= 0}, of the clock {@link #cellEntry} counts in
     * @return an entry whose cell holds at {@code t}; pass its low int to {@link
     *     BetaSampler#logitUpperBound(int, long)}
     */
    final long cellAt(long t) {
        long entry = bound;
        return holds(entry, t) ? entry : refresh(entry, t);
    }

    /** Returns whether {@code entry} holds at step {@code t}. */
    static boolean holds(long entry, long t) {
        return t < entry >>> END_SHIFT;
    }

    /**
     * Returns the entry of step {@code t} for a selection that found {@code seen} expired: computed
     * from the evidence and kept unless another thread wrote an entry in the meantime. If its end is
     * not past {@code t} (a rounding at a cell's edge), the unbounded cell, so that the candidate is
     * drawn.
     *
     * @param seen the expired entry read from {@link #bound}
     * @param t the step, {@code >= 0}
     * @return an entry whose cell holds at {@code t}
     */
    private long refresh(long seen, long t) {
        long entry = cellEntry(t);
        BOUND.compareAndSet(this, seen, entry); // never waits: the selection must not block
        return holds(entry, t) ? entry : UNBOUNDED_CELL;
    }

    /**
     * Returns the entry of this belief's current evidence at step {@code t}: its shapes' cell and
     * the first step from which they are no longer in it (shapes only shrink between feedbacks, so
     * they are in the cell from {@code t} up to that end), made by {@link #entry}.
     *
     * @param t the step, {@code >= 0}
     * @return the entry
     */
    abstract long cellEntry(long t);

    /**
     * Packs an entry: {@code cell}, holding from step {@code start} for {@code steps} more steps.
     *
     * @param cell from {@link BetaSampler#boundCell}
     * @param start the first step it holds at
     * @param steps how many steps after {@code start} it still holds, {@link Long#MAX_VALUE} for
     *     ever, -1 for none
     * @return the entry
     */
    static long entry(int cell, long start, long steps) {
        long end = steps < MAX_END - start ? Math.max(start + steps + 1, 0) : MAX_END;
        return end << END_SHIFT | cell;
    }
}
