package dev.poolkit.balance.internal;

/**
 * Draws from Beta distributions for Thompson sampling without allocating.
 *
 * <p>Small shapes ({@code a + b < }{@value #EXACT_BELOW}) are drawn exactly as {@code X/(X+Y)} with
 * gamma variates (Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS
 * 26(3), 2000; shapes here are always {@code >= 1}). Larger shapes use the normal distribution with
 * the Beta's mean and variance, which is accurate there and costs one Gaussian draw, so that a
 * selection over ten hosts stays fast.
 *
 * <p>Stateless and thread-safe.
 */
public final class BetaSampler {
    /** Below this total shape the draw is exact. */
    public static final double EXACT_BELOW = 12.0;

    private BetaSampler() {}

    /**
     * Draws a value distributed approximately as Beta(a, b).
     *
     * @param a the first shape, {@code >= 1}
     * @param b the second shape, {@code >= 1}
     * @param random the generator
     * @return the draw; the normal approximation may fall slightly outside {@code [0, 1]}
     */
    public static double sample(double a, double b, AtomicSplitMix random) {
        double n = a + b;
        if (n < EXACT_BELOW) {
            double x = gamma(a, random);
            double y = gamma(b, random);
            return x / (x + y);
        }
        double mean = a / n;
        double sd = Math.sqrt(mean * (1.0 - mean) / (n + 1.0));
        return mean + sd * random.nextGaussian();
    }

    private static double gamma(double shape, AtomicSplitMix random) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextUnit();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
