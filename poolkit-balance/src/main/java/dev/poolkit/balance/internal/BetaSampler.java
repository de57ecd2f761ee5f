package dev.poolkit.balance.internal;

/**
 * Draws from Beta distributions for Thompson sampling, exactly and without allocating: {@code
 * Beta(a, b) = Ga / (Ga + Gb)} with {@code Ga ~ Gamma(a)} and {@code Gb ~ Gamma(b)} independent.
 *
 * <h2>Notes</h2>
 *
 * <ol>
 *   <li><b>Gamma variates</b> come from Marsaglia and Tsang's method ("A simple method for
 *       generating gamma variables", ACM TOMS 26(3), 2000), for shapes {@code >= 1}: with {@code d =
 *       a - 1/3}, {@code c = 1/sqrt(9d)} and a standard normal {@code x}, {@code d (1 + cx)^3} is
 *       accepted with a probability that makes it exactly Gamma(a); the cheap squeeze {@code u < 1 -
 *       0.0331 x^4} decides almost every case, the logarithms are needed in about 2% of draws and a
 *       new normal in under 5% (shape 1, the worst case; fewer for larger shapes).
 *   <li><b>No division per gamma.</b> With {@code s = sqrt(9d)}, {@code d (1 + cx)^3 = (s + x)^3 /
 *       (9s)}, so {@code Ga / (Ga + Gb) = ta sb / (ta sb + tb sa)} with {@code t = (s + x)^3}: two
 *       square roots and one division per Beta draw.
 *   <li><b>Random bits.</b> A Beta draw takes two 64-bit words, one per gamma: the normal variate
 *       (exact, by the ziggurat method) uses bits 0-6 and 32-63, the acceptance uniform bits 7-31.
 *       The rare cases that need more (a wedge or the tail of the ziggurat, a rejected gamma) draw
 *       them from the shared generator. The acceptance uniform's 25-bit resolution moves an
 *       acceptance probability by at most {@code 2^-26}; that is the only approximation.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class BetaSampler {
    private static final double THIRD = 1.0 / 3.0;

    private BetaSampler() {}

    /**
     * Draws from Beta(a, b).
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param bitsA 64 random bits for the first gamma variate
     * @param bitsB 64 random bits for the second, independent of {@code bitsA}
     * @param random the source of further bits for the rare draws that need them
     * @return the draw, in {@code (0, 1)}
     */
    public static double sample(double a, double b, long bitsA, long bitsB, AtomicSplitMix random) {
        double ga = gamma(a, bitsA, random);
        double gb = gamma(b, bitsB, random);
        return ga / (ga + gb);
    }

    /**
     * Draws from Beta(a, b) with bits from {@code random} alone (two words per draw).
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param random the generator
     * @return the draw, in {@code (0, 1)}
     */
    public static double sample(double a, double b, AtomicSplitMix random) {
        return sample(a, b, random.nextLong(), random.nextLong(), random);
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
