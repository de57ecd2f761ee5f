package dev.poolkit.balance.internal;

/**
 * Powers of a discount factor, {@code gamma^k}, from a table for small {@code k}, so that lazily
 * discounted statistics cost a lookup instead of a {@code Math.pow} per host and selection.
 *
 * <p>Immutable and thread-safe.
 */
public final class Discount {
    private static final int TABLE_SIZE = 4096;
    private final double gamma;
    private final double[] powers;

    /**
     * Creates the table.
     *
     * @param gamma the factor in {@code (0, 1]}
     */
    public Discount(double gamma) {
        this.gamma = gamma;
        this.powers = new double[TABLE_SIZE];
        double p = 1.0;
        for (int i = 0; i < TABLE_SIZE; i++) {
            powers[i] = p;
            p *= gamma;
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
        return k < TABLE_SIZE ? powers[(int) k] : Math.pow(gamma, k);
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
