package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * Monte Carlo simulation of strategies, running their real implementations against simulated
 * hosts on a simulated clock (after Caffeine's simulator: production strategies, unmodified, on
 * synthetic traces with a fixed seed).
 *
 * <ul>
 *   <li><b>Trials</b> ({@link #runTrials}): pooly's model. One request per simulated millisecond;
 *       the chosen host succeeds with its success probability at that moment. Regret is measured
 *       against the oracle that always picks a best host of the moment, in expectation ({@code
 *       p_best - p_chosen} per trial), which is less noisy than realised rewards.
 *   <li><b>Traffic</b> ({@link #runTraffic}): a discrete-event simulation. Poisson arrivals, one
 *       selection per arrival, the request outstanding on its host until it answers, errs or times
 *       out, and the outcome fed back at that simulated moment, so load-aware strategies see real
 *       load.
 * </ul>
 *
 * <p>Each run follows the balance protocol a service follows: the hosts' pooly scores are kept
 * current (a host's score is refreshed whenever a computation would change it, so strategies read
 * exactly what pooly's tickers would show), then {@code select}, {@code begin()}, the outcome,
 * {@code end()}, {@code score().rate(reward)} and {@code feedback}.
 *
 * <p>Each seed is one independent run, deterministic for its seed (the strategy and the hosts draw
 * from generators derived from it), so a result does not depend on the parallelism; seeds run in
 * parallel on a pool created for the call (threads {@code poolkit-balance-simulator-<n>}) and
 * closed before it returns. A progress listener, if set, hears of every finished run.
 *
 * <p>Thread-safe: an instance holds no run state, and calls may run at the same time.
 */
public final class Simulator {
    /** The window over which re-convergence is judged, in trials. */
    public static final int RECONVERGENCE_WINDOW = 20;
    /** The share of a window that must go to a best host to count as re-converged. */
    public static final double RECONVERGED_SHARE = 0.8;

    private final int parallelism;
    private final Consumer<Progress> progress;

    private Simulator(Builder builder) {
        this.parallelism = builder.parallelism;
        this.progress = builder.progress;
    }

    /**
     * Returns a builder: every available processor, no progress listener.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a simulator using every available processor.
     *
     * @return a new simulator
     */
    public static Simulator parallel() {
        return builder().build();
    }

    /**
     * Returns a simulator that runs every seed on the calling thread.
     *
     * @return a new simulator
     */
    public static Simulator sequential() {
        return builder().parallelism(1).build();
    }

    /**
     * Runs a trials scenario for seeds {@code 0..seeds-1} and aggregates the runs.
     *
     * @param scenario the scenario
     * @param strategyName the name reported
     * @param factory creates the strategy of each run
     * @param seeds the number of runs, at least 1
     * @return the aggregate
     * @throws IllegalArgumentException if {@code seeds} is less than 1, or a profile gives a
     *     probability outside {@code [0, 1]}
     * @throws IllegalStateException if the strategy returns a host that is not a candidate
     * @throws NullPointerException if an argument is null
     */
    public TrialsResult runTrials(TrialsScenario scenario, String strategyName, StrategyFactory factory, int seeds) {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategyName, "strategyName");
        requireNonNull(factory, "factory");
        List<TrialsSimulation.Run> runs =
                inParallel(scenario.name(), strategyName, seeds, seed -> TrialsSimulation.run(scenario, factory, seed));
        return TrialsSimulation.aggregate(scenario, strategyName, runs);
    }

    /**
     * Runs a traffic scenario for seeds {@code 0..seeds-1} and aggregates the runs.
     *
     * @param scenario the scenario
     * @param strategyName the name reported
     * @param factory creates the strategy of each run
     * @param seeds the number of runs, at least 1
     * @return the aggregate
     * @throws IllegalArgumentException if {@code seeds} is less than 1, or a profile gives an
     *     error rate outside {@code [0, 1]}
     * @throws IllegalStateException if the strategy returns a host that is not a candidate
     * @throws NullPointerException if an argument is null
     */
    public TrafficResult runTraffic(TrafficScenario scenario, String strategyName, StrategyFactory factory, int seeds) {
        requireNonNull(scenario, "scenario");
        requireNonNull(strategyName, "strategyName");
        requireNonNull(factory, "factory");
        List<TrafficSimulation.Run> runs = inParallel(
                scenario.name(), strategyName, seeds, seed -> TrafficSimulation.run(scenario, factory, seed));
        return TrafficSimulation.aggregate(scenario, strategyName, runs);
    }

    private <R> List<R> inParallel(String scenario, String strategy, int seeds, LongFunction<R> task) {
        Checks.argument(seeds >= 1, "seeds must be >= 1, but was %d", seeds);
        Reporter reporter = new Reporter(scenario, strategy, seeds);
        LongFunction<R> reported = seed -> {
            R result = task.apply(seed);
            reporter.finished();
            return result;
        };
        if (parallelism == 1) {
            List<R> results = new ArrayList<>(seeds);
            for (int s = 0; s < seeds; s++) {
                results.add(reported.apply(s));
            }
            return results;
        }
        // close() waits for the tasks, and a terminated pool's workers may still be on their way
        // out: join them too, so that no thread outlives the call.
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("poolkit-balance-simulator-" + thread.getPoolIndex());
            workers.add(thread);
            return thread;
        };
        List<R> results;
        try (ForkJoinPool pool = new ForkJoinPool(parallelism, factory, null, false)) {
            results = pool.submit(() -> IntStream.range(0, seeds)
                            .parallel()
                            .mapToObj(reported::apply)
                            .toList())
                    .join();
        }
        joinUninterruptibly(workers);
        return results;
    }

    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts finished runs and tells the listener, one call at a time and in order. */
    private final class Reporter {
        private final ReentrantLock lock = new ReentrantLock();
        private final String scenario;
        private final String strategy;
        private final int total;
        private int done;

        Reporter(String scenario, String strategy, int total) {
            this.scenario = scenario;
            this.strategy = strategy;
            this.total = total;
        }

        void finished() {
            if (progress == null) {
                return;
            }
            lock.lock();
            try {
                progress.accept(new Progress(scenario, strategy, ++done, total));
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * How far a call of {@link #runTrials} or {@link #runTraffic} has got.
     *
     * @param scenario the scenario's name
     * @param strategy the strategy's name, as passed to the call
     * @param completedRuns the runs (seeds) finished so far, from 1 to {@code totalRuns}
     * @param totalRuns the runs of the call
     */
    public record Progress(String scenario, String strategy, int completedRuns, int totalRuns) {}

    /** Collects a simulator's settings. */
    public static final class Builder {
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private Consumer<Progress> progress;

        private Builder() {}

        /**
         * Sets the number of threads that run seeds.
         *
         * @param parallelism at least 1
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Sets a listener told after every finished run. Calls come from the threads that run the
         * seeds, one at a time and with {@code completedRuns} increasing; the listener <b>must be
         * quick and must not call the simulator</b>, since runs wait for it. If it throws, the
         * call of {@code runTrials} or {@code runTraffic} fails with its exception.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder progress(Consumer<Progress> listener) {
            this.progress = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the simulator.
         *
         * @return the simulator
         * @throws IllegalArgumentException if the parallelism is less than 1
         */
        public Simulator build() {
            Checks.argument(parallelism >= 1, "parallelism must be >= 1, but was %d", parallelism);
            return new Simulator(this);
        }
    }
}
