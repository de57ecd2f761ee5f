package dev.poolkit.balance.strategy;

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
    EXACT
}
