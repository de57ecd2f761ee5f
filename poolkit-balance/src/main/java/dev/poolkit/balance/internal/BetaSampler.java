package dev.poolkit.balance.internal;

/**
 * Draws from Beta distributions for Thompson sampling without allocating: {@code Beta(a, b) = Ga /
 * (Ga + Gb)} with {@code Ga ~ Gamma(a)} and {@code Gb ~ Gamma(b)} independent. Strategies compare
 * draws on the logit scale, {@code ln(X / (1 - X)) = ln Ga - ln Gb}, which keeps their order:
 * {@link #logit} looks the two logarithms up in {@link GammaQuantiles} (Kolmogorov distance from
 * the exact Beta below {@code 2 * GammaQuantiles.KOLMOGOROV_BOUND}), {@link #exactLogit} draws
 * them exactly with {@link #gamma}.
 *
 * <h2>Notes</h2>
 *
 * <ol>
 *   <li><b>Gamma variates</b> come from Marsaglia and Tsang's method ("A simple method for
 *       generating gamma variables", ACM TOMS 26(3), 2000), for shapes {@code >= 1}: with {@code d =
 *       a - 1/3}, {@code c = 1/sqrt(9d)} and a standard normal {@code x}, {@code d (1 + cx)^3} is
 *       accepted with a probability that makes it exactly Gamma(a). The cheap squeeze {@code u < 1
 *       - 0.0331 x^4} decides almost every case; the logarithms are needed in about 2% of draws
 *       and a new normal in under 5% (shape 1, the worst case; fewer for larger shapes). Those rare
 *       cases leave the straight-line common path for a loop of their own.
 *   <li><b>The constant c</b> comes from a bit-level first guess and two Newton steps, rounded up
 *       by at most {@code 1e-5} and never down: any {@code c >= 1/sqrt(9d)} keeps the acceptance
 *       test exact (the ratio of target and proposal then peaks at {@code x = 0}), and a square
 *       root and a division cost more. Only the squeeze, derived for the exact c, can accept a
 *       point it should not, with a probability below {@code 1e-9}.
 *   <li><b>Random bits.</b> A gamma variate takes one 64-bit word: the normal variate (exact, by
 *       the ziggurat method) uses bits 0-6 and 32-63, the acceptance uniform bits 7-31. The rare
 *       cases that need more (a wedge or the tail of the ziggurat, a rejected candidate) draw them
 *       from the shared generator. The acceptance uniform's 25-bit resolution moves an acceptance
 *       probability by at most {@code 2^-26}.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class BetaSampler {
    private static final double THIRD = 1.0 / 3.0;

    /**
     * What {@link #logitUpperBound} adds to the grid values' difference: far above the rounding of
     * a lookup (below {@code 1e-13} for the table's values, all within 50 of 0) and far below the
     * spread of any draw, so it makes the bound strict at no measurable cost in skips.
     */
    public static final double LOGIT_BOUND_SLACK = 1e-6;

    /** How many low bits of an int a {@link #boundCell} takes. */
    public static final int BOUND_CELL_BITS = 14;

    private static final int CELL_ROW_BITS = 7; // coarse rows 0 to GammaQuantiles.UNBOUNDED_ROW
    private static final int CELL_ROW_MASK = (1 << CELL_ROW_BITS) - 1;

    private BetaSampler() {}

    /**
     * Returns the logit of a Beta(a, b) draw made from one word of random bits by table lookup
     * ({@link GammaQuantiles}), exact for shapes of 1024 and above.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param bits 64 random bits
     * @param random the source for exact draws of large shapes
     * @return {@code ln(X / (1 - X))} for the draw X
     */
    public static double logit(double a, double b, long bits, AtomicSplitMix random) {
        return GammaQuantiles.logGamma(a, bits, false, random) - GammaQuantiles.logGamma(b, bits, true, random);
    }

    /**
     * Returns a value above {@link #logit}{@code (a, b, bits, random)}, from the same bits, for a
     * fraction of its cost: {@link GammaQuantiles#coarseBound}, an upper bound of {@code ln Ga}
     * minus a lower bound of {@code ln Gb}, plus {@link #LOGIT_BOUND_SLACK} for the rounding
     * of the interpolation (a few units in the last place of values below 50 in magnitude); infinite
     * when a shape is drawn exactly. A strategy that already has a draw above this value can skip
     * the candidate's draw without changing which candidate wins.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param bits the 64 random bits {@link #logit} would use
     * @return a strict upper bound of {@link #logit} by at least {@code LOGIT_BOUND_SLACK / 2}
     */
    public static double logitUpperBound(double a, double b, long bits) {
        return logitUpperBound(boundCell(a, b), bits);
    }

    /**
     * Returns {@link #logitUpperBound(double, double, long)} for the shapes of {@code cell}: the same
     * value for every pair of shapes with that {@link #boundCell}, which lets a strategy keep the
     * cell of a belief whose shapes change every selection, as long as they stay in the cell.
     *
     * @param cell from {@link #boundCell}; only its low {@link #BOUND_CELL_BITS} bits are read
     * @param bits the 64 random bits {@link #logit} would use
     * @return the bound
     */
    public static double logitUpperBound(int cell, long bits) {
        return GammaQuantiles.coarseBound(cell & CELL_ROW_MASK, (cell >>> CELL_ROW_BITS) & CELL_ROW_MASK, bits)
                + LOGIT_BOUND_SLACK;
    }

    /**
     * Returns the bound cell of the shapes: what {@link #logitUpperBound(double, double, long)}
     * derives from them, the coarse table's rows for the two shapes (or the unbounded row when a
     * shape is drawn exactly), packed into the low {@link #BOUND_CELL_BITS} bits of an int. Every
     * pair of shapes from {@link #boundCellShape} of each up to the next cell's has the same cell.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @return the cell, in {@code [0, 2^BOUND_CELL_BITS)}
     */
    public static int boundCell(double a, double b) {
        if (!(a < GammaQuantiles.MAX_TABULATED_SHAPE & b < GammaQuantiles.MAX_TABULATED_SHAPE)) {
            return GammaQuantiles.UNBOUNDED_ROW;
        }
        return GammaQuantiles.coarseUpperRow(a) | GammaQuantiles.coarseLowerRow(b) << CELL_ROW_BITS;
    }

    /**
     * Returns the least shape that falls into the same part of {@link #boundCell} as {@code shape}
     * (a cell of the coarse table, or 1024 for the shapes that are drawn exactly): a shape that only
     * shrinks keeps the cell while it is at least this.
     *
     * @param shape a shape, {@code >= 1}
     * @return the least shape of its cell, at most {@code shape}
     */
    public static double boundCellShape(double shape) {
        return GammaQuantiles.coarseCellShape(shape);
    }

    /**
     * Returns the logit of an exact Beta(a, b) draw: {@code ln Ga - ln Gb} with two {@link #gamma}
     * variates.
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param random the source of bits
     * @return {@code ln(X / (1 - X))} for the draw X
     */
    public static double exactLogit(double a, double b, AtomicSplitMix random) {
        return Math.log(gamma(a, random.nextLong(), random)) - Math.log(gamma(b, random.nextLong(), random));
    }

    /**
     * Draws from Gamma(shape), scale 1.
     *
     * @param shape the shape, {@code >= 1}
     * @param bits 64 random bits for the first attempt
     * @param random the source of further bits
     * @return the draw, positive
     */
    public static double gamma(double shape, long bits, AtomicSplitMix random) {
        double d = shape - THIRD;
        double c = inverseSqrtAtLeast(9.0 * d);
        // The common case without branches that could mispredict: a ziggurat core point and the
        // squeeze; anything else (about 3% of calls) goes to the loop below.
        double x = Ziggurat.core(bits);
        double w = 1.0 + c * x;
        double v = w * w * w;
        double u = (((bits >>> 7) & 0x1FF_FFFF) + 0.5) * 0x1.0p-25;
        double x2 = x * x;
        if ((w > 0) & (u < 1.0 - 0.0331 * x2 * x2)) { // NaN from core() fails the comparison
            return d * v;
        }
        return gammaSlow(d, c, bits, random);
    }

    private static double gammaSlow(double d, double c, long bits, AtomicSplitMix random) {
        while (true) {
            double x = Ziggurat.normal(bits, random);
            double w = 1.0 + c * x;
            if (w > 0) {
                double v = w * w * w;
                double u = (((bits >>> 7) & 0x1FF_FFFF) + 0.5) * 0x1.0p-25;
                double x2 = x * x;
                if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                    return d * v;
                }
            }
            bits = random.nextLong();
        }
    }

    /**
     * Returns {@code 1/sqrt(y)} rounded up by at most {@code 1e-5} relative, never down: the bit-level
     * first guess (relative error under 3.5%), two Newton steps (each lands below the root, the second
     * within {@code 5e-6}), and a factor of {@code 1 + 5e-6}.
     */
    static double inverseSqrtAtLeast(double y) {
        double r = Double.longBitsToDouble(0x5FE6EB50C7B537A9L - (Double.doubleToRawLongBits(y) >> 1));
        double half = 0.5 * y;
        r *= 1.5 - half * r * r;
        r *= 1.5 - half * r * r;
        return r * (1.0 + 5e-6);
    }
}
