package dev.poolkit.balance.internal;

/**
 * The regularized incomplete gamma functions {@code P(s, x)} and {@code Q(s, x) = 1 - P(s, x)},
 * the CDF and survival function of Gamma(s), for shapes {@code s >= 1}, and their inverse in log
 * space. {@link GammaQuantiles} builds its table from them; tests use them as the exact reference.
 *
 * <p>P comes from its power series where {@code x < s + 1} and Q from its continued fraction
 * (evaluated by the modified Lentz method) elsewhere, each to a relative accuracy of about {@code
 * 1e-15}; the other is the complement, so whichever is below one half is always the one computed
 * directly and keeps its relative accuracy in the tails.
 *
 * <p>Stateless and thread-safe.
 */
final class IncompleteGamma {
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private IncompleteGamma() {}

    /**
     * Returns {@code ln Gamma(x)} for {@code x >= 1}: Stirling's series after shifting {@code x}
     * to at least 16 (error below {@code 1e-13}).
     */
    static double logGammaFunction(double x) {
        double shift = 0;
        while (x < 16) {
            shift += Math.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
    }

    /** Returns {@code P(s, x)}, the probability that a Gamma(s) variate is at most {@code x}. */
    static double lower(double s, double x) {
        if (x <= 0) {
            return 0;
        }
        return x < s + 1 ? series(s, x) : 1 - continuedFraction(s, x);
    }

    /** Returns {@code Q(s, x)}, the probability that a Gamma(s) variate exceeds {@code x}. */
    static double upper(double s, double x) {
        if (x <= 0) {
            return 1;
        }
        return x < s + 1 ? 1 - series(s, x) : continuedFraction(s, x);
    }

    private static double series(double s, double x) {
        double term = 1 / s;
        double sum = term;
        for (double n = s + 1; term > sum * EPSILON; n += 1) {
            term *= x / n;
            sum += term;
        }
        return sum * Math.exp(s * Math.log(x) - x - logGammaFunction(s));
    }

    private static double continuedFraction(double s, double x) {
        double b = x + 1 - s;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - s);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return h * Math.exp(s * Math.log(x) - x - logGammaFunction(s));
    }

    /**
     * Returns {@code y = ln x} where {@code P(s, x) = p} (or {@code Q(s, x) = p} if {@code upper}):
     * the logarithm of Gamma(s)'s {@code p}-quantile (or {@code (1 - p)}-quantile), for {@code p}
     * in {@code [1e-12, 0.5]}, by Newton steps on {@code ln P} (or {@code ln Q}) as a function of
     * {@code y}, safeguarded by bisection, to about {@code 1e-13}.
     *
     * @param s the shape, {@code >= 1}
     * @param p the tail probability
     * @param upper whether {@code p} is the upper tail's
     * @param start a first guess
     */
    static double logQuantile(double s, double p, boolean upper, double start) {
        double logP = Math.log(p);
        double logGammaS = logGammaFunction(s);
        // ln P(s, e^-60) < -60 and ln Q(s, s e^5) < -100 for every s >= 1: a valid bracket.
        double lo = -60;
        double hi = Math.log(s) + 5;
        double y = start > lo && start < hi ? start : Math.log(s);
        for (int i = 0; i < 200; i++) {
            double x = Math.exp(y);
            double tail = upper ? upper(s, x) : lower(s, x);
            double gap = Math.log(tail) - logP; // increasing in y for the lower tail
            boolean above = upper ? gap < 0 : gap > 0;
            if (above) {
                hi = y;
            } else {
                lo = y;
            }
            double density = Math.exp(s * y - x - logGammaS); // d P / d y
            double slope = (upper ? -density : density) / tail;
            double next = y - gap / slope;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - y) < 1e-14 * (1 + Math.abs(y)) || hi - lo < 1e-14 * (1 + Math.abs(y))) {
                return next;
            }
            y = next;
        }
        return y;
    }
}
