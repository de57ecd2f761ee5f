package dev.poolkit.balance.internal;

/**
 * Powers of a discount factor, {@code gamma^k}, from three tables ({@code gamma^k}, {@code
 * gamma^(4096 j)} and {@code gamma^(4096^2 j)}, for k and j below 4096), so that lazily discounted
 * statistics cost up to three lookups instead of a {@code Math.pow} per host and selection, for gaps
 * of up to 68 billion steps (a host left without feedback for 16 million selections, a few seconds
 * of a busy selector, would otherwise cost a {@code Math.pow} per selection from then on).
 *
 * <p>Immutable and thread-safe.
 */
public final class Discount {
    private static final int TABLE_SIZE = 4096;
    /** Beyond this many steps {@link #lastStepAtLeast} answers "never": 2^52, past any step count. */
    private static final double MAX_STEPS = 0x1.0p52;

    private final double gamma;
    /** {@code 1 / ln gamma}, for {@link #lastStepAtLeast}: one logarithm per call instead of two. */
    private final double inverseLogGamma;

    private final double[] powers;
    private final double[] strides;
    private final double[] giants;

    /**
     * Creates the table.
     *
     * @param gamma the factor in {@code (0, 1]}
     */
    public Discount(double gamma) {
        this.gamma = gamma;
        this.inverseLogGamma = 1.0 / Math.log(gamma);
        this.powers = new double[TABLE_SIZE];
        this.strides = new double[TABLE_SIZE];
        this.giants = new double[TABLE_SIZE];
        for (int i = 0; i < TABLE_SIZE; i++) {
            powers[i] = Math.pow(gamma, i);
            strides[i] = Math.pow(gamma, (double) i * TABLE_SIZE);
            giants[i] = Math.pow(gamma, (double) i * TABLE_SIZE * TABLE_SIZE);
        }
    }

    /**
     * Returns {@code gamma^k}.
     *
     * @param k the exponent; values {@code <= 0} give 1
     * @return the power
     */
    public double pow(long k) {
        if (k <= 0) {
            return 1.0;
        }
        if (k < TABLE_SIZE) {
            return powers[(int) k];
        }
        if (k < (long) TABLE_SIZE * TABLE_SIZE) {
            return strides[(int) (k >>> 12)] * powers[(int) (k & (TABLE_SIZE - 1))];
        }
        return k < (long) TABLE_SIZE * TABLE_SIZE * TABLE_SIZE
                ? giants[(int) (k >>> 24)]
                        * strides[(int) ((k >>> 12) & (TABLE_SIZE - 1))]
                        * powers[(int) (k & (TABLE_SIZE - 1))]
                : Math.pow(gamma, k);
    }

    /**
     * Returns the most steps {@code k} for which {@code 1 + evidence * pow(k)}, a Beta shape under
     * this discount, is still at least {@code shape}: the shape shrinks towards 1 with every step, so
     * it is at least {@code shape} for every step up to the one returned. From two logarithms, then
     * corrected against {@link #pow} itself, so that the answer holds for the shape as a selection
     * computes it.
     *
     * @param evidence the discounted evidence at step 0, {@code >= 0}
     * @param shape the shape to stay at or above
     * @return the last such step, {@link Long#MAX_VALUE} if the shape never falls below {@code shape},
     *     or -1 if it is below already at step 0
     */
    public long lastStepAtLeast(double evidence, double shape) {
        if (shape <= 1.0) {
            return Long.MAX_VALUE;
        }
        if (!(1.0 + evidence >= shape)) {
            return -1;
        }
        if (gamma == 1.0) {
            return Long.MAX_VALUE;
        }
        double steps = Math.log((shape - 1.0) / evidence) * inverseLogGamma;
        if (!(steps < MAX_STEPS)) {
            return Long.MAX_VALUE;
        }
        long k = (long) steps;
        while (k > 0 && !(1.0 + evidence * pow(k) >= shape)) {
            k--;
        }
        while (1.0 + evidence * pow(k + 1) >= shape) {
            k++;
        }
        return k;
    }

    /**
     * Returns the factor.
     *
     * @return gamma
     */
    public double gamma() {
        return gamma;
    }
}
