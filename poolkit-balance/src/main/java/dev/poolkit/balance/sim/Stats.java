package dev.poolkit.balance.sim;

import java.util.Arrays;
import java.util.List;

/** Percentiles and conversions for aggregating runs. Stateless. */
final class Stats {
    private Stats() {}

    /** The q-quantile of {@code values} (nearest rank); {@code values} is not modified. */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(sorted.length, q)];
    }

    /** The q-quantile of the first {@code length} values of {@code sorted} (nearest rank); 0 if none. */
    static long percentile(long[] sorted, int length, double q) {
        return length == 0 ? 0 : sorted[rank(length, q)];
    }

    private static int rank(int length, double q) {
        int i = (int) Math.ceil(q * length) - 1;
        return Math.max(0, Math.min(length - 1, i));
    }

    /** The values as an immutable list. */
    static List<Double> list(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
