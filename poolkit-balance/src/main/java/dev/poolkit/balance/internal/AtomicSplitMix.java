package dev.poolkit.balance.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A SplitMix64 generator whose state advances with one atomic add, so that many threads can draw
 * from it at once without a lock and without allocating.
 *
 * <p>Single-threaded use is deterministic for a given seed; concurrent use interleaves the same
 * sequence between the callers. Thread-safe.
 */
public final class AtomicSplitMix implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final AtomicLong state;
    private final long seed;

    /**
     * Creates a generator with the given seed.
     *
     * @param seed any value
     */
    public AtomicSplitMix(long seed) {
        this.state = new AtomicLong(seed);
        this.seed = seed;
    }

    /**
     * Creates a generator seeded from {@code seedSource}.
     *
     * @param seedSource drawn from once
     * @return a new generator
     * @throws NullPointerException if {@code seedSource} is null
     */
    public static AtomicSplitMix seededFrom(RandomGenerator seedSource) {
        return new AtomicSplitMix(seedSource.nextLong());
    }

    @Override
    public long nextLong() {
        return mix(state.addAndGet(GOLDEN_GAMMA));
    }

    /**
     * Returns the seed of a local stream: one atomic step here, then {@link #localNext(long)} and
     * {@link #localLong(long)} give further values with plain arithmetic on a local variable. A
     * selection that needs one random value per host uses this instead of one atomic operation per
     * host.
     *
     * @return the local stream's state
     */
    public long localSeed() {
        return nextLong();
    }

    /**
     * Returns the seed of local stream number {@code n} without touching the shared state, for a
     * caller that already numbers its operations with a counter of its own (a selection count): no
     * atomic step at all. The seed is the SplitMix64 output at state {@code seed - (n + 1) gamma},
     * the generator's sequence walked backwards, so it never meets the outputs of {@link
     * #nextLong()} (which walk forwards) within {@code 2^63} steps of both together; distinct
     * {@code n} give distinct seeds.
     *
     * @param n the stream's number, for example a selection count
     * @return the local stream's state
     */
    public long localSeed(long n) {
        return mix(seed - (n + 1) * GOLDEN_GAMMA);
    }

    /**
     * Advances a local stream's state.
     *
     * @param localState the state
     * @return the next state
     */
    public static long localNext(long localState) {
        return localState + GOLDEN_GAMMA;
    }

    /**
     * Returns the random value of a local stream's state.
     *
     * @param localState the state
     * @return 64 random bits
     */
    public static long localLong(long localState) {
        return mix(localState);
    }

    /**
     * Returns the random value of a local stream {@code i} steps on, what {@link #localLong(long)}
     * gives after {@code i} calls of {@link #localNext(long)}: a selection that visits its
     * candidates out of order still gives each candidate its own bits.
     *
     * @param localState the stream's state
     * @param i how many steps on, {@code >= 0}
     * @return 64 random bits
     */
    public static long localLongAt(long localState, int i) {
        return mix(localState + i * GOLDEN_GAMMA);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a uniform {@code int} in {@code [0, bound)} by multiply-shift (Lemire), without the
     * rejection step: the bias is below {@code bound / 2^32}, negligible for host counts.
     *
     * @param bound the exclusive upper bound, positive
     * @return a value in {@code [0, bound)}
     */
    public int nextIndex(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * Returns a uniform {@code double} in {@code [0, 1)} with 53 random bits.
     *
     * @return a value in {@code [0, 1)}
     */
    public double nextUnit() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Returns a uniform {@code double} in {@code (0, 1)}, never exactly 0 (for logarithms).
     *
     * @return a value in {@code (0, 1)}
     */
    public double nextOpenUnit() {
        return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
