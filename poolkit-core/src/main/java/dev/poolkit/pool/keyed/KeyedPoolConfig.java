package dev.poolkit.pool.keyed;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.internal.Checks;

/**
 * The immutable configuration of a {@link KeyedPool}. Every rule is checked when the record is
 * constructed, so an invalid configuration cannot exist; messages have the form {@code maxPerKey
 * must be >= 1, but was -1}.
 *
 * @param name the keyed pool's name, used in log lines, exceptions and the {@code pool} metric tag;
 *     the pool of key {@code k} is called {@code <name>[<k>]} in its own log lines and exceptions
 * @param maxPerKey the most resources one key may have at once, idle and leased together; 1 to
 *     {@value PoolConfig#MAX_POOL_SIZE}
 * @param maxTotal the most resources all keys may have together; when it is reached, a caller whose
 *     key could grow waits, and an idle resource of another key is destroyed to make room for it
 * @param perKey the settings every key's pool runs with (timeouts, lifetimes, validation, {@code
 *     minIdle}, order, retry delays), except its name and its {@code maxSize}, which come from {@code
 *     name} and {@code maxPerKey}. Its {@code idleTimeout} also decides when a key's pool is removed:
 *     once it has held no resource and served no acquire for that long (at once, when zero). With
 *     {@code minIdle > 0} a key keeps its resources and its pool stays
 */
public record KeyedPoolConfig(String name, int maxPerKey, int maxTotal, PoolConfig perKey) {

    /** The default keyed pool name. */
    public static final String DEFAULT_NAME = "keyed";
    /** The default {@code maxPerKey}, the same as a plain pool's default {@code maxSize}. */
    public static final int DEFAULT_MAX_PER_KEY = PoolConfig.DEFAULT_MAX_SIZE;
    /** The default {@code maxTotal}. */
    public static final int DEFAULT_MAX_TOTAL = 100;

    /**
     * Checks every field.
     *
     * @throws NullPointerException if {@code name} or {@code perKey} is null
     * @throws IllegalArgumentException if a value is out of range; the message names the field and value
     */
    public KeyedPoolConfig {
        requireNonNull(name, "name");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        Checks.argument(maxPerKey >= 1, "maxPerKey must be >= 1, but was %d", maxPerKey);
        Checks.argument(
                maxPerKey <= PoolConfig.MAX_POOL_SIZE,
                "maxPerKey must be <= %d, but was %d",
                PoolConfig.MAX_POOL_SIZE,
                maxPerKey);
        Checks.argument(maxTotal >= 1, "maxTotal must be >= 1, but was %d", maxTotal);
        requireNonNull(perKey, "perKey");
        Checks.argument(
                perKey.minIdle() <= maxPerKey,
                "perKey.minIdle must be between 0 and maxPerKey (%d), but was %d",
                maxPerKey,
                perKey.minIdle());
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the default configuration
     */
    public static KeyedPoolConfig defaults() {
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
        return new Builder().from(this);
    }

    /**
     * Returns the configuration of one key's pool: {@code perKey} with its name and {@code maxSize}.
     *
     * @param poolName the key's pool name
     * @return the configuration
     * @throws IllegalArgumentException if {@code poolName} is blank
     */
    public PoolConfig configFor(String poolName) {
        return perKey.toBuilder().name(poolName).maxSize(maxPerKey).build();
    }

    /** Collects the fields of a {@link KeyedPoolConfig}; not thread-safe. */
    public static final class Builder extends Settings<Builder> {
        private Builder() {}

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public KeyedPoolConfig build() {
            return toConfig();
        }
    }

    /**
     * The setters shared by {@link Builder} and {@link KeyedPoolBuilder}; each only stores its value,
     * and checks happen when the configuration is built.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String name = DEFAULT_NAME;
        private int maxPerKey = DEFAULT_MAX_PER_KEY;
        private int maxTotal = DEFAULT_MAX_TOTAL;
        private PoolConfig perKey = PoolConfig.defaults();

        Settings() {}

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * Copies every field of {@code config}.
         *
         * @param config the configuration to start from
         * @return this builder
         */
        public B from(KeyedPoolConfig config) {
            name = config.name();
            maxPerKey = config.maxPerKey();
            maxTotal = config.maxTotal();
            perKey = config.perKey();
            return self();
        }

        /**
         * Sets {@link KeyedPoolConfig#name()}.
         *
         * @param name the value; checked when the configuration is built
         * @return this builder
         */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /**
         * Sets {@link KeyedPoolConfig#maxPerKey()}.
         *
         * @param maxPerKey the value; checked when the configuration is built
         * @return this builder
         */
        public B maxPerKey(int maxPerKey) {
            this.maxPerKey = maxPerKey;
            return self();
        }

        /**
         * Sets {@link KeyedPoolConfig#maxTotal()}.
         *
         * @param maxTotal the value; checked when the configuration is built
         * @return this builder
         */
        public B maxTotal(int maxTotal) {
            this.maxTotal = maxTotal;
            return self();
        }

        /**
         * Sets {@link KeyedPoolConfig#perKey()}: the settings of every key's pool but its name and
         * {@code maxSize}.
         *
         * @param perKey the value; checked when the configuration is built
         * @return this builder
         */
        public B perKey(PoolConfig perKey) {
            this.perKey = perKey;
            return self();
        }

        KeyedPoolConfig toConfig() {
            return new KeyedPoolConfig(name, maxPerKey, maxTotal, perKey);
        }
    }
}
