package dev.poolkit.balance;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.util.concurrent.locks.ReentrantLock;

/**
 * pooly's sliding-window success score of one host.
 *
 * <p>The host keeps up to {@value #SLOTS} time slots, each with the running mean of the scores
 * recorded in it and their count. Every {@code decayDuration/60} the current slot moves on: while
 * fewer than 60 slots exist a new one is appended, after that the oldest is reset (a ring). The
 * score, recomputed every {@code memoizeInterval}, weighs the i-th oldest of n slots by {@code
 * i/(n(n+1)/2)}, so the newest counts most; a slot without trials counts as 0.5 (neutral). Before
 * the first computation the score is {@value #UNSCORED}.
 *
 * <p>Time comes from the injected {@link Ticker}. Decay ticks and recomputations happen lazily:
 * {@link #rate(double)}, {@link #refresh()} and {@link #score()} first catch up with every tick that
 * fell due since the last call, in order, so the result equals that of pooly's two tickers. {@link
 * #current()} only reads the memoized value (no ticker call), which is what strategies use on their
 * hot path; whoever owns the hosts calls {@link #refresh()} at least every {@code memoizeInterval}.
 * {@link #decay()} and {@link #compute()} apply one tick explicitly.
 *
 * <p>Thread-safe: updates take a lock, {@link #current()} is a volatile read.
 */
public final class HostScore {
    /** The number of time slots (pooly keeps 60). */
    public static final int SLOTS = 60;
    /** The score before the first computation. */
    public static final double UNSCORED = -1.0;
    /** pooly's {@code HostDown}. */
    public static final double HOST_DOWN = 0.0;
    /** pooly's {@code HostUp}. */
    public static final double HOST_UP = 1.0;

    private static final double NEUTRAL = 0.5;

    private final HostScoreConfig config;
    private final Ticker ticker;
    private final long decayIntervalNanos;
    private final long memoizeIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final double[] means = new double[SLOTS];
    private final long[] trials = new long[SLOTS];
    private int slotCount = 1;
    private int timeSlot;
    private long nextDecayAt;
    private long nextComputeAt;

    private volatile double score = UNSCORED;
    // min(nextDecayAt, nextComputeAt), published after each catch-up for the lock-free check.
    private volatile long nextDueAt;

    /**
     * Creates a score with pooly's defaults.
     *
     * @param ticker the time source
     * @throws NullPointerException if {@code ticker} is null
     */
    public HostScore(Ticker ticker) {
        this(HostScoreConfig.defaults(), ticker);
    }

    /**
     * Creates a score; the first decay and computation fall due one interval from now.
     *
     * @param config the settings
     * @param ticker the time source
     * @throws NullPointerException if an argument is null
     */
    public HostScore(HostScoreConfig config, Ticker ticker) {
        this.config = requireNonNull(config, "config");
        this.ticker = requireNonNull(ticker, "ticker");
        this.decayIntervalNanos = config.decayDuration().toNanos() / SLOTS;
        this.memoizeIntervalNanos = config.memoizeInterval().toNanos();
        long now = ticker.nanoTime();
        this.nextDecayAt = now + decayIntervalNanos;
        this.nextComputeAt = now + memoizeIntervalNanos;
        this.nextDueAt = Math.min(nextDecayAt, nextComputeAt);
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public HostScoreConfig config() {
        return config;
    }

    /**
     * Records a trial's score in the current slot, after catching up with due ticks.
     *
     * @param value the trial's score in {@code [0, 1]}; {@link #HOST_UP} or {@link #HOST_DOWN} in
     *     the usual case
     * @throws IllegalArgumentException if {@code value} is outside {@code [0, 1]} or NaN
     */
    public void rate(double value) {
        Checks.unitInterval("score", value);
        lock.lock();
        try {
            catchUp(ticker.nanoTime());
            int slot = timeSlot;
            long n = ++trials[slot];
            means[slot] += (value - means[slot]) / n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Catches up with every decay tick and recomputation due by now.
     *
     * @return the memoized score after catching up
     */
    public double refresh() {
        long now = ticker.nanoTime();
        if (now - nextDueAt < 0) {
            return score; // nothing due: no lock
        }
        lock.lock();
        try {
            catchUp(now);
            return score;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the score after catching up with the ticker; same as {@link #refresh()}.
     *
     * @return the score in {@code [0, 1]} (or outside, if a transform maps it there), or {@link
     *     #UNSCORED} before the first computation
     */
    public double score() {
        return refresh();
    }

    /**
     * Returns the memoized score without reading the ticker. Allocation-free and lock-free.
     *
     * @return the last computed score, or {@link #UNSCORED} before the first computation
     */
    public double current() {
        return score;
    }

    /** Moves to the next time slot now (one decay tick), independent of the ticker. */
    public void decay() {
        lock.lock();
        try {
            decayLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes and memoizes the score now, independent of the ticker.
     *
     * @return the new score
     */
    public double compute() {
        lock.lock();
        try {
            return computeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void catchUp(long now) {
        // Apply due ticks in time order (a decay first when both fall due at once), as pooly's two
        // tickers would have fired. More than two full rings of decay leave every slot empty, so
        // the rest of a long idle period is skipped; so are computations that would see no change.
        int decays = 0;
        while (true) {
            boolean decayDue = now - nextDecayAt >= 0;
            boolean computeDue = now - nextComputeAt >= 0;
            if (!decayDue && !computeDue) {
                nextDueAt = nextDecayAt - nextComputeAt <= 0 ? nextDecayAt : nextComputeAt;
                return;
            }
            if (decayDue && (!computeDue || nextDecayAt - nextComputeAt <= 0)) {
                if (decays++ < 2 * SLOTS) {
                    decayLocked();
                    nextDecayAt += decayIntervalNanos;
                } else {
                    long skipped = (now - nextDecayAt) / decayIntervalNanos + 1;
                    timeSlot = (int) ((timeSlot + skipped) % SLOTS);
                    nextDecayAt += skipped * decayIntervalNanos;
                }
            } else {
                computeLocked();
                long steps = decayDue
                        ? ceilDiv(nextDecayAt - nextComputeAt, memoizeIntervalNanos)
                        : (now - nextComputeAt) / memoizeIntervalNanos + 1;
                nextComputeAt += Math.max(1, steps) * memoizeIntervalNanos;
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private void decayLocked() {
        timeSlot = (timeSlot + 1) % SLOTS;
        if (slotCount < SLOTS) {
            slotCount++;
        } else {
            means[timeSlot] = 0.0;
            trials[timeSlot] = 0;
        }
    }

    private double computeLocked() {
        int n = slotCount;
        double m = n * (n + 1) / 2.0;
        // The i-th oldest slot (i = 1..n): before the ring is full the slots are 0..n-1 in order;
        // after, the oldest is the one after the current.
        int oldest = n < SLOTS ? 0 : (timeSlot + 1) % SLOTS;
        double sum = 0.0;
        for (int i = 1; i <= n; i++) {
            int slot = (oldest + i - 1) % SLOTS;
            double value = trials[slot] > 0 ? means[slot] : NEUTRAL;
            sum += value * (i / m);
        }
        double computed = config.transform().applyAsDouble(sum);
        score = computed;
        return computed;
    }

    @Override
    public String toString() {
        return "HostScore[" + score + "]";
    }
}
