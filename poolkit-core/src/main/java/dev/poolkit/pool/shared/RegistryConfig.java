package dev.poolkit.pool.shared;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.Checks;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The immutable configuration of a {@link SharedResourceRegistry}. Two values keep go-pooler's
 * documented defaults for "not set": a {@code maxOpen} of zero or less becomes {@value
 * #DEFAULT_MAX_OPEN}, and a {@code healthCheckInterval} of zero or less becomes one minute; either is
 * logged at WARNING with the given and the used value. Every other rule is checked when the record
 * is constructed, with messages of the form {@code pingTimeout must be positive, but was PT0S}.
 *
 * @param name the registry's name, used in log lines, thread names and exceptions
 * @param maxOpen the most resources (keys) that may exist at once, those being created included;
 *     zero or less means {@value #DEFAULT_MAX_OPEN}
 * @param healthCheckInterval how often every resource is pinged; zero or less means one minute
 * @param pingTimeout how long one ping may run before it is interrupted and counted as failed
 * @param acquireTimeout how long {@link SharedResourceRegistry#acquire(Object)} may wait in all: for
 *     room under {@code maxOpen}, and for the resource's creation; zero fails at once unless the key
 *     exists
 */
public record RegistryConfig(
        String name, int maxOpen, Duration healthCheckInterval, Duration pingTimeout, Duration acquireTimeout) {

    private static final System.Logger LOG = System.getLogger(SharedResourceRegistry.class.getName());

    /** The default registry name. */
    public static final String DEFAULT_NAME = "registry";
    /** The default {@code maxOpen}, go-pooler's. */
    public static final int DEFAULT_MAX_OPEN = 10;
    /** The default {@code healthCheckInterval}, go-pooler's. */
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofMinutes(1);
    /** The default {@code pingTimeout}. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@code acquireTimeout}, a plain pool's. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks every field, and replaces a {@code maxOpen} or {@code healthCheckInterval} of zero or
     * less by its default (logged).
     *
     * @throws NullPointerException if a reference field is null
     * @throws IllegalArgumentException if a value is out of range; the message names the field and value
     */
    public RegistryConfig {
        requireNonNull(name, "name");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        requireNonNull(healthCheckInterval, "healthCheckInterval");
        // go-pooler documents both as "defaults to ..., n <= 0 is replaced": kept, and said (design §2).
        if (maxOpen <= 0) {
            int given = maxOpen;
            LOG.log(
                    Level.WARNING,
                    () -> "Registry '" + name + "': maxOpen " + given + " is not a limit; using the default "
                            + DEFAULT_MAX_OPEN);
            maxOpen = DEFAULT_MAX_OPEN;
        }
        if (!healthCheckInterval.isPositive()) {
            Duration given = healthCheckInterval;
            LOG.log(
                    Level.WARNING,
                    () -> "Registry '" + name + "': healthCheckInterval " + given
                            + " is not an interval; using the default " + DEFAULT_HEALTH_CHECK_INTERVAL);
            healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
        }
        Checks.positive(pingTimeout, "pingTimeout");
        Checks.notNegative(acquireTimeout, "acquireTimeout");
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the default configuration
     */
    public static RegistryConfig defaults() {
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

    /** Collects the fields of a {@link RegistryConfig}; not thread-safe. */
    public static final class Builder extends Settings<Builder> {
        private Builder() {}

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public RegistryConfig build() {
            return toConfig();
        }
    }

    /**
     * The setters shared by {@link Builder} and {@link RegistryBuilder}; each only stores its value,
     * and checks happen when the configuration is built.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String name = DEFAULT_NAME;
        private int maxOpen = DEFAULT_MAX_OPEN;
        private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
        private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;

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
        public B from(RegistryConfig config) {
            name = config.name();
            maxOpen = config.maxOpen();
            healthCheckInterval = config.healthCheckInterval();
            pingTimeout = config.pingTimeout();
            acquireTimeout = config.acquireTimeout();
            return self();
        }

        /**
         * Sets {@link RegistryConfig#name()}.
         *
         * @param name the value; checked when the configuration is built
         * @return this builder
         */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /**
         * Sets {@link RegistryConfig#maxOpen()} (go-pooler's {@code WithMaxOpenResources}).
         *
         * @param maxOpen the value; zero or less means the default
         * @return this builder
         */
        public B maxOpen(int maxOpen) {
            this.maxOpen = maxOpen;
            return self();
        }

        /**
         * Sets {@link RegistryConfig#healthCheckInterval()} (go-pooler's {@code
         * WithHealthCheckInterval}).
         *
         * @param healthCheckInterval the value; zero or less means the default
         * @return this builder
         */
        public B healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return self();
        }

        /**
         * Sets {@link RegistryConfig#pingTimeout()}.
         *
         * @param pingTimeout the value; checked when the configuration is built
         * @return this builder
         */
        public B pingTimeout(Duration pingTimeout) {
            this.pingTimeout = pingTimeout;
            return self();
        }

        /**
         * Sets {@link RegistryConfig#acquireTimeout()}.
         *
         * @param acquireTimeout the value; checked when the configuration is built
         * @return this builder
         */
        public B acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
            return self();
        }

        RegistryConfig toConfig() {
            return new RegistryConfig(name, maxOpen, healthCheckInterval, pingTimeout, acquireTimeout);
        }
    }
}
