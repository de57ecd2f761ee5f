package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one strategy on one traffic scenario over many seeds. Figures with a spread are
 * {@link Estimate}s over the runs (one value per run: its success rate, its percentile).
 *
 * <p>Immutable and thread-safe; compares by content.
 *
 * @param scenario the scenario's name
 * @param strategy the strategy's name
 * @param seeds the number of seeds (runs)
 * @param requests the total number of requests over all runs
 * @param successRate the fraction of requests answered without error within the timeout
 * @param minSuccessRate the lowest success rate of a single run
 * @param p50Millis the median latency (a timed-out request counts as the timeout)
 * @param p99Millis the 99th percentile latency
 * @param p999Millis the 99.9th percentile latency
 * @param maxP999Millis the highest 99.9th percentile of a single run
 * @param watchedShare the watched host's share of requests in the watched period
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
        Estimate successRate,
        double minSuccessRate,
        Estimate p50Millis,
        Estimate p99Millis,
        Estimate p999Millis,
        double maxP999Millis,
        Estimate watchedShare,
        double watchedMaxShareOfFair,
        List<List<Double>> sharePerSecond) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if an argument is null
     */
    public TrafficResult {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategy, "strategy");
        requireNonNull(successRate, "successRate");
        requireNonNull(p50Millis, "p50Millis");
        requireNonNull(p99Millis, "p99Millis");
        requireNonNull(p999Millis, "p999Millis");
        requireNonNull(watchedShare, "watchedShare");
        sharePerSecond = sharePerSecond.stream().map(List::copyOf).toList();
    }
}
