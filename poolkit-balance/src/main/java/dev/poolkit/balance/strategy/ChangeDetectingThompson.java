package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.Ticker;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.BetaSampler;
import dev.poolkit.balance.internal.Checks;
import dev.poolkit.balance.internal.DrawOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The recommended default: Thompson sampling with change detection on each host's outcome stream,
 * and aging of the evidence about hosts that are not being tried.
 *
 * <h2>Notes</h2>
 *
 * <ol>
 *   <li><b>Belief.</b> Each host has S successes and F failures since its last detected change
 *       (fractional rewards add {@code r} and {@code 1 - r}). A selection draws from each candidate's
 *       Beta(1 + k S, 1 + k F) (from a table of gamma quantiles, within a Kolmogorov distance
 *       of {@code 4e-4} of the exact Beta; see {@link ThompsonSampling}), and takes the highest (Thompson
 *       sampling; Thompson 1933, Agrawal and Goyal 2012). The evidence is multiplied by the {@code
 *       sharpness} k (a tempered posterior): with k = 3 a host that failed once is rarely tried
 *       again while another succeeds, which is what pooly's SoftMax(0.1) gets right, while a
 *       host's belief still never becomes certain after a few outcomes.
 *   <li><b>Change detection.</b> Each host keeps its last {@code window} outcomes. After every
 *       outcome, once at least {@code window} more outcomes precede the window, the mean inside the
 *       window is compared with the mean before it; if they differ by more than the Hoeffding bound
 *       {@code sqrt(ln(1/delta)/2 * (1/w + 1/m))} (w outcomes in the window, m before it) the host
 *       has changed, and its belief restarts from the window's outcomes alone. This is the
 *       two-sample test of monitored bandits (Cao, Wen, Kveton and Xie, "Nearly optimal adaptive
 *       procedure with change detection for piecewise-stationary bandit", AISTATS 2019), taken
 *       against the whole pre-window history; a host that always succeeded and starts failing is
 *       noticed after 8 failures with the defaults.
 *   <li><b>Aging.</b> A host that is not tried cannot show that it changed (a failed host that
 *       recovers). So once a host has gone {@code 2n} selections without being chosen ({@code n}
 *       candidates), its evidence S + F shrinks by {@code agingLoss} per further selection, keeping
 *       its mean, down to {@code floor}. Aging is linear, not exponential: a host known from a few
 *       outcomes (one that just changed) becomes uncertain again within tens of selections, a host
 *       known from hundreds stays known for hundreds. At the floor, the chance of a re-try falls
 *       steeply with how much worse the host looked than the best: a host at 0.1 next to one at 0.5
 *       is re-tried every few selections, next to one at 0.9 almost never.
 *   <li><b>Probes.</b> When the best hosts succeed almost always (real services), no draw from a
 *       failed host's belief ever wins, however aged. So every 64th selection also checks whether
 *       a candidate has gone {@code probeInterval} without an outcome, and if so
 *       sends that selection to it (a half-open probe, as circuit breakers do); each failed probe
 *       doubles the host's interval, up to 32 times. In pooly's trials model (one trial per
 *       millisecond) probes are rare; with traffic they are what brings a returning host back.
 *   <li><b>Bounded evidence and load.</b> A host keeps at most {@code maxEvidence} outcomes' worth
 *       of evidence (scaled down proportionally), so a host that returns can catch up with hosts
 *       that have served for hours. And each request still outstanding on a host counts as {@code
 *       outstandingWeight} failures in the draw: a host that stops answering (slow, dead) piles up
 *       outstanding requests and loses draws long before its timeouts arrive as failures, and
 *       among equally good hosts the less loaded one tends to win. In the trials model nothing is
 *       outstanding at selection time, so this changes nothing there.
 * </ol>
 *
 * <p>Selection skips hosts that cannot win as {@link ThompsonSampling} does, from each host's kept
 * skip-bound cell ({@link SkipCellState}): aging only shrinks the shapes, so a cell holds until the
 * aging clock {@code now - 2n} reaches the first step at which a shape leaves it, and a skipped
 * host costs its bits and two table loads, no aging and no shapes. Two cases bound from the shapes
 * instead: a host with outstanding requests (the cell leaves them out), and the selections right
 * after the number of candidates grew (the clock then steps back to steps before some kept cells
 * were computed).
 *
 * <p>Thread-safe: feedback takes a per-host lock; selection reads without locking (it may see S and
 * F one outcome apart) and allocates nothing.
 */
public final class ChangeDetectingThompson implements Strategy {
    private static final int PROBE_CHECK_MASK = 63;
    private static final int MAX_PROBE_BACKOFF = 5;

    private final Config config;
    private final Ticker ticker;
    private final long probeIntervalNanos;
    private final double maxEvidence;
    private final double outstandingWeight;
    private final double logInverseDelta;
    private final AtomicSplitMix random;
    private final AtomicLong step = new AtomicLong();
    private final Draws draws;
    /**
     * The candidate index that won the last selection: a hint, so any value is correct, and read and
     * written without synchronisation (an int is never torn) because a volatile write's fence would
     * cost as much as a few hosts' bounds, and the winner changes at most selections.
     */
    private int lastWinner;

    private volatile int candidateCount = 1;

    /**
     * The highest aging clock ({@code now - 2n}, at least 0) a selection may have used before the
     * candidate count last grew: kept cells hold from the clock they were computed at onwards, and a
     * selection with more candidates than the last one is earlier on that clock, so it uses them only
     * once its clock is past this (until then it bounds from the shapes). Written only when the count
     * changes.
     */
    private long cellClockFloor;

    /**
     * Creates the strategy with the default settings.
     *
     * @param seedSource drawn from once for the seed
     * @throws NullPointerException if {@code seedSource} is null
     */
    public ChangeDetectingThompson(RandomGenerator seedSource) {
        this(Config.defaults(), Ticker.system(), seedSource);
    }

    /**
     * Creates the strategy.
     *
     * @param config the settings
     * @param ticker the time source for probes
     * @param seedSource drawn from once for the seed
     * @throws NullPointerException if an argument is null
     */
    public ChangeDetectingThompson(Config config, Ticker ticker, RandomGenerator seedSource) {
        this(config, ticker, seedSource, Draws.TABLE);
    }

    /** Creates the strategy with the given draws (the others are references in tests). */
    ChangeDetectingThompson(Config config, Ticker ticker, RandomGenerator seedSource, Draws draws) {
        this.draws = requireNonNull(draws, "draws");
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "ticker");
        this.probeIntervalNanos = config.probeInterval().toNanos();
        this.maxEvidence = config.maxEvidence();
        this.outstandingWeight = config.outstandingWeight();
        this.logInverseDelta = Math.log(1.0 / config.delta());
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        long now = step.getAndIncrement();
        int previousCount = candidateCount;
        if (previousCount != n) {
            // the clock of the selections so far reached at most now - 2 * previousCount
            cellClockFloor = Math.max(cellClockFloor, now - 2L * previousCount);
            candidateCount = n; // written only on change, so concurrent selections do not contend
        }
        if ((now & PROBE_CHECK_MASK) == 0 && probeIntervalNanos > 0) {
            Host probe = probe(candidates, n);
            if (probe != null) {
                return probe;
            }
        }
        long lastActive = now - 2L * n; // a host last updated before this is idle past its grace
        // The cells' clock: before 0 no host is idle, so the shapes are those at 0.
        long clock = Math.max(lastActive, 0);
        boolean cells = draws.skips() && clock >= cellClockFloor;
        double sharpness = config.sharpness();
        double agingLoss = config.agingLoss();
        double floor = config.floor();
        double outstandingWeight = this.outstandingWeight;
        Draws draws = this.draws;
        // Draws compared on the logit scale and kept without branching, the last winner first and
        // hosts that cannot win skipped: see ThompsonSampling.select.
        long mask = DrawOrder.mask(n);
        long best = Long.MIN_VALUE;
        double bestDraw = Double.NEGATIVE_INFINITY;
        long local = random.localSeed(now); // the step numbers the stream: no second atomic step
        int first = Math.min(lastWinner, n - 1);
        for (int j = -1; j < n; j++) {
            int i = j < 0 ? first : j;
            if (i == first & j >= 0) {
                continue;
            }
            Host host = candidates.get(i);
            State state = OwnedState.of(host, this, State.class, State::new);
            long bits = AtomicSplitMix.localLongAt(local, i);
            int outstanding = host.outstanding();
            // The kept cell leaves out outstanding requests, so it bounds only hosts without any.
            boolean fromCell = cells & outstanding == 0;
            if (fromCell) {
                // the kept cell while it holds: no aging, no shapes computed
                if (BetaSampler.logitUpperBound((int) state.cellAt(clock), bits) < bestDraw) {
                    continue;
                }
            }
            double successes = state.successes;
            double failures = state.failures;
            double k = agedFactor(state.inverseMass, lastActive - state.lastStep, agingLoss, floor) * sharpness;
            double a = 1.0 + successes * k;
            double b = 1.0 + failures * k + outstanding * outstandingWeight;
            double draw = fromCell ? draws.draw(a, b, bits, random) : draws.draw(a, b, bits, bestDraw, random);
            if (draw == Draws.CANNOT_WIN) {
                continue;
            }
            bestDraw = Math.max(bestDraw, draw);
            best = Math.max(best, DrawOrder.key(draw, i, mask));
        }
        int winner = DrawOrder.index(best, mask);
        if (winner != first) {
            lastWinner = winner; // written only on change, as candidateCount
        }
        return candidates.get(winner);
    }

    /** Returns the first candidate idle for longer than its probe interval, claiming it, or null. */
    private Host probe(List<Host> candidates, int n) {
        long nowNanos = ticker.nanoTime();
        for (int i = 0; i < n; i++) {
            Host host = candidates.get(i);
            State state = OwnedState.of(host, this, State.class, State::new);
            long last = state.lastTriedNanos;
            if (last == State.NEVER) {
                state.lastTriedNanos = nowNanos; // first seen: the interval starts now
                continue;
            }
            long interval = probeIntervalNanos << Math.min(state.failedProbes, MAX_PROBE_BACKOFF);
            if (nowNanos - last >= interval && State.LAST_TRIED.compareAndSet(state, last, nowNanos)) {
                state.probing = true;
                return host;
            }
        }
        return null;
    }

    @Override
    public void feedback(Host host, double reward, long latencyNanos) {
        Checks.unitInterval("reward", reward);
        State state = OwnedState.of(host, this, State.class, State::new);
        state.lock.lock();
        try {
            state.lastTriedNanos = ticker.nanoTime();
            if (reward >= 0.5) {
                state.failedProbes = 0;
            } else if (state.probing) {
                state.failedProbes++;
            }
            state.probing = false;
            long now = step.get();
            double g = agedFactor(
                    state.inverseMass, now - 2L * candidateCount - state.lastStep, config.agingLoss(), config.floor());
            double successes = state.successes * g + reward;
            double failures = state.failures * g + (1.0 - reward);
            double mass = successes + failures;
            if (mass > maxEvidence) {
                successes *= maxEvidence / mass;
                failures *= maxEvidence / mass;
            }
            state.successes = successes;
            state.failures = failures;
            state.lastStep = now;
            observe(state, reward);
            state.inverseMass = 1.0 / (state.successes + state.failures);
            state.bound = cellEntry(state, now);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * The factor that ages evidence of total mass {@code 1 / inverseMass} after {@code idle} selections
     * past grace: {@code max(mass - loss * idle, floor) / mass}, and 1 while not idle or at most {@code
     * floor}. Written without a division or a branch because selection evaluates it for every host; an
     * inverse mass of 0 (no outcome yet) gives 1.
     */
    private static double agedFactor(double inverseMass, double idle, double loss, double floor) {
        return Math.min(1.0, Math.max(1.0 - loss * idle * inverseMass, floor * inverseMass));
    }

    /**
     * Returns the {@link SkipCellState#bound} entry of {@code state} at clock {@code t} ({@code now -
     * 2n}, at least 0): the cell of its shapes without outstanding requests (which only add to the
     * second shape, so the cell's bound holds with them as long as no shape reaches the exactly
     * drawn range; selection bounds such hosts from their shapes), and the first clock at which a
     * shape leaves it. Aging only shrinks the shapes as the clock advances, and before {@code
     * lastStep} they are those at {@code lastStep}.
     */
    private long cellEntry(State state, long t) {
        double successes = state.successes;
        double failures = state.failures;
        double inverseMass = state.inverseMass;
        long lastStep = state.lastStep;
        long from = Math.max(t - lastStep, 0);
        double sharpness = config.sharpness();
        double k = agedFactor(inverseMass, from, config.agingLoss(), config.floor()) * sharpness;
        double a = 1.0 + successes * k;
        double b = 1.0 + failures * k;
        long idle = Math.min(
                lastIdleAtLeast(successes, inverseMass, BetaSampler.boundCellShape(a), from),
                lastIdleAtLeast(failures, inverseMass, BetaSampler.boundCellShape(b), from));
        return SkipCellState.entry(BetaSampler.boundCell(a, b), lastStep, idle);
    }

    /**
     * Returns the most idle selections {@code d >= from} for which {@code 1 + evidence * k(d)}, the
     * shape as selection computes it ({@code k} the aged factor times the sharpness), is still at
     * least {@code shape}: {@link Long#MAX_VALUE} if aging never takes it below, {@code from - 1}
     * if it is below at {@code from}. From the linear aging's closed form, then corrected against
     * {@link #agedFactor} itself (both sides are monotone in {@code d}).
     */
    private long lastIdleAtLeast(double evidence, double inverseMass, double shape, long from) {
        if (!(agedShape(evidence, inverseMass, from) >= shape)) {
            return from - 1;
        }
        if (agedShape(evidence, inverseMass, 0x1.0p60) >= shape) {
            return Long.MAX_VALUE; // at the floor, or no aging, it stays
        }
        double guess = (1.0 - (shape - 1.0) / (evidence * config.sharpness())) / (config.agingLoss() * inverseMass);
        if (!(guess < 0x1.0p50)) {
            return Long.MAX_VALUE;
        }
        long d = Math.max(from, (long) guess);
        while (d > from && !(agedShape(evidence, inverseMass, d) >= shape)) {
            d--;
        }
        while (agedShape(evidence, inverseMass, d + 1) >= shape) {
            d++;
        }
        return d;
    }

    /**
     * Returns the shape {@code 1 + evidence * k} after {@code idle} idle selections, evaluated as a
     * selection evaluates it ({@code k}, the aged factor times the sharpness, first), so that a
     * cell's end agrees with the shapes the selections compute to the last bit.
     */
    private double agedShape(double evidence, double inverseMass, double idle) {
        return 1.0
                + evidence * (agedFactor(inverseMass, idle, config.agingLoss(), config.floor()) * config.sharpness());
    }

    private void observe(State state, double reward) {
        int window = config.window();
        float[] ring = state.ring;
        if (ring == null) {
            ring = state.ring = new float[window];
        }
        int pos = (int) (state.count++ % window);
        if (state.inWindow == window) {
            double leaving = ring[pos];
            state.windowSum -= leaving;
            state.beforeSum += leaving;
            state.beforeCount++;
        } else {
            state.inWindow++;
        }
        ring[pos] = (float) reward;
        state.windowSum += reward;
        long before = state.beforeCount;
        if (before < window) {
            return;
        }
        double windowMean = state.windowSum / window;
        double beforeMean = state.beforeSum / before;
        double bound = Math.sqrt(logInverseDelta / 2.0 * (1.0 / window + 1.0 / before));
        if (Math.abs(windowMean - beforeMean) > bound) {
            // A change: the belief restarts from the window's outcomes alone.
            state.successes = state.windowSum;
            state.failures = window - state.windowSum;
            state.beforeSum = 0.0;
            state.beforeCount = 0;
            state.changes++;
        }
    }

    /**
     * Returns how many changes this strategy detected on {@code host}.
     *
     * @param host the host
     * @return the count, 0 for a host this strategy has not seen
     */
    public long changesDetected(Host host) {
        Object attachment = host.attachment();
        return attachment instanceof State s && s.isOwnedBy(this) ? s.changes : 0;
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public Config config() {
        return config;
    }

    /**
     * Returns {@code thompson-cd}, followed by the settings that differ from the defaults, for
     * example {@code thompson-cd(window=20,probeInterval=PT0.5S)}.
     */
    @Override
    public String name() {
        Config d = Config.defaults();
        List<String> parameters = new ArrayList<>();
        addIfChanged(parameters, "window", config.window(), d.window());
        addIfChanged(parameters, "delta", config.delta(), d.delta());
        addIfChanged(parameters, "agingLoss", config.agingLoss(), d.agingLoss());
        addIfChanged(parameters, "floor", config.floor(), d.floor());
        addIfChanged(parameters, "sharpness", config.sharpness(), d.sharpness());
        addIfChanged(parameters, "probeInterval", config.probeInterval(), d.probeInterval());
        addIfChanged(parameters, "maxEvidence", config.maxEvidence(), d.maxEvidence());
        addIfChanged(parameters, "outstandingWeight", config.outstandingWeight(), d.outstandingWeight());
        return parameters.isEmpty() ? "thompson-cd" : "thompson-cd(" + String.join(",", parameters) + ")";
    }

    private static void addIfChanged(List<String> parameters, String key, Object value, Object defaultValue) {
        if (!value.equals(defaultValue)) {
            parameters.add(key + "=" + value);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Settings of {@link ChangeDetectingThompson}. The defaults were tuned with the simulator on
     * the built-in trials scenarios only, and then checked on the held-out set (see {@code
     * docs/strategies.md}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param window outcomes in the change test's window, in {@code [4, 1024]}
     * @param delta the false-alarm level of one change test, in {@code (0, 1)}
     * @param agingLoss evidence an idle host loses per selection, {@code >= 0}; 0 turns aging off
     * @param floor the evidence aging never goes below, {@code >= 0}
     * @param sharpness the multiplier on evidence when drawing, {@code >= 1}
     * @param probeInterval how long a host may go without an outcome before it is probed; {@code
     *     Duration.ZERO} turns probes off
     * @param maxEvidence the most evidence (S + F) a host keeps, scaled down proportionally beyond;
     *     at least {@code floor} and positive
     * @param outstandingWeight how many failures each outstanding request counts as in the draw,
     *     {@code >= 0}
     */
    public record Config(
            int window,
            double delta,
            double agingLoss,
            double floor,
            double sharpness,
            Duration probeInterval,
            double maxEvidence,
            double outstandingWeight) {
        /** The default window: 12 outcomes. */
        public static final int DEFAULT_WINDOW = 12;
        /** The default false-alarm level: 0.0001. */
        public static final double DEFAULT_DELTA = 1e-4;
        /** The default aging: 0.05 outcomes' worth of evidence per idle selection. */
        public static final double DEFAULT_AGING_LOSS = 0.05;
        /** The default floor: two outcomes (six outcomes' worth once sharpened). */
        public static final double DEFAULT_FLOOR = 2.0;
        /** The default sharpness: 3. */
        public static final double DEFAULT_SHARPNESS = 3.0;
        /** The default probe interval: 1 s. */
        public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
        /** The default evidence cap: 300 outcomes. */
        public static final double DEFAULT_MAX_EVIDENCE = 300.0;
        /** The default weight of an outstanding request: one failure. */
        public static final double DEFAULT_OUTSTANDING_WEIGHT = 1.0;

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if a value is out of range
         * @throws NullPointerException if {@code probeInterval} is null
         */
        public Config {
            requireNonNull(probeInterval, "probeInterval");
            Checks.argument(window >= 4 && window <= 1024, "window must be between 4 and 1024, but was %d", window);
            Checks.argument(delta > 0 && delta < 1, "delta must be in (0, 1), but was %s", delta);
            Checks.argument(
                    agingLoss >= 0 && Double.isFinite(agingLoss), "agingLoss must be >= 0, but was %s", agingLoss);
            Checks.argument(floor >= 0 && Double.isFinite(floor), "floor must be >= 0, but was %s", floor);
            Checks.argument(
                    sharpness >= 1 && Double.isFinite(sharpness), "sharpness must be >= 1, but was %s", sharpness);
            Checks.argument(
                    !probeInterval.isNegative(), "probeInterval must not be negative, but was %s", probeInterval);
            Checks.argument(
                    maxEvidence > 0 && maxEvidence >= floor && Double.isFinite(maxEvidence),
                    "maxEvidence must be positive and >= floor (%s), but was %s",
                    floor,
                    maxEvidence);
            Checks.argument(
                    outstandingWeight >= 0 && Double.isFinite(outstandingWeight),
                    "outstandingWeight must be >= 0, but was %s",
                    outstandingWeight);
        }

        /**
         * Returns the defaults.
         *
         * @return the default settings
         */
        public static Config defaults() {
            return builder().build();
        }

        /**
         * Returns a builder with the defaults.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Returns a builder holding this config's values.
         *
         * @return a new builder
         */
        public Builder toBuilder() {
            return new Builder()
                    .window(window)
                    .delta(delta)
                    .agingLoss(agingLoss)
                    .floor(floor)
                    .sharpness(sharpness)
                    .probeInterval(probeInterval)
                    .maxEvidence(maxEvidence)
                    .outstandingWeight(outstandingWeight);
        }

        /** Collects the values of a {@link Config}; validation happens in {@link #build()}. */
        public static final class Builder {
            private int window = DEFAULT_WINDOW;
            private double delta = DEFAULT_DELTA;
            private double agingLoss = DEFAULT_AGING_LOSS;
            private double floor = DEFAULT_FLOOR;
            private double sharpness = DEFAULT_SHARPNESS;
            private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
            private double maxEvidence = DEFAULT_MAX_EVIDENCE;
            private double outstandingWeight = DEFAULT_OUTSTANDING_WEIGHT;

            private Builder() {}

            /**
             * Sets the most evidence a host keeps.
             *
             * @param maxEvidence positive, at least the floor
             * @return this builder
             */
            public Builder maxEvidence(double maxEvidence) {
                this.maxEvidence = maxEvidence;
                return this;
            }

            /**
             * Sets how many failures each outstanding request counts as in the draw.
             *
             * @param outstandingWeight {@code >= 0}; 0 ignores load
             * @return this builder
             */
            public Builder outstandingWeight(double outstandingWeight) {
                this.outstandingWeight = outstandingWeight;
                return this;
            }

            /**
             * Sets how long a host may go without an outcome before it is probed.
             *
             * @param probeInterval not negative; zero turns probes off
             * @return this builder
             */
            public Builder probeInterval(Duration probeInterval) {
                this.probeInterval = probeInterval;
                return this;
            }

            /**
             * Sets the change test's window.
             *
             * @param window outcomes, in {@code [4, 1024]}
             * @return this builder
             */
            public Builder window(int window) {
                this.window = window;
                return this;
            }

            /**
             * Sets the false-alarm level of one change test.
             *
             * @param delta in {@code (0, 1)}
             * @return this builder
             */
            public Builder delta(double delta) {
                this.delta = delta;
                return this;
            }

            /**
             * Sets the evidence an idle host loses per selection.
             *
             * @param agingLoss {@code >= 0}
             * @return this builder
             */
            public Builder agingLoss(double agingLoss) {
                this.agingLoss = agingLoss;
                return this;
            }

            /**
             * Sets the evidence aging never goes below.
             *
             * @param floor {@code >= 0}
             * @return this builder
             */
            public Builder floor(double floor) {
                this.floor = floor;
                return this;
            }

            /**
             * Sets the multiplier on evidence when drawing.
             *
             * @param sharpness {@code >= 1}
             * @return this builder
             */
            public Builder sharpness(double sharpness) {
                this.sharpness = sharpness;
                return this;
            }

            /**
             * Builds the config.
             *
             * @return the validated config
             * @throws IllegalArgumentException if a value is out of range
             */
            public Config build() {
                return new Config(
                        window, delta, agingLoss, floor, sharpness, probeInterval, maxEvidence, outstandingWeight);
            }
        }
    }

    private static final class State extends SkipCellState {
        static final long NEVER = Long.MIN_VALUE;
        static final java.lang.invoke.VarHandle LAST_TRIED;

        static {
            try {
                LAST_TRIED = java.lang.invoke.MethodHandles.lookup()
                        .findVarHandle(State.class, "lastTriedNanos", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile long lastTriedNanos = NEVER;
        volatile int failedProbes;
        volatile boolean probing;
        volatile double successes;
        volatile double failures;
        /** {@code 1 / (successes + failures)}, kept by feedback; 0 before the first outcome. */
        volatile double inverseMass;

        volatile long lastStep;
        // Change detection, guarded by lock.
        float[] ring;
        long count;
        int inWindow;
        double windowSum;
        long beforeCount;
        double beforeSum;
        volatile long changes;

        State(Object owner) {
            super(owner);
        }

        @Override
        long cellEntry(long t) {
            return ((ChangeDetectingThompson) owner()).cellEntry(this, t);
        }
    }
}
