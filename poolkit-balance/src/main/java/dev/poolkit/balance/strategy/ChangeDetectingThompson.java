package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.BetaSampler;
import dev.poolkit.balance.internal.Candidates;
import dev.poolkit.balance.internal.Checks;
import dev.poolkit.balance.internal.Discount;
import dev.poolkit.balance.internal.OwnedState;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The recommended default: Thompson sampling with change detection on each host's outcome stream,
 * and aging of beliefs about hosts that are not being tried.
 *
 * <h2>Notes</h2>
 *
 * <ol>
 *   <li><b>Belief.</b> Each host has a Beta(1 + S, 1 + F) belief about its success probability,
 *       built from the outcomes since its last detected change. Selection draws from each belief
 *       and takes the highest (Thompson sampling), so on stable hosts it is as frugal as plain
 *       Thompson sampling: evidence is never discounted while a host keeps being tried.
 *   <li><b>Change detection.</b> Each host keeps its last {@code window} outcomes. After every
 *       outcome, once there are at least {@code window} outcomes before the window, the mean inside
 *       the window is compared with the mean before it; if they differ by more than the Hoeffding
 *       bound {@code sqrt(ln(1/delta)/2 * (1/w + 1/m))} the host has changed: its belief restarts
 *       from the window's outcomes alone. This is the two-sample test of monitored bandits (Cao,
 *       Wen, Kveton and Xie, "Nearly optimal adaptive procedure with change detection for
 *       piecewise-stationary bandit", AISTATS 2019) against the whole pre-window history, which
 *       detects a failing host within a fraction of the window.
 *   <li><b>Aging.</b> A host that is not tried cannot show that it changed. So a belief loses
 *       weight with the selections that pass without the host being tried, beyond a grace of {@code
 *       2n} selections ({@code n} candidates): S and F shrink by {@code aging} per such selection.
 *       A host that failed becomes uncertain again and is re-tried, at a rate that falls with how
 *       much worse it looked than the best (a draw from the aged belief must beat the best's draw).
 *       Hosts in regular use are not aged, so stationary regret stays that of Thompson sampling.
 * </ol>
 *
 * <p>Beliefs take fractional rewards ({@code r} adds {@code r} to S and {@code 1 - r} to F).
 * Thread-safe: feedback takes a per-host lock; selection reads without locking.
 */
public final class ChangeDetectingThompson implements Strategy {
    /** The default window of outcomes the change test looks at. */
    public static final int DEFAULT_WINDOW = 16;
    /** The default false-alarm level of one change test. */
    public static final double DEFAULT_DELTA = 1e-3;
    /** The default per-selection aging factor of idle beliefs. */
    public static final double DEFAULT_AGING = 0.97;

    private final int window;
    private final double logInverseDelta;
    private final double delta;
    private final Discount aging;
    private final AtomicSplitMix random;
    private final AtomicLong step = new AtomicLong();
    private volatile int candidateCount = 1;

    /**
     * Creates the strategy with the default window, false-alarm level and aging.
     *
     * @param seedSource drawn from once for the seed
     * @throws NullPointerException if {@code seedSource} is null
     */
    public ChangeDetectingThompson(RandomGenerator seedSource) {
        this(DEFAULT_WINDOW, DEFAULT_DELTA, DEFAULT_AGING, seedSource);
    }

    /**
     * Creates the strategy.
     *
     * @param window outcomes in the change test's window, in {@code [4, 1024]}
     * @param delta the false-alarm level of one test, in {@code (0, 1)}
     * @param aging the per-selection factor idle beliefs shrink by, in {@code (0, 1]}; 1 turns aging
     *     off
     * @param seedSource drawn from once for the seed
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if {@code seedSource} is null
     */
    public ChangeDetectingThompson(int window, double delta, double aging, RandomGenerator seedSource) {
        Checks.argument(window >= 4 && window <= 1024, "window must be between 4 and 1024, but was %d", window);
        Checks.argument(delta > 0 && delta < 1, "delta must be in (0, 1), but was %s", delta);
        Checks.argument(aging > 0 && aging <= 1, "aging must be in (0, 1], but was %s", aging);
        this.window = window;
        this.delta = delta;
        this.logInverseDelta = Math.log(1.0 / delta);
        this.aging = new Discount(aging);
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        long now = step.getAndIncrement();
        if (candidateCount != n) {
            candidateCount = n; // written only on change, so concurrent selections do not contend
        }
        long grace = 2L * n;
        Host best = candidates.get(0);
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Host host = candidates.get(i);
            State state = OwnedState.of(host, this, State.class, State::new);
            double g = aging.pow(now - state.lastStep - grace);
            double draw = BetaSampler.sample(1.0 + state.successes * g, 1.0 + state.failures * g, random);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = host;
            }
        }
        return best;
    }

    @Override
    public void feedback(Host host, double reward, long latencyNanos) {
        Checks.unitInterval("reward", reward);
        State state = OwnedState.of(host, this, State.class, State::new);
        state.lock.lock();
        try {
            long now = step.get();
            double g = aging.pow(now - state.lastStep - 2L * candidateCount);
            state.successes = state.successes * g + reward;
            state.failures = state.failures * g + (1.0 - reward);
            state.lastStep = now;
            observe(state, reward);
        } finally {
            state.lock.unlock();
        }
    }

    private void observe(State state, double reward) {
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
     * Returns how many changes were detected on {@code host} by this strategy.
     *
     * @param host the host
     * @return the count, 0 for a host this strategy has not seen
     */
    public long changesDetected(Host host) {
        Object attachment = host.attachment();
        return attachment instanceof State s ? s.changes : 0;
    }

    @Override
    public String name() {
        return window == DEFAULT_WINDOW && delta == DEFAULT_DELTA && aging.gamma() == DEFAULT_AGING
                ? "thompson-cd"
                : String.format(Locale.ROOT, "thompson-cd(%d,%s,%s)", window, delta, aging.gamma());
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class State extends OwnedState {
        final ReentrantLock lock = new ReentrantLock();
        volatile double successes;
        volatile double failures;
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
    }
}
