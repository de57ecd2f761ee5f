package dev.poolkit.balance.sim;

import java.util.random.RandomGenerator;

/** The built-in {@link Latency} distributions, as records so that scenarios compare by content. */
final class Latencies {
    private Latencies() {}

    /** A fixed response time. */
    record Constant(long nanos) implements Latency {
        @Override
        public long sampleNanos(RandomGenerator random, long now) {
            return nanos;
        }
    }

    /** {@code median * exp(sigma * Z)}. */
    record LogNormal(long medianNanos, double sigma) implements Latency {
        @Override
        public long sampleNanos(RandomGenerator random, long now) {
            return (long) (medianNanos * Math.exp(sigma * random.nextGaussian()));
        }
    }

    /** No answer. */
    enum Never implements Latency {
        INSTANCE;

        @Override
        public long sampleNanos(RandomGenerator random, long now) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code base}, multiplied by {@code factor} at the time of the request. */
    record Scaled(Latency base, Profile factor) implements Latency {
        @Override
        public long sampleNanos(RandomGenerator random, long now) {
            long sample = base.sampleNanos(random, now);
            if (sample == Long.MAX_VALUE) {
                return sample;
            }
            double scaled = sample * Math.max(0.0, factor.valueAt(now));
            return scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) scaled;
        }
    }

    /** {@code before} for requests sent before {@code atNanos}, then {@code after}. */
    record Then(Latency before, long atNanos, Latency after) implements Latency {
        @Override
        public long sampleNanos(RandomGenerator random, long now) {
            return now < atNanos ? before.sampleNanos(random, now) : after.sampleNanos(random, now);
        }
    }
}
