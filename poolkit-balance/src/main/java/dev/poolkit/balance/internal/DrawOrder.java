package dev.poolkit.balance.internal;

/**
 * Keeps the highest of a selection's draws without branching: each draw becomes a {@code long}
 * that orders as the draw does, with the candidate's index in its lowest bits, so that the best
 * is a running {@link Math#max(long, long)}. Which candidate wins a Thompson draw is random, so a
 * compare-and-branch mispredicts often (at 10 hosts with wide beliefs that cost more than the
 * draws themselves).
 *
 * <p>The index takes the lowest {@code ceil(log2 n)} bits of the draw's 52-bit fraction (4 at 10
 * candidates, 7 at 100): draws closer than {@code 2^-(52 - that)} relative count as equal, and
 * ties go to the first candidate.
 *
 * <p>Stateless and thread-safe.
 */
public final class DrawOrder {
    private DrawOrder() {}

    /**
     * Returns the mask of the index bits for {@code n} candidates.
     *
     * @param n the number of candidates, positive
     * @return {@code 2^ceil(log2 n) - 1}
     */
    public static long mask(int n) {
        return n > 1 ? -1L >>> Long.numberOfLeadingZeros(n - 1L) : 0L;
    }

    /**
     * Returns the key of {@code draw} for candidate {@code index}.
     *
     * @param draw a finite draw
     * @param index the candidate's index, at most {@code mask}
     * @param mask from {@link #mask(int)}
     * @return a key that orders as the draws do, then by lower index
     */
    public static long key(double draw, int index, long mask) {
        long bits = Double.doubleToRawLongBits(draw);
        long ordered = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        return (ordered & ~mask) | (mask - index);
    }

    /**
     * Returns the candidate index a key holds.
     *
     * @param key from {@link #key}
     * @param mask the mask it was made with
     * @return the index
     */
    public static int index(long key, long mask) {
        return (int) (mask - (key & mask));
    }
}
