package dev.poolkit.balance.sim;

import java.util.List;

/**
 * The outcome of one strategy on one trials scenario over many seeds.
 *
 * <p>Immutable and thread-safe (the arrays are copies).
 *
 * @param scenario the scenario's name
 * @param strategy the strategy's name
 * @param seeds the number of seeds (runs)
 * @param steps the number of trials per run
 * @param meanScoreCurve per step, the running mean of the chosen host's score (pooly's plotted
 *     value), averaged over seeds
 * @param regretCurve per step, the cumulative regret, averaged over seeds
 * @param finalMeanScore the last value of {@code meanScoreCurve}
 * @param meanRegret the mean over seeds of the final cumulative regret
 * @param p90Regret the 90th percentile over seeds of the final cumulative regret
 * @param successRate the fraction of successful trials over all runs
 * @param bestShare the fraction of trials that went to a best host
 * @param changes the re-convergence after each change of probabilities, in order
 */
public record TrialsResult(
        String scenario,
        String strategy,
        int seeds,
        int steps,
        double[] meanScoreCurve,
        double[] regretCurve,
        double finalMeanScore,
        double meanRegret,
        double p90Regret,
        double successRate,
        double bestShare,
        List<Reconvergence> changes) {

    /**
     * Copies the arrays.
     *
     * @throws NullPointerException if an argument is null
     */
    public TrialsResult {
        meanScoreCurve = meanScoreCurve.clone();
        regretCurve = regretCurve.clone();
        changes = List.copyOf(changes);
    }

    @Override
    public double[] meanScoreCurve() {
        return meanScoreCurve.clone();
    }

    @Override
    public double[] regretCurve() {
        return regretCurve.clone();
    }

    /**
     * How fast a strategy settled on the new best host after a change. A run has re-converged at
     * the first step from which a best host gets at least {@link Simulator#RECONVERGED_SHARE} of
     * the next {@link Simulator#RECONVERGENCE_WINDOW} trials; a run that never does within the
     * phase counts as the phase's length (censored).
     *
     * @param atStep the first step after the change
     * @param phaseSteps the length of the phase that starts there
     * @param meanSteps the mean over seeds of the steps needed
     * @param medianSteps the median over seeds
     * @param p90Steps the 90th percentile over seeds
     * @param censored the fraction of seeds that never re-converged within the phase
     */
    public record Reconvergence(
            int atStep, int phaseSteps, double meanSteps, double medianSteps, double p90Steps, double censored) {}
}
