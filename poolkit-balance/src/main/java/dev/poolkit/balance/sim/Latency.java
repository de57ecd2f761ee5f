package dev.poolkit.balance.sim;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A distribution of a host's response time in the traffic simulation.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Latency permits Latency.Constant, Latency.LogNormal, Latency.Never {
    /**
     * Draws one response time.
     *
     * @param random the generator
     * @return nanoseconds, {@code >= 0}; {@link Long#MAX_VALUE} for no answer
     */
    long sample(RandomGenerator random);

    /**
     * A fixed response time.
     *
     * @param duration the time
     * @return the distribution
     */
    static Latency constant(Duration duration) {
        return new Constant(duration.toNanos());
    }

    /**
     * A log-normal response time.
     *
     * @param median the median
     * @param sigma the standard deviation of the logarithm, {@code >= 0}
     * @return the distribution
     */
    static Latency logNormal(Duration median, double sigma) {
        return new LogNormal(median.toNanos(), sigma);
    }

    /**
     * No answer at all: the request runs into the timeout.
     *
     * @return the distribution
     */
    static Latency never() {
        return new Never();
    }

    /**
     * A fixed response time.
     *
     * @param nanos the time, {@code >= 0}
     */
    record Constant(long nanos) implements Latency {
        /**
         * Validates the time.
         *
         * @throws IllegalArgumentException if {@code nanos} is negative
         */
        public Constant {
            Checks.argument(nanos >= 0, "nanos must be >= 0, but was %d", nanos);
        }

        @Override
        public long sample(RandomGenerator random) {
            return nanos;
        }
    }

    /**
     * A log-normal response time: {@code median * exp(sigma * Z)} with Z standard normal.
     *
     * @param medianNanos the median, {@code > 0}
     * @param sigma the standard deviation of the logarithm, {@code >= 0}
     */
    record LogNormal(long medianNanos, double sigma) implements Latency {
        /**
         * Validates the parameters.
         *
         * @throws IllegalArgumentException if a value is out of range
         */
        public LogNormal {
            Checks.argument(medianNanos > 0, "medianNanos must be > 0, but was %d", medianNanos);
            Checks.argument(sigma >= 0 && Double.isFinite(sigma), "sigma must be >= 0, but was %s", sigma);
        }

        @Override
        public long sample(RandomGenerator random) {
            return (long) (medianNanos * Math.exp(sigma * random.nextGaussian()));
        }
    }

    /** No answer: every request times out. */
    record Never() implements Latency {
        @Override
        public long sample(RandomGenerator random) {
            return Long.MAX_VALUE;
        }
    }
}
