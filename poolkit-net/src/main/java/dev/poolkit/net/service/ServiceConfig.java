package dev.poolkit.net.service;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.strategy.StrategyRegistry;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.pool.internal.Checks;
import java.time.Duration;

/**
 * The immutable configuration of a {@link Service} (pooly's {@code ServiceConfig}). Every rule is
 * checked when the record is constructed; messages have the form {@code getAttempts must be >= 0,
 * but was -1}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param strategy the host selection strategy, by a name {@link StrategyRegistry#find} accepts;
 *     {@link StrategyRegistry#DEFAULT} ({@code thompson-cd}, the recommended default) unless set.
 *     pooly's default is {@code round-robin}. {@link Service.Builder#strategy(
 *     dev.poolkit.balance.StrategyFactory)} overrides it with a factory
 * @param getAttempts how many times {@link Service#getConnection()} tries again after a failed
 *     try, each on a host the strategy picks anew (pooly's {@code GetAttempts}): {@code
 *     getAttempts + 1} tries in all; 0 tries once
 * @param closeDeadline how long a removed host's connections that are still leased may take to
 *     come back before they are closed (pooly's {@code CloseDeadline}); zero closes them at once
 * @param hostScore the settings of every host's pooly score (decay window and memoize interval)
 * @param hostPool the settings every host's pool is built with (pooly: "all host pools share the
 *     embedded PoolConfig"); each pool is named {@code <service>/<host:port>}
 */
public record ServiceConfig(
        String strategy, int getAttempts, Duration closeDeadline, HostScoreConfig hostScore, HostPoolConfig hostPool) {

    /** The default {@code getAttempts}: pooly's {@code DefaultGetAttempts}. */
    public static final int DEFAULT_GET_ATTEMPTS = 3;
    /** The default {@code closeDeadline}: pooly's {@code DefaultCloseDeadline}. */
    public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(30);

    /**
     * Checks every field.
     *
     * @throws NullPointerException if a reference field is null
     * @throws IllegalArgumentException if a value is out of range, or {@code strategy} names no
     *     strategy; the message names the field and value
     */
    public ServiceConfig {
        requireNonNull(strategy, "strategy");
        requireNonNull(closeDeadline, "closeDeadline");
        requireNonNull(hostScore, "hostScore");
        requireNonNull(hostPool, "hostPool");
        StrategyRegistry.factory(strategy); // rejects an unknown name, naming every form
        Checks.argument(getAttempts >= 0, "getAttempts must be >= 0, but was %d", getAttempts);
        Checks.notNegative(closeDeadline, "closeDeadline");
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the default configuration
     */
    public static ServiceConfig defaults() {
        return builder().build();
    }

    /**
     * Returns a builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this configuration.
     *
     * @return a new builder holding every field of this configuration
     */
    public Builder toBuilder() {
        return new Builder()
                .strategy(strategy)
                .getAttempts(getAttempts)
                .closeDeadline(closeDeadline)
                .hostScore(hostScore)
                .hostPool(hostPool);
    }

    /** Collects the fields of a {@link ServiceConfig}; checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String strategy = StrategyRegistry.DEFAULT;
        private int getAttempts = DEFAULT_GET_ATTEMPTS;
        private Duration closeDeadline = DEFAULT_CLOSE_DEADLINE;
        private HostScoreConfig hostScore = HostScoreConfig.defaults();
        private HostPoolConfig hostPool = HostPoolConfig.defaults();

        private Builder() {}

        /** @param strategy see {@link ServiceConfig#strategy()} @return this builder */
        public Builder strategy(String strategy) {
            this.strategy = strategy;
            return this;
        }

        /** @param getAttempts see {@link ServiceConfig#getAttempts()} @return this builder */
        public Builder getAttempts(int getAttempts) {
            this.getAttempts = getAttempts;
            return this;
        }

        /** @param closeDeadline see {@link ServiceConfig#closeDeadline()} @return this builder */
        public Builder closeDeadline(Duration closeDeadline) {
            this.closeDeadline = closeDeadline;
            return this;
        }

        /** @param hostScore see {@link ServiceConfig#hostScore()} @return this builder */
        public Builder hostScore(HostScoreConfig hostScore) {
            this.hostScore = hostScore;
            return this;
        }

        /** @param hostPool see {@link ServiceConfig#hostPool()} @return this builder */
        public Builder hostPool(HostPoolConfig hostPool) {
            this.hostPool = hostPool;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range or the strategy is unknown
         */
        public ServiceConfig build() {
            return new ServiceConfig(strategy, getAttempts, closeDeadline, hostScore, hostPool);
        }
    }
}
