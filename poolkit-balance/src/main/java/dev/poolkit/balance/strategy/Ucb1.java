package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * UCB1 (Auer, Cesa-Bianchi and Fischer, "Finite-time analysis of the multiarmed bandit problem",
 * Machine Learning 47, 2002): first every host once, in candidate order; then the host with the
 * highest {@code mean + c * sqrt(2 ln N / n)}, where {@code n} is the host's number of outcomes and
 * {@code N} the candidates' total. Ties go to the first. Deterministic.
 *
 * <p>Learns from {@link #feedback}. Thread-safe: feedback takes a per-host lock, selection reads
 * without locking (it may see a count and a sum one outcome apart).
 */
public final class Ucb1 implements Strategy {
    private final double exploration;

    /** Creates UCB1 with the classic exploration constant 1. */
    public Ucb1() {
        this(1.0);
    }

    /**
     * Creates UCB1 with a scaled exploration term.
     *
     * @param exploration the factor {@code c} on the confidence term, {@code > 0}
     * @throws IllegalArgumentException if {@code exploration} is not positive and finite
     */
    public Ucb1(double exploration) {
        Checks.argument(
                exploration > 0 && Double.isFinite(exploration), "exploration must be > 0, but was %s", exploration);
        this.exploration = exploration;
    }

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        long total = 0;
        for (int i = 0; i < n; i++) {
            Host host = candidates.get(i);
            long count = OwnedState.of(host, this, Stats.class, Stats::new).count;
            if (count == 0) {
                return host; // every host is tried once first
            }
            total += count;
        }
        double logTotal2 = 2.0 * Math.log(total);
        Host best = candidates.get(0);
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Host host = candidates.get(i);
            Stats stats = OwnedState.of(host, this, Stats.class, Stats::new);
            long count = stats.count;
            double value = stats.sum / count + exploration * Math.sqrt(logTotal2 / count);
            if (value > bestValue) {
                bestValue = value;
                best = host;
            }
        }
        return best;
    }

    @Override
    public void feedback(Host host, double reward, Duration latency) {
        requireNonNull(latency, "latency");
        Checks.unitInterval("reward", reward);
        Stats stats = OwnedState.of(host, this, Stats.class, Stats::new);
        stats.lock.lock();
        try {
            stats.sum += reward;
            stats.count++;
        } finally {
            stats.lock.unlock();
        }
    }

    /**
     * Returns the factor on the confidence term.
     *
     * @return {@code c}, positive
     */
    public double exploration() {
        return exploration;
    }

    @Override
    public String name() {
        return exploration == 1.0 ? "ucb1" : String.format(Locale.ROOT, "ucb1(%s)", exploration);
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class Stats extends OwnedState {
        final ReentrantLock lock = new ReentrantLock();
        volatile double sum; // written under lock; sum is written before count
        volatile long count;

        Stats(Object owner) {
            super(owner);
        }
    }
}
