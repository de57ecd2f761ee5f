package dev.poolkit.balance.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Logarithms of Gamma(s) variates by table lookup: the inverse CDF of {@code ln Gamma(s)},
 * tabulated for shapes on a grid and probabilities on a grid, interpolated linearly in both. A
 * Beta(a, b) draw on the logit scale is {@code ln Ga - ln Gb}, so two lookups replace two gamma
 * variates and the comparison of draws needs no division and no logarithm.
 *
 * <h2>Notes</h2>
 *
 * <ol>
 *   <li><b>Shapes</b> {@code 1 <= s < 1024}: 64 grid points per octave, {@code s = 2^e (1 + j/64)},
 *       so a shape's row is read off its bits (exponent and 6 mantissa bits) and the weight of the
 *       next row is the rest of the mantissa. Interpolating two rows' quantile functions gives a
 *       proper distribution (the mixture of two monotone functions is monotone) whose Kolmogorov
 *       distance to Gamma(s) grows like {@code sqrt(s) / 64^2}: the largest is near {@code s =
 *       1024}, where the rows are the furthest apart in standard deviations.
 *   <li><b>Probabilities.</b> One half of 32 random bits (the sign bit) picks the lower or upper
 *       tail, the other 31 bits a tail probability {@code p} in {@code (0, 1/2)}; {@code p} has 16
 *       grid points per octave down to {@code 2^-27}, again read off its bits, and the quantile is
 *       interpolated linearly in {@code p} between them. Octaves keep the relative spacing the same
 *       far out in the tails, where a uniform grid would get them wrong (the upper tail of a host
 *       that mostly failed is what Thompson sampling's exploration lives on). Probabilities beyond
 *       {@code 2^-27} (7.5e-9 per tail) take the last grid point's quantile.
 *   <li><b>Error.</b> Against the exact Gamma(s) the Kolmogorov distance of a lookup is below
 *       {@link #KOLMOGOROV_BOUND} for every shape in range, tested on and between the grid points;
 *       the logit Beta draw {@code ln Ga - ln Gb} is then within twice that of the exact Beta
 *       distribution (for independent sums, Kolmogorov distances add).
 *   <li><b>Memory.</b> Rows are built lazily on first use, from {@link IncompleteGamma} by Newton
 *       steps (about 1 ms a row), and published through an atomic array; a race builds a row
 *       twice, and both copies are equal. Values are floats (a rounding of at most {@code 1e-6}
 *       on the log scale, under {@code 1e-5} of a standard deviation at any shape in range), which halves the
 *       memory a selection touches: all 641 rows together take 2.1 MB, a service touches the
 *       rows its hosts' evidence reaches.
 *   <li>Shapes of 1024 and above (a host with more evidence than the strategies keep) are drawn
 *       exactly with {@link BetaSampler#gamma} and a logarithm.
 * </ol>
 *
 * <p>Stateless apart from the shared table; thread-safe.
 */
public final class GammaQuantiles {
    /** The largest Kolmogorov distance of a lookup from the exact Gamma distribution. */
    public static final double KOLMOGOROV_BOUND = 2e-4;

    /** Shapes below this are looked up; larger ones are drawn exactly. */
    static final double MAX_TABULATED_SHAPE = 1024;

    private static final int SHAPE_BITS = 6; // 64 rows per octave
    private static final int SHAPE_SHIFT = 52 - SHAPE_BITS;
    private static final long SHAPE_FRACTION_MASK = (1L << SHAPE_SHIFT) - 1;
    private static final double SHAPE_FRACTION_SCALE = 0x1.0p-46;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    static final int ROWS = 10 << SHAPE_BITS; // 1 <= s < 1024, plus the row at 1024 itself

    private static final int P_BITS = 4; // 16 grid points per octave of p
    private static final int P_SHIFT = 52 - P_BITS;
    private static final long P_FRACTION_MASK = (1L << P_SHIFT) - 1;
    private static final double P_FRACTION_SCALE = 0x1.0p-48;
    /** Octaves of p: [2^-27, 2^-26), ..., [1/4, 1/2). */
    private static final int OCTAVES = 26;
    /** The grid index of p is its bits' top 16 bits minus this: biased exponent of 2^-27, times 16. */
    private static final int P_INDEX_OFFSET = (1023 - 27) << P_BITS;
    /** Grid points per tail, both ends included: p = 2^-27 ... p = 1/2. */
    static final int POINTS = (OCTAVES << P_BITS) + 1;

    private static final AtomicReferenceArray<float[]> TABLE = new AtomicReferenceArray<>(ROWS + 1);

    /** The coarse table of the bounds: every 8th row, a bound per top 8 bits of a 32-bit word. */
    private static final int COARSE_ROW_SHIFT = 3;

    private static final int PREFIX_BITS = 8;
    private static final int PREFIXES = 1 << PREFIX_BITS;
    /** A coarse row: the bounds from above for each prefix, then those from below. */
    private static final int COARSE_ROW_LENGTH = 2 * PREFIXES;

    private static final int COARSE_ROWS = (ROWS >> COARSE_ROW_SHIFT) + 1;

    /**
     * The coarse row past the tabulated ones, all {@code +Infinity}: as the upper row of {@link
     * #coarseBound(int, int, long)} it makes the bound infinite, for shapes that are drawn exactly.
     */
    static final int UNBOUNDED_ROW = COARSE_ROWS;

    /**
     * The coarse rows one after the other (see {@link #coarseBound}), NaN until built, then {@link
     * #UNBOUNDED_ROW}: one flat array, so that a bound is one load with no reference to follow and no
     * atomic read.
     */
    private static final float[] COARSE = new float[(COARSE_ROWS + 1) * COARSE_ROW_LENGTH];

    /** Which coarse rows are built: set after their values are written. */
    private static final AtomicIntegerArray COARSE_BUILT = new AtomicIntegerArray(COARSE_ROWS + 1);

    static {
        Arrays.fill(COARSE, 0, COARSE_ROWS * COARSE_ROW_LENGTH, Float.NaN);
        Arrays.fill(COARSE, COARSE_ROWS * COARSE_ROW_LENGTH, COARSE.length, Float.POSITIVE_INFINITY);
        COARSE_BUILT.set(UNBOUNDED_ROW, 1);
    }

    private GammaQuantiles() {}

    /**
     * Returns {@code ln G} for a Gamma(shape) variate {@code G} made from 32 random bits (the low
     * half of {@code bits} if {@code high} is false, else the high half), for tabulated shapes,
     * or drawn exactly from {@code random} for shapes of 1024 and above.
     *
     * @param shape the shape, {@code >= 1}
     * @param bits random bits
     * @param high whether to use the high 32 bits
     * @param random the source for exact draws of large shapes
     * @return the logarithm of the variate
     */
    public static double logGamma(double shape, long bits, boolean high, AtomicSplitMix random) {
        if (!(shape < MAX_TABULATED_SHAPE)) {
            return Math.log(BetaSampler.gamma(shape, random.nextLong(), random));
        }
        long shapeBits = Double.doubleToRawLongBits(shape) - ONE_BITS;
        int row = (int) (shapeBits >>> SHAPE_SHIFT);
        double weight = (shapeBits & SHAPE_FRACTION_MASK) * SHAPE_FRACTION_SCALE;
        int word = high ? (int) (bits >>> 32) : (int) bits;
        long pBits = tailProbabilityBits(word);
        int index = (int) (pBits >>> P_SHIFT) - P_INDEX_OFFSET;
        double t = (pBits & P_FRACTION_MASK) * P_FRACTION_SCALE;
        if (index < 0) { // beyond 2^-27: the last grid point
            index = 0;
            t = 0;
        }
        index += POINTS & (word >> 31); // the upper tail; no branch on a random sign
        float[] lower = row(row);
        float[] upper = row(row + 1);
        double a = lower[index] + t * (lower[index + 1] - lower[index]);
        double b = upper[index] + t * (upper[index + 1] - upper[index]);
        return a + weight * (b - a);
    }

    /** Returns the bits of the tail probability {@link #logGamma} takes from {@code word}, in (0, 1/2). */
    private static long tailProbabilityBits(int word) {
        return Double.doubleToRawLongBits(((word & 0x7FFF_FFFF) + 0.5) * 0x1.0p-32);
    }

    /**
     * Returns the grid point at or below the tail probability of {@code word} in the row layout
     * (the upper tail's points after the lower tail's): a lookup interpolates it and the next.
     */
    private static int gridPoint(int word) {
        int index = Math.max((int) (tailProbabilityBits(word) >>> P_SHIFT) - P_INDEX_OFFSET, 0);
        return index + (POINTS & (word >> 31));
    }

    /**
     * Returns a value at least {@code logGamma(a, bits, false) - logGamma(b, bits, true)} for
     * tabulated shapes, with two loads from a coarse table of 2 KB per coarse row (168 KB in all, of
     * which a selection touches the rows its hosts' evidence reaches):
     * an upper bound of {@code ln Ga} minus a lower bound of {@code ln Gb}, before rounding. A lookup
     * interpolates linearly between two rows and two grid points of {@code p}, so its value is a
     * weighted mean of those four grid values; the table grows with the shape, so the two grid
     * values at a row at or above the upper one are at least those of both rows, and at a row at or
     * below the lower one at most. The coarse table keeps every 8th row, and per row and each value
     * of a word's top 8 bits (the tail and the 7 leading bits of its probability) the largest and
     * the smallest of the grid values the words with those bits interpolate: the values grow or
     * shrink along each tail ({@code GammaQuantilesTest} checks every row), so they are those of the
     * prefix's first and last word. The index is then a shift of the word; most words (all with a
     * probability above {@code 2^-8}) fall in prefixes narrower than the grid's own half-octaves.
     *
     * <p>The coarse table is read without synchronisation: a float is written atomically, every
     * writer writes the same value, and a row not yet seen as built reads NaN, which is taken here
     * to build it (under {@link #COARSE_BUILT}, whose write is what makes the values visible).
     *
     * @param a the first shape, in {@code [1, 1024)}
     * @param b the second shape, in {@code [1, 1024)}
     * @param bits the 64 random bits of the lookups
     * @return an upper bound of the difference of the lookups' values, before rounding
     */
    static double coarseBound(double a, double b, long bits) {
        return coarseBound(coarseUpperRow(a), coarseLowerRow(b), bits);
    }

    /**
     * Returns the coarse row whose values bound those of {@code shape}'s lookups from above: the
     * one above the coarse cell of its row, which is the same for every shape from {@link
     * #coarseCellShape}{@code (shape)} up to the next cell's.
     *
     * @param shape the shape, in {@code [1, 1024)}
     * @return the row, in {@code [1, UNBOUNDED_ROW)}
     */
    static int coarseUpperRow(double shape) {
        return (shapeRow(shape) >> COARSE_ROW_SHIFT) + 1;
    }

    /**
     * Returns the coarse row whose values bound those of {@code shape}'s lookups from below: its
     * coarse cell's own, the same for every shape of the cell.
     *
     * @param shape the shape, in {@code [1, 1024)}
     * @return the row, in {@code [0, UNBOUNDED_ROW - 1)}
     */
    static int coarseLowerRow(double shape) {
        return shapeRow(shape) >> COARSE_ROW_SHIFT;
    }

    /**
     * Returns the least shape of {@code shape}'s coarse cell: every shape from there up to the next
     * cell's has the same {@link #coarseUpperRow} and {@link #coarseLowerRow}. For shapes of 1024
     * and above (drawn exactly), 1024.
     *
     * @param shape the shape, {@code >= 1}
     * @return the least shape of the cell, at most {@code shape}
     */
    static double coarseCellShape(double shape) {
        return shape < MAX_TABULATED_SHAPE
                ? rowShape((shapeRow(shape) >> COARSE_ROW_SHIFT) << COARSE_ROW_SHIFT)
                : MAX_TABULATED_SHAPE;
    }

    /**
     * Returns {@link #coarseBound(double, double, long)} from the coarse rows of the shapes instead
     * of the shapes: {@code upperRow} from {@link #coarseUpperRow} or {@link #UNBOUNDED_ROW}, {@code
     * lowerRow} from {@link #coarseLowerRow}.
     *
     * @param upperRow the coarse row of the first shape's bound
     * @param lowerRow the coarse row of the second shape's bound
     * @param bits the 64 random bits of the lookups
     * @return the bound, infinite for {@link #UNBOUNDED_ROW}
     */
    static double coarseBound(int upperRow, int lowerRow, long bits) {
        int upperIndex = upperRow * COARSE_ROW_LENGTH + ((int) bits >>> (32 - PREFIX_BITS));
        int lowerIndex = lowerRow * COARSE_ROW_LENGTH + PREFIXES + (int) (bits >>> (64 - PREFIX_BITS));
        double bound = (double) COARSE[upperIndex] - (double) COARSE[lowerIndex];
        if (bound != bound) { // a row not built yet (seen as built): rare, so out of line
            buildCoarse(upperRow);
            buildCoarse(lowerRow);
            bound = (double) COARSE[upperIndex] - (double) COARSE[lowerIndex];
        }
        return bound;
    }

    /**
     * Builds coarse row {@code c} from row {@code c * 8}: for each prefix, the largest and the
     * smallest grid value that a word with the prefix interpolates.
     */
    private static void buildCoarse(int c) {
        if (COARSE_BUILT.get(c) != 0) {
            return;
        }
        float[] fine = row(c << COARSE_ROW_SHIFT);
        int base = c * COARSE_ROW_LENGTH;
        for (int prefix = 0; prefix < PREFIXES; prefix++) {
            int first = gridPoint(prefix << (32 - PREFIX_BITS));
            int last = gridPoint(((prefix + 1) << (32 - PREFIX_BITS)) - 1);
            COARSE[base + prefix] =
                    Math.max(Math.max(fine[first], fine[first + 1]), Math.max(fine[last], fine[last + 1]));
            COARSE[base + PREFIXES + prefix] =
                    Math.min(Math.min(fine[first], fine[first + 1]), Math.min(fine[last], fine[last + 1]));
        }
        COARSE_BUILT.set(c, 1);
    }

    /** Returns the row at or below {@code shape}, in {@code [1, 1024)}. */
    private static int shapeRow(double shape) {
        return (int) ((Double.doubleToRawLongBits(shape) - ONE_BITS) >>> SHAPE_SHIFT);
    }

    /**
     * Returns the tabulated row {@code row}: the logarithms of Gamma's quantiles at {@link
     * #gridProbability(int)} for the lower tail, then for the upper tail.
     */
    static float[] row(int row) {
        float[] values = TABLE.get(row);
        return values != null ? values : build(row);
    }

    /** Returns the shape of row {@code row}: {@code 2^(row / 64) (1 + (row % 64) / 64)}. */
    static double rowShape(int row) {
        return Double.longBitsToDouble(ONE_BITS + ((long) row << SHAPE_SHIFT));
    }

    /** Returns the tail probability of grid point {@code i} in {@code [0, POINTS)}. */
    static double gridProbability(int i) {
        return Double.longBitsToDouble((long) (i + P_INDEX_OFFSET) << P_SHIFT);
    }

    private static float[] build(int row) {
        double shape = rowShape(row);
        float[] values = new float[2 * POINTS];
        double y = Math.log(shape);
        for (int i = POINTS - 1; i >= 0; i--) { // from the median outwards, each solution the next guess
            y = IncompleteGamma.logQuantile(shape, gridProbability(i), false, y);
            values[i] = (float) y;
        }
        y = Math.log(shape);
        for (int i = POINTS - 1; i >= 0; i--) {
            y = IncompleteGamma.logQuantile(shape, gridProbability(i), true, y);
            values[POINTS + i] = (float) y;
        }
        TABLE.compareAndSet(row, null, values);
        return TABLE.get(row);
    }
}
