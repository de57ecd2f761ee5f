package dev.poolkit.balance.sim;

/**
 * The outcome of one strategy on one traffic scenario over many seeds.
 *
 * <p>Immutable and thread-safe (the arrays are copies).
 *
 * @param scenario the scenario's name
 * @param strategy the strategy's name
 * @param seeds the number of seeds (runs)
 * @param requests the total number of requests over all runs
 * @param successRate the fraction of requests answered without error within the timeout
 * @param minSuccessRate the lowest success rate of a single run
 * @param p50Millis the median latency (a timed-out request counts as the timeout), mean over runs
 * @param p99Millis the 99th percentile latency, mean over runs
 * @param p999Millis the 99.9th percentile latency, mean over runs
 * @param maxP999Millis the highest 99.9th percentile of a single run
 * @param watchedShare the watched host's share of requests in the watched period, mean over runs
 * @param watchedMaxShareOfFair the highest share of the watched host in any one simulated second of
 *     the watched period in any run, divided by the fair share {@code 1/hosts}
 * @param sharePerSecond per host and simulated second, the host's share of that second's requests,
 *     averaged over runs
 */
public record TrafficResult(
        String scenario,
        String strategy,
        int seeds,
        long requests,
        double successRate,
        double minSuccessRate,
        double p50Millis,
        double p99Millis,
        double p999Millis,
        double maxP999Millis,
        double watchedShare,
        double watchedMaxShareOfFair,
        double[][] sharePerSecond) {

    /**
     * Copies the arrays.
     *
     * @throws NullPointerException if {@code sharePerSecond} is null
     */
    public TrafficResult {
        sharePerSecond = deepCopy(sharePerSecond);
    }

    @Override
    public double[][] sharePerSecond() {
        return deepCopy(sharePerSecond);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }
}
