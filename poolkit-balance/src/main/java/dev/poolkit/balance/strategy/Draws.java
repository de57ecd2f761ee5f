package dev.poolkit.balance.strategy;

import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.BetaSampler;

/**
 * How a Thompson strategy draws from its beliefs: the production setting and the two references
 * the tests compare it with.
 */
enum Draws {
    /**
     * Table lookups ({@code BetaSampler.logit}), skipping a candidate whose {@code
     * BetaSampler.logitUpperBound} from the same bits is below a draw already made: it cannot win,
     * so the winner is the one {@link #TABLE_EVERY_HOST} picks from the same bits.
     */
    TABLE,
    /** Table lookups for every candidate: the reference for the skip. */
    TABLE_EVERY_HOST,
    /** Exact draws ({@code BetaSampler.exactLogit}): the reference for the table. */
    EXACT;

    /** What {@link #draw} returns for a candidate that cannot win. */
    static final double CANNOT_WIN = Double.NEGATIVE_INFINITY;

    /**
     * Draws the logit of a Beta(a, b) belief from {@code bits}, or returns {@link #CANNOT_WIN}
     * without drawing when this setting skips and the draw could not exceed {@code bestDraw}.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param bits the candidate's 64 random bits
     * @param bestDraw the highest draw of this selection so far
     * @param random the source for exact draws
     * @return the draw, or {@link #CANNOT_WIN}
     */
    double draw(double a, double b, long bits, double bestDraw, AtomicSplitMix random) {
        if (skips() && BetaSampler.logitUpperBound(a, b, bits) < bestDraw) {
            return CANNOT_WIN;
        }
        return draw(a, b, bits, random);
    }

    /**
     * Draws the logit of a Beta(a, b) belief from {@code bits}, for a caller that made the skip
     * decision itself.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param bits the candidate's 64 random bits
     * @param random the source for exact draws
     * @return the draw
     */
    double draw(double a, double b, long bits, AtomicSplitMix random) {
        return this == EXACT ? BetaSampler.exactLogit(a, b, random) : BetaSampler.logit(a, b, bits, random);
    }

    /**
     * Returns whether this setting skips the candidates whose {@code BetaSampler.logitUpperBound} is
     * below a draw already made.
     *
     * @return true for {@link #TABLE}
     */
    boolean skips() {
        return this == TABLE;
    }
}
