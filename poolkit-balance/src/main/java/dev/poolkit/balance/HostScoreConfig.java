package dev.poolkit.balance;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.function.DoubleUnaryOperator;

/**
 * Settings of a {@link HostScore}: how long a trial counts ({@code decayDuration}, split into 60
 * slots), how often the score is recomputed ({@code memoizeInterval}) and an optional transform of
 * the computed score (pooly's {@code ScoreCalculator}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param decayDuration the window covered by the 60 slots; one slot lasts {@code decayDuration/60};
 *     at least 60 ns
 * @param memoizeInterval how often the score is recomputed; positive
 * @param transform applied to each computed score; {@link DoubleUnaryOperator#identity()} for none
 */
public record HostScoreConfig(Duration decayDuration, Duration memoizeInterval, DoubleUnaryOperator transform) {
    /** pooly's {@code DefaultDecayDuration}: one minute, so a slot lasts one second. */
    public static final Duration DEFAULT_DECAY_DURATION = Duration.ofMinutes(1);
    /** pooly's {@code DefaultMemoizeScoreDuration}: 100 ms. */
    public static final Duration DEFAULT_MEMOIZE_INTERVAL = Duration.ofMillis(100);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if {@code decayDuration} is shorter than 60 ns or {@code
     *     memoizeInterval} is not positive
     * @throws NullPointerException if any argument is null
     */
    public HostScoreConfig {
        requireNonNull(decayDuration, "decayDuration");
        requireNonNull(memoizeInterval, "memoizeInterval");
        requireNonNull(transform, "transform");
        Checks.argument(
                decayDuration.compareTo(Duration.ofNanos(HostScore.SLOTS)) >= 0,
                "decayDuration must be >= 60ns, but was %s",
                decayDuration);
        Checks.argument(
                !memoizeInterval.isNegative() && !memoizeInterval.isZero(),
                "memoizeInterval must be positive, but was %s",
                memoizeInterval);
    }

    /**
     * Returns pooly's defaults: decay one minute, memoize 100 ms, no transform.
     *
     * @return the default settings
     */
    public static HostScoreConfig defaults() {
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
                .decayDuration(decayDuration)
                .memoizeInterval(memoizeInterval)
                .transform(transform);
    }

    /** Collects the values of a {@link HostScoreConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private Duration decayDuration = DEFAULT_DECAY_DURATION;
        private Duration memoizeInterval = DEFAULT_MEMOIZE_INTERVAL;
        private DoubleUnaryOperator transform = DoubleUnaryOperator.identity();

        private Builder() {}

        /**
         * Sets the window covered by the 60 slots.
         *
         * @param decayDuration at least 60 ns
         * @return this builder
         */
        public Builder decayDuration(Duration decayDuration) {
            this.decayDuration = decayDuration;
            return this;
        }

        /**
         * Sets how often the score is recomputed.
         *
         * @param memoizeInterval positive
         * @return this builder
         */
        public Builder memoizeInterval(Duration memoizeInterval) {
            this.memoizeInterval = memoizeInterval;
            return this;
        }

        /**
         * Sets the transform applied to each computed score.
         *
         * @param transform the transform
         * @return this builder
         */
        public Builder transform(DoubleUnaryOperator transform) {
            this.transform = transform;
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the validated config
         * @throws IllegalArgumentException if a value is out of range
         * @throws NullPointerException if a value is null
         */
        public HostScoreConfig build() {
            return new HostScoreConfig(decayDuration, memoizeInterval, transform);
        }
    }
}
