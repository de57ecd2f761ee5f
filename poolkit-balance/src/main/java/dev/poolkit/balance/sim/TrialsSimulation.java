package dev.poolkit.balance.sim;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trials mode of {@link Simulator}: one run per seed of a {@link TrialsScenario}, and their
 * aggregate. Stateless; each run is independent.
 */
final class TrialsSimulation {
    private static final long TRIAL_NANOS = TrialsScenario.TRIAL_INTERVAL.toNanos();

    private TrialsSimulation() {}

    /**
     * One run: per-step curves, per-trial "went to a best host", and the trials at which the best
     * host changed (the same in every run of a scenario).
     */
    record Run(double[] meanScore, double[] regret, boolean[] best, int[] changes, long successes, long bestPicks) {}

    static Run run(TrialsScenario scenario, StrategyFactory factory, long seed) {
        // The hosts and the strategy start one trial before trial 0, so that the first
        // computation of the scores (one memoize interval later) precedes the first trial, as in
        // pooly's simulation: every curve starts at the neutral 0.5.
        ManualTicker ticker = new ManualTicker();
        long origin = -TRIAL_NANOS;
        ticker.set(origin);
        int n = scenario.hostCount();
        List<Host> hosts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hosts.add(new Host("h" + i, new HostScore(scenario.scores(), ticker)));
        }
        HostIndex index = new HostIndex(hosts);
        ScoreKeeper scores = new ScoreKeeper(hosts, scenario.scores(), origin);
        Strategy strategy = factory.create(new SplittableRandom(seed), ticker);
        SplittableRandom env = new SplittableRandom(seed ^ 0x5DEECE66DL);

        List<Profile> profiles = scenario.hosts();
        double[] p = new double[n];
        long[] validUntil = new long[n]; // 0: read at trial 0
        boolean[] isBest = new boolean[n];
        boolean[] sinceChange = new boolean[n];
        long nextRead = 0;
        double bestP = 0;

        int steps = scenario.steps();
        double[] meanScore = new double[steps];
        double[] regret = new double[steps];
        boolean[] best = new boolean[steps];
        int[] changes = new int[8];
        int changeCount = 0;
        double scoreSum = 0;
        double regretSum = 0;
        long successes = 0;
        long bestPicks = 0;
        for (int step = 0; step < steps; step++) {
            long now = step * TRIAL_NANOS;
            ticker.set(now);
            if (now >= nextRead) {
                // Re-read the profiles whose value may have changed; piecewise ones once a piece.
                nextRead = Long.MAX_VALUE;
                for (int h = 0; h < n; h++) {
                    if (now >= validUntil[h]) {
                        Profile profile = profiles.get(h);
                        p[h] = Checks.unitInterval("probability", profile.valueAt(now));
                        validUntil[h] = profile.validUntilNanos(now);
                    }
                    nextRead = Math.min(nextRead, validUntil[h]);
                }
                bestP = Double.NEGATIVE_INFINITY;
                for (int h = 0; h < n; h++) {
                    bestP = Math.max(bestP, p[h]);
                }
                // A change of the best host: none of the hosts that have been best since the last
                // change is best now. A tie on the way (a drift crossing at an exact tie) narrows
                // that set rather than counting as a change of its own.
                boolean stillBest = false;
                for (int h = 0; h < n; h++) {
                    isBest[h] = p[h] == bestP;
                    stillBest |= sinceChange[h] && isBest[h];
                }
                for (int h = 0; h < n; h++) {
                    sinceChange[h] = stillBest ? sinceChange[h] && isBest[h] : isBest[h];
                }
                if (!stillBest && step > 0) {
                    if (changeCount == changes.length) {
                        changes = Arrays.copyOf(changes, changeCount * 2);
                    }
                    changes[changeCount++] = step;
                }
            }
            scores.catchUp(now);
            Host chosen = strategy.select(hosts);
            int h = index.of(chosen);
            scoreSum += chosen.score().current();
            double reward = env.nextDouble() < p[h] ? HostScore.HOST_UP : HostScore.HOST_DOWN;
            chosen.begin();
            chosen.end();
            chosen.score().rate(reward);
            scores.rated(h, now);
            strategy.feedback(chosen, reward, TrialsScenario.TRIAL_INTERVAL);
            successes += (long) reward;
            regretSum += bestP - p[h];
            best[step] = isBest[h];
            bestPicks += isBest[h] ? 1 : 0;
            meanScore[step] = scoreSum / (step + 1);
            regret[step] = regretSum;
        }
        return new Run(meanScore, regret, best, Arrays.copyOf(changes, changeCount), successes, bestPicks);
    }

    static TrialsResult aggregate(TrialsScenario scenario, String strategyName, List<Run> runs) {
        int steps = scenario.steps();
        int seeds = runs.size();
        double[] meanScore = new double[steps];
        double[] regret = new double[steps];
        double[] finalScores = new double[seeds];
        double[] finalRegrets = new double[seeds];
        double[] successRates = new double[seeds];
        double[] bestShares = new double[seeds];
        for (int r = 0; r < seeds; r++) {
            Run run = runs.get(r);
            for (int i = 0; i < steps; i++) {
                meanScore[i] += run.meanScore()[i] / seeds;
                regret[i] += run.regret()[i] / seeds;
            }
            finalScores[r] = run.meanScore()[steps - 1];
            finalRegrets[r] = run.regret()[steps - 1];
            successRates[r] = (double) run.successes() / steps;
            bestShares[r] = (double) run.bestPicks() / steps;
        }
        int[] changes = runs.get(0).changes();
        List<TrialsResult.Reconvergence> reconvergence = new ArrayList<>();
        for (int c = 0; c < changes.length; c++) {
            int from = changes[c];
            int to = c + 1 < changes.length ? changes[c + 1] : steps;
            double[] needed = new double[seeds];
            int censored = 0;
            for (int r = 0; r < seeds; r++) {
                int found = firstConverged(runs.get(r).best(), from, to);
                censored += found < 0 ? 1 : 0;
                needed[r] = found < 0 ? to - from : found - from;
            }
            reconvergence.add(new TrialsResult.Reconvergence(
                    from,
                    to - from,
                    Estimate.of(needed),
                    Stats.percentile(needed, 0.5),
                    Stats.percentile(needed, 0.9),
                    (double) censored / seeds));
        }
        return new TrialsResult(
                scenario.name(),
                strategyName,
                seeds,
                steps,
                Stats.list(meanScore),
                Stats.list(regret),
                Estimate.of(finalScores),
                Estimate.of(finalRegrets),
                Stats.percentile(finalRegrets, 0.9),
                Estimate.of(successRates),
                Estimate.of(bestShares),
                reconvergence);
    }

    /** The first step in [from, to - window] from which a best host gets the required share, or -1. */
    private static int firstConverged(boolean[] best, int from, int to) {
        int window = Simulator.RECONVERGENCE_WINDOW;
        int needed = (int) Math.ceil(Simulator.RECONVERGED_SHARE * window);
        if (to - from < window) {
            return -1;
        }
        int count = 0;
        for (int i = from; i < from + window; i++) {
            count += best[i] ? 1 : 0;
        }
        for (int s = from; ; s++) {
            if (count >= needed) {
                return s;
            }
            if (s + window >= to) {
                return -1;
            }
            count += (best[s + window] ? 1 : 0) - (best[s] ? 1 : 0);
        }
    }
}
