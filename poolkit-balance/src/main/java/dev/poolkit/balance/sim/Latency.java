package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The distribution of a host's response time in a {@link TrafficScenario}, possibly changing over
 * simulated time. Write one as a lambda for a distribution of your own, or combine the factories:
 * {@code Latency.logNormal(Duration.ofMillis(10), 0.5).scaled(Profile.linear(...))} slows a host
 * down gradually, {@code a.then(Duration.ofSeconds(30), b)} switches at a time.
 *
 * <p>Implementations must be thread-safe and draw only from the generator they are given, so that
 * a run is deterministic for its seed. The factories return immutable values that compare by
 * content.
 */
@FunctionalInterface
public interface Latency {
    /**
     * Draws the response time of a request sent at simulated time {@code nanos}.
     *
     * @param random the run's generator
     * @param nanos simulated nanoseconds since the start
     * @return the response time in nanoseconds, {@code >= 0}; anything at or beyond the scenario's
     *     timeout (such as {@link Long#MAX_VALUE}) means the request times out
     */
    long sampleNanos(RandomGenerator random, long nanos);

    /**
     * Returns this distribution with every draw multiplied by {@code factor} at the time of the
     * request.
     *
     * @param factor the multiplier over time, not negative
     * @return the scaled distribution
     * @throws NullPointerException if {@code factor} is null
     */
    default Latency scaled(Profile factor) {
        return new Latencies.Scaled(this, requireNonNull(factor, "factor"));
    }

    /**
     * Returns this distribution for requests sent before {@code at}, and {@code next} from then on.
     *
     * @param at when {@code next} takes over, not negative
     * @param next the distribution from then on
     * @return the combined distribution
     * @throws IllegalArgumentException if {@code at} is negative
     * @throws NullPointerException if an argument is null
     */
    default Latency then(Duration at, Latency next) {
        requireNonNull(at, "at");
        requireNonNull(next, "next");
        Checks.argument(!at.isNegative(), "at must not be negative, but was %s", at);
        return new Latencies.Then(this, at.toNanos(), next);
    }

    /**
     * A fixed response time.
     *
     * @param duration the time, not negative
     * @return the distribution
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    static Latency constant(Duration duration) {
        requireNonNull(duration, "duration");
        Checks.argument(!duration.isNegative(), "duration must not be negative, but was %s", duration);
        return new Latencies.Constant(duration.toNanos());
    }

    /**
     * A log-normal response time: {@code median * exp(sigma * Z)} with Z standard normal.
     *
     * @param median the median, positive
     * @param sigma the standard deviation of the logarithm, {@code >= 0}
     * @return the distribution
     * @throws IllegalArgumentException if {@code median} is not positive or {@code sigma} is
     *     negative or not finite
     * @throws NullPointerException if {@code median} is null
     */
    static Latency logNormal(Duration median, double sigma) {
        requireNonNull(median, "median");
        Checks.argument(median.toNanos() > 0, "median must be positive, but was %s", median);
        Checks.argument(sigma >= 0 && Double.isFinite(sigma), "sigma must be >= 0, but was %s", sigma);
        return new Latencies.LogNormal(median.toNanos(), sigma);
    }

    /**
     * No answer at all: every request runs into the timeout.
     *
     * @return the distribution
     */
    static Latency never() {
        return Latencies.Never.INSTANCE;
    }
}
