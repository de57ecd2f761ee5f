package dev.poolkit.balance.sim;

import dev.poolkit.balance.internal.Checks;
import java.util.Locale;

/**
 * A mean over independent runs (seeds) with its standard error, {@code s / sqrt(n)} for the
 * sample standard deviation {@code s} of {@code n} runs. Two results differ beyond chance when
 * their means are several combined standard errors apart.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mean the mean over the runs
 * @param standardError the standard error of the mean; NaN for a single run
 */
public record Estimate(double mean, double standardError) {
    /**
     * Returns the mean and standard error of {@code values}.
     *
     * @param values one value per run, at least one
     * @return the estimate
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Estimate of(double[] values) {
        int n = values.length;
        Checks.argument(n > 0, "values must not be empty, but was []");
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Estimate(mean, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Estimate(mean, Math.sqrt(squares / (n - 1) / n));
    }

    /**
     * Formats the estimate as {@code mean ± standardError} with the given number of decimals.
     *
     * @param decimals digits after the point, {@code >= 0}
     * @return for example {@code 12.3 ± 0.4}; the mean alone for a single run
     */
    public String format(int decimals) {
        String pattern = "%." + decimals + "f";
        String m = String.format(Locale.ROOT, pattern, mean);
        return Double.isNaN(standardError) ? m : m + " ± " + String.format(Locale.ROOT, pattern, standardError);
    }
}
