package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one strategy on one trials scenario over many seeds. Figures with a spread are
 * {@link Estimate}s: the mean over seeds and its standard error.
 *
 * <p>Immutable and thread-safe; compares by content.
 *
 * @param scenario the scenario's name
 * @param strategy the strategy's name
 * @param seeds the number of seeds (runs)
 * @param steps the number of trials per run
 * @param meanScoreCurve per step, the running mean of the chosen host's pooly score (pooly's
 *     plotted value), averaged over seeds
 * @param regretCurve per step, the cumulative regret, averaged over seeds
 * @param finalMeanScore the last value of each run's running mean score
 * @param regret the final cumulative regret: the sum over trials of the best host's success
 *     probability minus the chosen host's, at the time of the trial
 * @param p90Regret the 90th percentile over seeds of the final cumulative regret
 * @param successRate the fraction of successful trials
 * @param bestShare the fraction of trials that went to a best host
 * @param changes the re-convergence after each change of the best host, in order
 */
public record TrialsResult(
        String scenario,
        String strategy,
        int seeds,
        int steps,
        List<Double> meanScoreCurve,
        List<Double> regretCurve,
        Estimate finalMeanScore,
        Estimate regret,
        double p90Regret,
        Estimate successRate,
        Estimate bestShare,
        List<Reconvergence> changes) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if an argument is null
     */
    public TrialsResult {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategy, "strategy");
        requireNonNull(finalMeanScore, "finalMeanScore");
        requireNonNull(regret, "regret");
        requireNonNull(successRate, "successRate");
        requireNonNull(bestShare, "bestShare");
        meanScoreCurve = List.copyOf(meanScoreCurve);
        regretCurve = List.copyOf(regretCurve);
        changes = List.copyOf(changes);
    }

    /**
     * How fast a strategy settled on the new best host after a change of the best host: a trial
     * at which none of the hosts that have been best since the previous change is best any more
     * (a phase boundary that leaves the best host in place is no change, nor is a host drawing
     * level with the best; a drift that makes two hosts cross is one).
     * A run has re-converged at the first trial from which a best host gets at least {@link
     * Simulator#RECONVERGED_SHARE} of the next {@link Simulator#RECONVERGENCE_WINDOW} trials; a
     * run that does not before the next change (or the end) counts as the stretch's length
     * (censored).
     *
     * @param atStep the trial at which the best host changed
     * @param stretchSteps the trials until the next change or the end
     * @param steps the trials needed, over seeds
     * @param medianSteps the median over seeds
     * @param p90Steps the 90th percentile over seeds
     * @param censored the fraction of seeds that did not re-converge within the stretch
     */
    public record Reconvergence(
            int atStep, int stretchSteps, Estimate steps, double medianSteps, double p90Steps, double censored) {
        /**
         * Validates the record.
         *
         * @throws NullPointerException if {@code steps} is null
         */
        public Reconvergence {
            requireNonNull(steps, "steps");
        }
    }
}
