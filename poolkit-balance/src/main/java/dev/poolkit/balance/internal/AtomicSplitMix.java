package dev.poolkit.balance.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A SplitMix64 generator whose state advances with one atomic add, so that many threads can draw
 * from it at once without a lock and without allocating.
 *
 * <p>Single-threaded use is deterministic for a given seed; concurrent use interleaves the same
 * sequence between the callers. Thread-safe.
 */
public final class AtomicSplitMix implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final AtomicLong state;

    /**
     * Creates a generator with the given seed.
     *
     * @param seed any value
     */
    public AtomicSplitMix(long seed) {
        this.state = new AtomicLong(seed);
    }

    /**
     * Creates a generator seeded from {@code seedSource}.
     *
     * @param seedSource drawn from once
     * @return a new generator
     * @throws NullPointerException if {@code seedSource} is null
     */
    public static AtomicSplitMix seededFrom(RandomGenerator seedSource) {
        return new AtomicSplitMix(seedSource.nextLong());
    }

    @Override
    public long nextLong() {
        return mix(state.addAndGet(GOLDEN_GAMMA));
    }

    /**
     * Returns the seed of a local stream: one atomic step here, then {@link #localNext(long)} and
     * {@link #localLong(long)} give further values with plain arithmetic on a local variable. A
     * selection that needs one random value per host uses this instead of one atomic operation per
     * host.
     *
     * @return the local stream's state
     */
    public long localSeed() {
        return nextLong();
    }

    /**
     * Advances a local stream's state.
     *
     * @param localState the state
     * @return the next state
     */
    public static long localNext(long localState) {
        return localState + GOLDEN_GAMMA;
    }

    /**
     * Returns the random value of a local stream's state.
     *
     * @param localState the state
     * @return 64 random bits
     */
    public static long localLong(long localState) {
        return mix(localState);
    }

    /**
     * Returns a uniform {@code double} in {@code (0, 1)} from 64 random bits (never exactly 0).
     *
     * @param bits random bits
     * @return a value in {@code (0, 1)}
     */
    public static double openUnit(long bits) {
        return ((bits >>> 11) + 0.5) * 0x1.0p-53;
    }

    /**
     * Returns a standard normal variate from a uniform one: the normal quantile of {@code u},
     * interpolated linearly in a table of {@value #QUANTILES} quantiles (error below 0.003 standard
     * deviations, the largest near the ends), and computed exactly ({@link #inverseNormal}) in the
     * outermost four table cells at each end (a probability of 1/512). A lookup and a multiply-add; no
     * division, logarithm or square root on the common path.
     *
     * @param u a uniform value in {@code (0, 1)}
     * @return approximately the standard normal quantile of {@code u}
     */
    public static double fastInverseNormal(double u) {
        double x = u * QUANTILES;
        int i = (int) x;
        if (i < 4 || i >= QUANTILES - 4) {
            return inverseNormal(u);
        }
        double q = QUANTILE_TABLE[i];
        return q + (x - i) * (QUANTILE_TABLE[i + 1] - q);
    }

    private static final int QUANTILES = 4096;
    private static final double[] QUANTILE_TABLE = quantiles();

    private static double[] quantiles() {
        double[] table = new double[QUANTILES + 1];
        for (int i = 1; i < QUANTILES; i++) {
            table[i] = inverseNormal((double) i / QUANTILES);
        }
        return table;
    }

    /**
     * Returns a standard normal variate from a uniform one, by inverting the normal CDF (Acklam's
     * rational approximation without refinement: error about 1e-9 in the central region and below
     * 2e-5 in the tails): about a dozen multiply-adds, plus a
     * logarithm and a square root in the 5% of draws that fall in the tails.
     *
     * @param u a uniform value in {@code (0, 1)}
     * @return the standard normal quantile of {@code u}
     */
    public static double inverseNormal(double u) {
        if (u < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(u));
            return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                    / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        if (u > 1 - P_LOW) {
            double q = Math.sqrt(-2 * Math.log(1 - u));
            return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                    / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        double q = u - 0.5;
        double r = q * q;
        return (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6)
                * q
                / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
    }

    private static final double P_LOW = 0.02425;
    private static final double A1 = -3.969683028665376e+01;
    private static final double A2 = 2.209460984245205e+02;
    private static final double A3 = -2.759285104469687e+02;
    private static final double A4 = 1.383577518672690e+02;
    private static final double A5 = -3.066479806614716e+01;
    private static final double A6 = 2.506628277459239e+00;
    private static final double B1 = -5.447609879822406e+01;
    private static final double B2 = 1.615858368580409e+02;
    private static final double B3 = -1.556989798598866e+02;
    private static final double B4 = 6.680131188771972e+01;
    private static final double B5 = -1.328068155288572e+01;
    private static final double C1 = -7.784894002430293e-03;
    private static final double C2 = -3.223964580411365e-01;
    private static final double C3 = -2.400758277161838e+00;
    private static final double C4 = -2.549671344209300e+00;
    private static final double C5 = 4.374664141464968e+00;
    private static final double C6 = 2.938163982698783e+00;
    private static final double D1 = 7.784695709041462e-03;
    private static final double D2 = 3.224671290700398e-01;
    private static final double D3 = 2.445134137142996e+00;
    private static final double D4 = 3.754408661907416e+00;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a uniform {@code int} in {@code [0, bound)} by multiply-shift (Lemire), without the
     * rejection step: the bias is below {@code bound / 2^32}, negligible for host counts.
     *
     * @param bound the exclusive upper bound, positive
     * @return a value in {@code [0, bound)}
     */
    public int nextIndex(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * Returns a uniform {@code double} in {@code [0, 1)} with 53 random bits.
     *
     * @return a value in {@code [0, 1)}
     */
    public double nextUnit() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
