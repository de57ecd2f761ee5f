package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Monte Carlo simulation of strategies, running their real implementations against simulated
 * hosts on a simulated clock.
 *
 * <ul>
 *   <li><b>Trials</b> ({@link #runTrials}): pooly's model. One request per simulated millisecond;
 *       the chosen host succeeds with its current probability; host scores use pooly's settings of
 *       its simulation (decay one minute, memoize every millisecond). Regret is measured against
 *       the oracle that always picks a best host of the current phase, in expectation ({@code
 *       p_best - p_chosen} per trial), which is less noisy than realised rewards.
 *   <li><b>Traffic</b> ({@link #runTraffic}): a discrete-event simulation. Poisson arrivals, one
 *       selection per arrival, the request outstanding on its host until it answers, errs or times
 *       out, and the outcome fed back at that simulated moment, so load-aware strategies see real
 *       load. Host scores use pooly's defaults (decay one minute, memoize 100 ms).
 * </ul>
 *
 * <p>Each seed is one independent run, deterministic for its seed (the strategy and the hosts draw
 * from generators derived from it), so a result does not depend on the parallelism; seeds run in
 * parallel on a pool created for the call and shut down after it.
 *
 * <p>Thread-safe: an instance holds no run state.
 */
public final class Simulator {
    /** The trials mode's simulated time per trial, 1 ms (pooly's simulation sleeps 1 ms). */
    public static final long TRIAL_NANOS = 1_000_000L;
    /** The window over which re-convergence is judged, in trials. */
    public static final int RECONVERGENCE_WINDOW = 20;
    /** The share of a window that must go to a best host to count as re-converged. */
    public static final double RECONVERGED_SHARE = 0.8;

    private static final HostScoreConfig TRIALS_SCORES = HostScoreConfig.builder()
            .decayDuration(Duration.ofMinutes(1))
            .memoizeInterval(Duration.ofMillis(1))
            .build();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int parallelism;

    /**
     * Creates a simulator that runs seeds on {@code parallelism} threads.
     *
     * @param parallelism the number of threads, at least 1
     * @throws IllegalArgumentException if {@code parallelism} is less than 1
     */
    public Simulator(int parallelism) {
        Checks.argument(parallelism >= 1, "parallelism must be >= 1, but was %d", parallelism);
        this.parallelism = parallelism;
    }

    /**
     * Creates a simulator using every available processor.
     *
     * @return a new simulator
     */
    public static Simulator parallel() {
        return new Simulator(Runtime.getRuntime().availableProcessors());
    }

    // ---------------------------------------------------------------------------------- trials

    /**
     * Runs a trials scenario for seeds {@code 0..seeds-1} and aggregates the runs.
     *
     * @param scenario the scenario
     * @param strategyName the name reported
     * @param factory creates the strategy of each run
     * @param seeds the number of runs, at least 1
     * @return the aggregate
     * @throws IllegalArgumentException if {@code seeds} is less than 1
     * @throws NullPointerException if an argument is null
     */
    public TrialsResult runTrials(TrialsScenario scenario, String strategyName, StrategyFactory factory, int seeds) {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategyName, "strategyName");
        requireNonNull(factory, "factory");
        Checks.argument(seeds >= 1, "seeds must be >= 1, but was %d", seeds);
        List<TrialsRun> runs = inParallel(seeds, seed -> runTrialsOnce(scenario, factory, seed));
        return aggregate(scenario, strategyName, runs);
    }

    /**
     * One run of a trials scenario: per-step curves and per-change re-convergence.
     *
     * @param seed the seed
     * @param meanScore per step, the running mean of the chosen host's score
     * @param regret per step, the cumulative regret
     * @param successes the number of successful trials
     * @param bestPicks the number of trials that went to a best host
     * @param reconvergence per change, the steps needed (the phase length if censored)
     * @param censored per change, whether the run never re-converged
     */
    public record TrialsRun(
            long seed,
            double[] meanScore,
            double[] regret,
            long successes,
            long bestPicks,
            int[] reconvergence,
            boolean[] censored) {}

    /**
     * Runs one seed of a trials scenario.
     *
     * @param scenario the scenario
     * @param factory creates the strategy
     * @param seed the seed
     * @return the run
     */
    public static TrialsRun runTrialsOnce(TrialsScenario scenario, StrategyFactory factory, long seed) {
        ManualTicker clock = new ManualTicker();
        int n = scenario.hostCount();
        List<Host> hosts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hosts.add(new Host("h" + i, new HostScore(TRIALS_SCORES, clock)));
        }
        HostIndex index = new HostIndex(hosts);
        Strategy strategy = factory.create(new SplittableRandom(seed), clock);
        SplittableRandom env = new SplittableRandom(seed ^ 0x5DEECE66DL);

        int steps = scenario.steps();
        double[] meanScore = new double[steps];
        double[] regret = new double[steps];
        boolean[] best = new boolean[steps];
        double scoreSum = 0;
        double regretSum = 0;
        long successes = 0;
        long bestPicks = 0;
        int step = 0;
        for (TrialsScenario.Phase phase : scenario.phases()) {
            double bestP = phase.best();
            for (int k = 0; k < phase.steps(); k++, step++) {
                clock.advance(TRIAL_NANOS);
                for (int i = 0; i < n; i++) {
                    hosts.get(i).score().refresh();
                }
                Host chosen = strategy.select(hosts);
                int h = index.of(chosen);
                double p = phase.probability(h);
                scoreSum += chosen.score().current();
                double reward = env.nextDouble() < p ? HostScore.HOST_UP : HostScore.HOST_DOWN;
                chosen.begin();
                chosen.end();
                chosen.score().rate(reward);
                strategy.feedback(chosen, reward, TRIAL_NANOS);
                successes += (long) reward;
                regretSum += bestP - p;
                best[step] = p == bestP;
                bestPicks += best[step] ? 1 : 0;
                meanScore[step] = scoreSum / (step + 1);
                regret[step] = regretSum;
            }
        }
        List<TrialsScenario.Phase> phases = scenario.phases();
        int changes = phases.size() - 1;
        int[] reconvergence = new int[changes];
        boolean[] censored = new boolean[changes];
        int start = phases.get(0).steps();
        for (int c = 0; c < changes; c++) {
            int length = phases.get(c + 1).steps();
            int found = firstConverged(best, start, start + length);
            censored[c] = found < 0;
            reconvergence[c] = found < 0 ? length : found - start;
            start += length;
        }
        return new TrialsRun(seed, meanScore, regret, successes, bestPicks, reconvergence, censored);
    }

    /** The first step in [from, to - window] from which a best host gets the required share. */
    private static int firstConverged(boolean[] best, int from, int to) {
        int window = RECONVERGENCE_WINDOW;
        int needed = (int) Math.ceil(RECONVERGED_SHARE * window);
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

    private static TrialsResult aggregate(TrialsScenario scenario, String strategyName, List<TrialsRun> runs) {
        int steps = scenario.steps();
        int seeds = runs.size();
        double[] meanScore = new double[steps];
        double[] regret = new double[steps];
        double[] finalRegrets = new double[seeds];
        long successes = 0;
        long bestPicks = 0;
        for (int r = 0; r < seeds; r++) {
            TrialsRun run = runs.get(r);
            for (int i = 0; i < steps; i++) {
                meanScore[i] += run.meanScore()[i] / seeds;
                regret[i] += run.regret()[i] / seeds;
            }
            finalRegrets[r] = run.regret()[steps - 1];
            successes += run.successes();
            bestPicks += run.bestPicks();
        }
        List<TrialsResult.Reconvergence> changes = new ArrayList<>();
        List<TrialsScenario.Phase> phases = scenario.phases();
        int start = 0;
        for (int c = 0; c < phases.size() - 1; c++) {
            start += phases.get(c).steps();
            double[] needed = new double[seeds];
            int censored = 0;
            for (int r = 0; r < seeds; r++) {
                needed[r] = runs.get(r).reconvergence()[c];
                censored += runs.get(r).censored()[c] ? 1 : 0;
            }
            changes.add(new TrialsResult.Reconvergence(
                    start,
                    phases.get(c + 1).steps(),
                    mean(needed),
                    percentile(needed, 0.5),
                    percentile(needed, 0.9),
                    (double) censored / seeds));
        }
        double trials = (double) seeds * steps;
        return new TrialsResult(
                scenario.name(),
                strategyName,
                seeds,
                steps,
                meanScore,
                regret,
                meanScore[steps - 1],
                mean(finalRegrets),
                percentile(finalRegrets, 0.9),
                successes / trials,
                bestPicks / trials,
                changes);
    }

    // --------------------------------------------------------------------------------- traffic

    /**
     * Runs a traffic scenario for seeds {@code 0..seeds-1} and aggregates the runs.
     *
     * @param scenario the scenario
     * @param strategyName the name reported
     * @param factory creates the strategy of each run
     * @param seeds the number of runs, at least 1
     * @return the aggregate
     * @throws IllegalArgumentException if {@code seeds} is less than 1
     * @throws NullPointerException if an argument is null
     */
    public TrafficResult runTraffic(TrafficScenario scenario, String strategyName, StrategyFactory factory, int seeds) {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategyName, "strategyName");
        requireNonNull(factory, "factory");
        Checks.argument(seeds >= 1, "seeds must be >= 1, but was %d", seeds);
        List<TrafficRun> runs = inParallel(seeds, seed -> runTrafficOnce(scenario, factory, seed));
        return aggregate(scenario, strategyName, runs);
    }

    /**
     * One run of a traffic scenario.
     *
     * @param seed the seed
     * @param requests the number of requests
     * @param successes the number answered without error within the timeout
     * @param p50Nanos the median latency
     * @param p99Nanos the 99th percentile latency
     * @param p999Nanos the 99.9th percentile latency
     * @param perSecond per host and second, the number of requests sent
     */
    public record TrafficRun(
            long seed,
            long requests,
            long successes,
            long p50Nanos,
            long p99Nanos,
            long p999Nanos,
            int[][] perSecond) {}

    /**
     * Runs one seed of a traffic scenario.
     *
     * @param scenario the scenario
     * @param factory creates the strategy
     * @param seed the seed
     * @return the run
     */
    public static TrafficRun runTrafficOnce(TrafficScenario scenario, StrategyFactory factory, long seed) {
        ManualTicker clock = new ManualTicker();
        int n = scenario.hostCount();
        List<Host> hosts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hosts.add(new Host("h" + i, new HostScore(HostScoreConfig.defaults(), clock)));
        }
        HostIndex index = new HostIndex(hosts);
        Strategy strategy = factory.create(new SplittableRandom(seed), clock);
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
        long refreshInterval = HostScoreConfig.DEFAULT_MEMOIZE_INTERVAL.toNanos();
        long nextRefresh = refreshInterval;

        double meanGap = NANOS_PER_SECOND / scenario.ratePerSecond();
        int expected = (int) Math.min(Integer.MAX_VALUE - 16, (long) (duration / meanGap * 1.1) + 1024);
        long[] latencies = new long[expected];
        Completions inFlight = new Completions(1024);
        long requests = 0;
        long successes = 0;
        long now = 0;
        while (true) {
            now += (long) (-Math.log(1.0 - env.nextDouble()) * meanGap);
            if (now >= duration) {
                break;
            }
            // Deliver every outcome due before this arrival, at its own simulated time.
            while (inFlight.size() > 0 && inFlight.peekTime() <= now) {
                successes += complete(inFlight, clock, hosts, strategy);
            }
            while (nextChange < changeAt.length && changeAt[nextChange] <= now) {
                TrafficScenario.Change change = changes.get(nextChange++);
                behaviour[change.host()] = change.behaviour();
            }
            clock.set(now);
            if (now >= nextRefresh) {
                for (int i = 0; i < n; i++) {
                    hosts.get(i).score().refresh();
                }
                nextRefresh += refreshInterval;
            }
            Host chosen = strategy.select(hosts);
            int h = index.of(chosen);
            chosen.begin();
            TrafficScenario.Behaviour b = behaviour[h];
            boolean error = b.errorRate() > 0 && env.nextDouble() < b.errorRate();
            long latency = error ? b.errorLatency().toNanos() : b.latency().sample(env);
            boolean success = !error && latency < timeout;
            long took = Math.min(latency, timeout);
            perSecond[h][(int) (now / NANOS_PER_SECOND)]++;
            if (requests == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[(int) requests++] = took;
            inFlight.add(now + took, h, took, success);
        }
        while (inFlight.size() > 0) {
            successes += complete(inFlight, clock, hosts, strategy);
        }
        Arrays.sort(latencies, 0, (int) requests);
        return new TrafficRun(
                seed,
                requests,
                successes,
                percentile(latencies, (int) requests, 0.5),
                percentile(latencies, (int) requests, 0.99),
                percentile(latencies, (int) requests, 0.999),
                perSecond);
    }

    private static int complete(Completions inFlight, ManualTicker clock, List<Host> hosts, Strategy strategy) {
        long at = inFlight.peekTime();
        int slot = inFlight.pollSlot();
        clock.set(at);
        Host host = hosts.get(inFlight.host(slot));
        boolean success = inFlight.success(slot);
        long took = inFlight.took(slot);
        inFlight.free(slot);
        double reward = success ? HostScore.HOST_UP : HostScore.HOST_DOWN;
        host.end();
        host.score().rate(reward);
        strategy.feedback(host, reward, took);
        return success ? 1 : 0;
    }

    private static TrafficResult aggregate(TrafficScenario scenario, String strategyName, List<TrafficRun> runs) {
        int n = scenario.hostCount();
        int seeds = runs.size();
        int seconds = runs.get(0).perSecond()[0].length;
        double[][] share = new double[n][seconds];
        long requests = 0;
        long successes = 0;
        double minSuccess = 1.0;
        double p50 = 0;
        double p99 = 0;
        double p999 = 0;
        double maxP999 = 0;
        double watchedShare = 0;
        double watchedMax = 0;
        TrafficScenario.Watch watch = scenario.watch();
        int from = (int) (watch.from().toNanos() / NANOS_PER_SECOND);
        int to = (int) Math.min(seconds, (watch.to().toNanos() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        for (TrafficRun run : runs) {
            requests += run.requests();
            successes += run.successes();
            minSuccess = Math.min(minSuccess, (double) run.successes() / run.requests());
            p50 += run.p50Nanos() / 1e6 / seeds;
            p99 += run.p99Nanos() / 1e6 / seeds;
            p999 += run.p999Nanos() / 1e6 / seeds;
            maxP999 = Math.max(maxP999, run.p999Nanos() / 1e6);
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
            watchedShare += watchedTotal == 0 ? 0 : (double) watchedCount / watchedTotal / seeds;
        }
        return new TrafficResult(
                scenario.name(),
                strategyName,
                seeds,
                requests,
                (double) successes / requests,
                minSuccess,
                p50,
                p99,
                p999,
                maxP999,
                watchedShare,
                watchedMax,
                share);
    }

    // --------------------------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface SeedRun<R> {
        R run(long seed);
    }

    private <R> List<R> inParallel(int seeds, SeedRun<R> task) {
        if (parallelism == 1) {
            List<R> results = new ArrayList<>(seeds);
            for (int s = 0; s < seeds; s++) {
                results.add(task.run(s));
            }
            return results;
        }
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            return pool.submit(() -> IntStream.range(0, seeds)
                            .parallel()
                            .mapToObj(s -> task.run(s))
                            .toList())
                    .join();
        } finally {
            pool.shutdown();
        }
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long percentile(long[] sorted, int length, double q) {
        if (length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * length) - 1;
        return sorted[Math.max(0, Math.min(length - 1, i))];
    }

    /** Finds a host's index: by scanning for a few hosts, by an identity map for many. */
    private static final class HostIndex {
        private final List<Host> hosts;
        private final Map<Host, Integer> map;

        HostIndex(List<Host> hosts) {
            this.hosts = hosts;
            this.map = new IdentityHashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                map.put(hosts.get(i), i);
            }
        }

        int of(Host host) {
            if (hosts.size() <= 16) {
                for (int i = 0; i < hosts.size(); i++) {
                    if (hosts.get(i) == host) {
                        return i;
                    }
                }
            }
            return map.get(host);
        }
    }

    /** A binary min-heap of completion times over a slab of in-flight requests. Not thread-safe. */
    private static final class Completions {
        private long[] heapTime;
        private int[] heapSlot;
        private int size;
        private int[] host;
        private long[] took;
        private boolean[] success;
        private int[] freeSlots;
        private int freeCount;
        private int slots;

        Completions(int capacity) {
            heapTime = new long[capacity];
            heapSlot = new int[capacity];
            host = new int[capacity];
            took = new long[capacity];
            success = new boolean[capacity];
            freeSlots = new int[capacity];
        }

        int size() {
            return size;
        }

        long peekTime() {
            return heapTime[0];
        }

        int host(int slot) {
            return host[slot];
        }

        long took(int slot) {
            return took[slot];
        }

        boolean success(int slot) {
            return success[slot];
        }

        void free(int slot) {
            freeSlots[freeCount++] = slot;
        }

        void add(long time, int hostIndex, long duration, boolean ok) {
            int slot;
            if (freeCount > 0) {
                slot = freeSlots[--freeCount];
            } else {
                if (slots == host.length) {
                    int capacity = host.length * 2;
                    host = Arrays.copyOf(host, capacity);
                    took = Arrays.copyOf(took, capacity);
                    success = Arrays.copyOf(success, capacity);
                    freeSlots = Arrays.copyOf(freeSlots, capacity);
                }
                slot = slots++;
            }
            host[slot] = hostIndex;
            took[slot] = duration;
            success[slot] = ok;
            if (size == heapTime.length) {
                heapTime = Arrays.copyOf(heapTime, size * 2);
                heapSlot = Arrays.copyOf(heapSlot, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heapTime[parent] <= time) {
                    break;
                }
                heapTime[i] = heapTime[parent];
                heapSlot[i] = heapSlot[parent];
                i = parent;
            }
            heapTime[i] = time;
            heapSlot[i] = slot;
        }

        int pollSlot() {
            int result = heapSlot[0];
            long lastTime = heapTime[--size];
            int lastSlot = heapSlot[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heapTime[child + 1] < heapTime[child]) {
                    child++;
                }
                if (heapTime[child] >= lastTime) {
                    break;
                }
                heapTime[i] = heapTime[child];
                heapSlot[i] = heapSlot[child];
                i = child;
            }
            heapTime[i] = lastTime;
            heapSlot[i] = lastSlot;
            return result;
        }
    }
}
