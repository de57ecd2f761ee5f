package dev.poolkit.balance.sim;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The traffic mode of {@link Simulator}: a discrete-event run per seed of a {@link
 * TrafficScenario}, and their aggregate. Stateless; each run is independent.
 */
final class TrafficSimulation {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private TrafficSimulation() {}

    /** One run: request counts, latency percentiles, and per host and second the requests sent. */
    record Run(long requests, long successes, long p50Nanos, long p99Nanos, long p999Nanos, int[][] perSecond) {}

    static Run run(TrafficScenario scenario, StrategyFactory factory, long seed) {
        ManualTicker ticker = new ManualTicker();
        int n = scenario.hostCount();
        List<Host> hosts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hosts.add(new Host("h" + i, new HostScore(scenario.scores(), ticker)));
        }
        HostIndex index = new HostIndex(hosts);
        ScoreKeeper scores = new ScoreKeeper(hosts, scenario.scores(), 0);
        Strategy strategy = factory.create(new SplittableRandom(seed), ticker);
        // Arrivals draw from a stream of their own, so every strategy sees the same arrival times
        // (and the same number of requests) for a seed; outcomes draw from another.
        SplittableRandom arrivals = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        SplittableRandom env = new SplittableRandom(seed ^ 0x5DEECE66DL);

        long duration = scenario.duration().toNanos();
        long timeout = scenario.timeout().toNanos();
        int seconds = (int) ((duration + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        int[][] perSecond = new int[n][seconds];
        TrafficScenario.Behaviour[] behaviour = new TrafficScenario.Behaviour[n];
        Arrays.fill(behaviour, scenario.normal());
        List<TrafficScenario.Change> changes = new ArrayList<>(scenario.changes());
        changes.sort(Comparator.comparing(TrafficScenario.Change::at));
        long[] changeAt = new long[changes.size()];
        for (int i = 0; i < changeAt.length; i++) {
            changeAt[i] = changes.get(i).at().toNanos();
        }
        int nextChange = 0;

        double meanGap = NANOS_PER_SECOND / scenario.ratePerSecond();
        int expected = (int) Math.min(Integer.MAX_VALUE - 16, (long) (duration / meanGap * 1.1) + 1024);
        long[] latencies = new long[expected];
        Completions inFlight = new Completions(1024);
        int requests = 0;
        long successes = 0;
        long now = 0;
        while (true) {
            now += (long) (-Math.log(1.0 - arrivals.nextDouble()) * meanGap);
            if (now >= duration) {
                break;
            }
            // Deliver every outcome due before this arrival, at its own simulated time.
            while (inFlight.size() > 0 && inFlight.peekTime() <= now) {
                successes += complete(inFlight, ticker, hosts, scores, strategy);
            }
            while (nextChange < changeAt.length && changeAt[nextChange] <= now) {
                TrafficScenario.Change change = changes.get(nextChange++);
                behaviour[change.host()] = change.behaviour();
            }
            ticker.set(now);
            scores.catchUp(now);
            Host chosen = strategy.select(hosts);
            int h = index.of(chosen);
            chosen.begin();
            TrafficScenario.Behaviour b = behaviour[h];
            double errorRate = Checks.unitInterval("errorRate", b.errorRate().valueAt(now));
            boolean error = errorRate > 0 && env.nextDouble() < errorRate;
            long latency = Math.max(0, (error ? b.errorLatency() : b.latency()).sampleNanos(env, now));
            boolean success = !error && latency < timeout;
            long took = Math.min(latency, timeout);
            perSecond[h][(int) (now / NANOS_PER_SECOND)]++;
            if (requests == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[requests++] = took;
            inFlight.add(now + took, h, took, success);
        }
        while (inFlight.size() > 0) {
            successes += complete(inFlight, ticker, hosts, scores, strategy);
        }
        Arrays.sort(latencies, 0, requests);
        return new Run(
                requests,
                successes,
                Stats.percentile(latencies, requests, 0.5),
                Stats.percentile(latencies, requests, 0.99),
                Stats.percentile(latencies, requests, 0.999),
                perSecond);
    }

    private static int complete(
            Completions inFlight, ManualTicker ticker, List<Host> hosts, ScoreKeeper scores, Strategy strategy) {
        long at = inFlight.peekTime();
        int slot = inFlight.pollSlot();
        ticker.set(at);
        int h = inFlight.host(slot);
        Host host = hosts.get(h);
        boolean success = inFlight.success(slot);
        long took = inFlight.took(slot);
        inFlight.free(slot);
        double reward = success ? HostScore.HOST_UP : HostScore.HOST_DOWN;
        host.end();
        host.score().rate(reward);
        scores.rated(h, at);
        strategy.feedback(host, reward, Duration.ofNanos(took));
        return success ? 1 : 0;
    }

    static TrafficResult aggregate(TrafficScenario scenario, String strategyName, List<Run> runs) {
        int n = scenario.hostCount();
        int seeds = runs.size();
        int seconds = runs.get(0).perSecond()[0].length;
        double[][] share = new double[n][seconds];
        long requests = 0;
        double[] successRates = new double[seeds];
        double[] p50 = new double[seeds];
        double[] p99 = new double[seeds];
        double[] p999 = new double[seeds];
        double[] watchedShares = new double[seeds];
        double watchedMax = 0;
        TrafficScenario.Watch watch = scenario.watch();
        int from = (int) (watch.from().toNanos() / NANOS_PER_SECOND);
        int to = (int) Math.min(seconds, (watch.to().toNanos() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        for (int r = 0; r < seeds; r++) {
            Run run = runs.get(r);
            requests += run.requests();
            successRates[r] = run.requests() == 0 ? 1.0 : (double) run.successes() / run.requests();
            p50[r] = run.p50Nanos() / 1e6;
            p99[r] = run.p99Nanos() / 1e6;
            p999[r] = run.p999Nanos() / 1e6;
            long watchedCount = 0;
            long watchedTotal = 0;
            for (int s = 0; s < seconds; s++) {
                long total = 0;
                for (int h = 0; h < n; h++) {
                    total += run.perSecond()[h][s];
                }
                if (total == 0) {
                    continue;
                }
                for (int h = 0; h < n; h++) {
                    share[h][s] += (double) run.perSecond()[h][s] / total / seeds;
                }
                if (s >= from && s < to) {
                    int count = run.perSecond()[watch.host()][s];
                    watchedCount += count;
                    watchedTotal += total;
                    watchedMax = Math.max(watchedMax, (double) count / total * n);
                }
            }
            watchedShares[r] = watchedTotal == 0 ? 0 : (double) watchedCount / watchedTotal;
        }
        List<List<Double>> shares = new ArrayList<>(n);
        for (double[] host : share) {
            shares.add(Stats.list(host));
        }
        return new TrafficResult(
                scenario.name(),
                strategyName,
                seeds,
                requests,
                Estimate.of(successRates),
                Arrays.stream(successRates).min().orElseThrow(),
                Estimate.of(p50),
                Estimate.of(p99),
                Estimate.of(p999),
                Arrays.stream(p999).max().orElseThrow(),
                Estimate.of(watchedShares),
                watchedMax,
                shares);
    }
}
