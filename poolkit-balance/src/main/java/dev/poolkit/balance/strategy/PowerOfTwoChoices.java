package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.Ticker;
import dev.poolkit.balance.internal.AtomicSplitMix;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Power of two choices (Mitzenmacher, "The power of two choices in randomized load balancing",
 * IEEE TPDS 12(10), 2001): draw two distinct candidates at random and take the one with the lower
 * cost. Drawing two bounds any host's share at {@code 2/n}, so a host that looks best (a fresh one,
 * a returning one) cannot attract a herd.
 *
 * <p>Two costs:
 *
 * <ul>
 *   <li>{@link Cost#LEAST_OUTSTANDING}: the host's outstanding requests ({@link Host#outstanding()}).
 *   <li>{@link Cost#PEAK_EWMA}: Finagle's peak-EWMA latency times {@code outstanding + 1}. The
 *       latency average jumps up to any slower observation at once (peak) and decays towards faster
 *       ones with time constant {@code decay}; it also decays towards 0 while the host is idle, so
 *       a host that was slow is eventually tried again. Beyond Finagle, a failed request counts as
 *       taking {@code failurePenalty} longer (scaled by {@code 1 - reward}), so a host that fails
 *       fast looks slow, not fast.
 * </ul>
 *
 * <p>Thread-safe: feedback takes a per-host lock, selection reads without locking.
 */
public final class PowerOfTwoChoices implements Strategy {
    /** Finagle's default decay time constant, 10 s. */
    public static final Duration DEFAULT_DECAY = Duration.ofSeconds(10);
    /** The default latency charged for a failure, 1 s. */
    public static final Duration DEFAULT_FAILURE_PENALTY = Duration.ofSeconds(1);

    /** What the two sampled hosts are compared on. */
    public enum Cost {
        /** The number of outstanding requests. */
        LEAST_OUTSTANDING,
        /** Peak-EWMA latency (failures penalised) times outstanding requests plus one. */
        PEAK_EWMA
    }

    private final Cost cost;
    private final Ticker ticker;
    private final Duration decay;
    private final Duration failurePenalty;
    private final double inverseDecayNanos;
    private final double failurePenaltyNanos;
    private final AtomicSplitMix random;

    /**
     * Creates the least-outstanding variant.
     *
     * @param seedSource drawn from once for the seed
     * @return the strategy
     * @throws NullPointerException if {@code seedSource} is null
     */
    public static PowerOfTwoChoices leastOutstanding(RandomGenerator seedSource) {
        return new PowerOfTwoChoices(
                Cost.LEAST_OUTSTANDING, DEFAULT_DECAY, DEFAULT_FAILURE_PENALTY, Ticker.system(), seedSource);
    }

    /**
     * Creates the peak-EWMA variant with the default decay and failure penalty.
     *
     * @param ticker the time source for the latency average
     * @param seedSource drawn from once for the seed
     * @return the strategy
     * @throws NullPointerException if an argument is null
     */
    public static PowerOfTwoChoices peakEwma(Ticker ticker, RandomGenerator seedSource) {
        return peakEwma(DEFAULT_DECAY, DEFAULT_FAILURE_PENALTY, ticker, seedSource);
    }

    /**
     * Creates the peak-EWMA variant.
     *
     * @param decay the latency average's time constant, positive
     * @param failurePenalty the latency added for a failed request, not negative
     * @param ticker the time source for the latency average
     * @param seedSource drawn from once for the seed
     * @return the strategy
     * @throws IllegalArgumentException if {@code decay} is not positive or {@code failurePenalty}
     *     is negative
     * @throws NullPointerException if an argument is null
     */
    public static PowerOfTwoChoices peakEwma(
            Duration decay, Duration failurePenalty, Ticker ticker, RandomGenerator seedSource) {
        return new PowerOfTwoChoices(Cost.PEAK_EWMA, decay, failurePenalty, ticker, seedSource);
    }

    private PowerOfTwoChoices(
            Cost cost, Duration decay, Duration failurePenalty, Ticker ticker, RandomGenerator seedSource) {
        this.cost = requireNonNull(cost, "cost");
        this.ticker = requireNonNull(ticker, "ticker");
        this.decay = requireNonNull(decay, "decay");
        this.failurePenalty = requireNonNull(failurePenalty, "failurePenalty");
        Checks.argument(!decay.isNegative() && !decay.isZero(), "decay must be positive, but was %s", decay);
        Checks.argument(
                !failurePenalty.isNegative(), "failurePenalty must not be negative, but was %s", failurePenalty);
        this.inverseDecayNanos = 1.0 / decay.toNanos();
        this.failurePenaltyNanos = failurePenalty.toNanos();
        this.random = AtomicSplitMix.seededFrom(seedSource);
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        if (n == 1) {
            return candidates.get(0);
        }
        int i = random.nextIndex(n);
        int j = random.nextIndex(n - 1);
        if (j >= i) {
            j++;
        }
        Host a = candidates.get(i);
        Host b = candidates.get(j);
        if (cost == Cost.LEAST_OUTSTANDING) {
            return b.outstanding() < a.outstanding() ? b : a;
        }
        long now = ticker.nanoTime();
        return cost(b, now) < cost(a, now) ? b : a;
    }

    private double cost(Host host, long now) {
        Ewma ewma = OwnedState.of(host, this, Ewma.class, Ewma::new);
        double latency = ewma.value;
        if (latency > 0.0) {
            long idle = now - ewma.stamp;
            if (idle > 0) {
                latency *= Math.exp(-idle * inverseDecayNanos);
            }
        }
        return latency * (host.outstanding() + 1);
    }

    @Override
    public void feedback(Host host, double reward, Duration latency) {
        requireNonNull(latency, "latency");
        Checks.unitInterval("reward", reward);
        if (cost == Cost.LEAST_OUTSTANDING) {
            return;
        }
        double observed = Math.max(0L, latency.toNanos()) + (1.0 - reward) * failurePenaltyNanos;
        Ewma ewma = OwnedState.of(host, this, Ewma.class, Ewma::new);
        long now = ticker.nanoTime();
        ewma.lock.lock();
        try {
            double current = ewma.value;
            if (observed > current) {
                ewma.value = observed; // peak: slower observations take effect at once
            } else {
                double w = Math.exp(-Math.max(0L, now - ewma.stamp) * inverseDecayNanos);
                ewma.value = current * w + observed * (1.0 - w);
            }
            ewma.stamp = now;
        } finally {
            ewma.lock.unlock();
        }
    }

    /**
     * Returns what this strategy compares.
     *
     * @return the cost
     */
    public Cost cost() {
        return cost;
    }

    /**
     * Returns the latency average's time constant ({@link Cost#PEAK_EWMA}; the default for the
     * other cost, which ignores it).
     *
     * @return the decay, positive
     */
    public Duration decay() {
        return decay;
    }

    /**
     * Returns the latency charged for a failure ({@link Cost#PEAK_EWMA}; the default for the other
     * cost, which ignores it).
     *
     * @return the penalty, not negative
     */
    public Duration failurePenalty() {
        return failurePenalty;
    }

    @Override
    public String name() {
        if (cost == Cost.LEAST_OUTSTANDING) {
            return "p2c-least-outstanding";
        }
        List<String> parameters = new ArrayList<>();
        if (!decay.equals(DEFAULT_DECAY)) {
            parameters.add("decay=" + decay);
        }
        if (!failurePenalty.equals(DEFAULT_FAILURE_PENALTY)) {
            parameters.add("failurePenalty=" + failurePenalty);
        }
        return parameters.isEmpty() ? "p2c-peak-ewma" : "p2c-peak-ewma(" + String.join(",", parameters) + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class Ewma extends OwnedState {
        final ReentrantLock lock = new ReentrantLock();
        volatile double value; // nanoseconds; 0 until the first observation
        volatile long stamp;

        Ewma(Object owner) {
            super(owner);
        }
    }
}
