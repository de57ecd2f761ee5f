package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.Checks;
import java.time.Duration;

/**
 * The immutable configuration of a {@link Pool}. Every rule, cross-field rules included, is checked
 * when the record is constructed, so an invalid configuration cannot exist; messages have the form
 * {@code maxSize must be >= 1, but was 0}.
 *
 * <p>A duration of {@link Duration#ZERO} switches a time-based feature off where the component says
 * so ({@code idleTimeout}, {@code maxLifetime}, {@code validationInterval}, {@code leakThreshold}).
 *
 * @param name the pool's name, used in thread names, log lines, exceptions and metric tags
 * @param maxSize the most resources that may exist at once, idle and leased together; 1 to
 *     {@value #MAX_POOL_SIZE}
 * @param minIdle how many idle resources to keep ready in the background; 0 to {@code maxSize}
 * @param acquireTimeout how long {@link Pool#acquire()} may take in all: queueing, and creating or
 *     validating a resource for the caller; zero fails at once when no resource is idle
 * @param idleTimeout how long a resource may stay idle before it is destroyed (while more than
 *     {@code minIdle} are idle); zero keeps idle resources forever
 * @param maxLifetime the longest a resource may live; each resource gets up to 2.5% less, at random,
 *     so that resources created together do not expire together; zero means no limit
 * @param validationInterval how often idle resources are validated in the background; zero turns
 *     background validation off
 * @param validateOnAcquire whether to validate a resource before handing it out when it has been
 *     idle longer than {@code validationIdleThreshold}
 * @param validationIdleThreshold the idle time after which {@code validateOnAcquire} validates
 * @param validationTimeout the longest a validation may run; one that runs longer is interrupted and
 *     counts as failed, and its resource is destroyed; passed to {@link ResourceFactory#isValid(Object,
 *     Duration)}
 * @param leakThreshold how long a lease may be held before it is reported as a possible leak, with
 *     the stack trace of its acquire; zero turns leak detection off (capturing the stack trace costs
 *     an allocation per acquire, so it is off by default)
 * @param order which idle resource is handed out first
 * @param creationRetryInitialDelay the shortest delay before the background refill (for {@code
 *     minIdle}) retries a failed creation. After the n-th failure in a row it waits a random time
 *     between this delay and {@code min(creationRetryMaxDelay, creationRetryInitialDelay * 2^n)}
 *     (exponential back-off with full jitter above a floor), so that pools that lost the same host do
 *     not retry in lock step, and never in a tight loop
 * @param creationRetryMaxDelay the longest delay between background creation retries
 * @param fairness whether running callers may take an idle resource while others wait; see {@link
 *     Fairness}
 * @param fairnessThreshold under {@link Fairness#BOUNDED}, how long the longest waiter may wait
 *     before returns are handed to the queue in arrival order; ignored under {@link Fairness#STRICT}
 */
public record PoolConfig(
        String name,
        int maxSize,
        int minIdle,
        Duration acquireTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration validationInterval,
        boolean validateOnAcquire,
        Duration validationIdleThreshold,
        Duration validationTimeout,
        Duration leakThreshold,
        IdleOrder order,
        Duration creationRetryInitialDelay,
        Duration creationRetryMaxDelay,
        Fairness fairness,
        Duration fairnessThreshold) {

    /** The default pool name. */
    public static final String DEFAULT_NAME = "pool";
    /** The default {@code maxSize}. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /**
     * The largest {@code maxSize}, 2^20: the engine's idle stacks link resources by a 24-bit index and
     * keep a 40-bit pop count next to it in one word, and a million resources in one pool is far
     * beyond any real use (a keyed pool is many pools).
     */
    public static final int MAX_POOL_SIZE = 1 << 20;
    /** The default {@code acquireTimeout}. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@code idleTimeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The default {@code maxLifetime}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** The default {@code validationIdleThreshold}, HikariCP's 500 ms rule. */
    public static final Duration DEFAULT_VALIDATION_IDLE_THRESHOLD = Duration.ofMillis(500);
    /** The default {@code validationTimeout}. */
    public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@code creationRetryInitialDelay}. */
    public static final Duration DEFAULT_CREATION_RETRY_INITIAL_DELAY = Duration.ofMillis(100);
    /** The default {@code creationRetryMaxDelay}. */
    public static final Duration DEFAULT_CREATION_RETRY_MAX_DELAY = Duration.ofSeconds(30);
    /**
     * The default {@code fairness}, {@link Fairness#BOUNDED}: full speed when callers outnumber
     * resources, and no waiter overtaken once it has waited {@code fairnessThreshold}.
     */
    public static final Fairness DEFAULT_FAIRNESS = Fairness.BOUNDED;
    /** The default {@code fairnessThreshold}, Go's {@code sync.Mutex} starvation threshold. */
    public static final Duration DEFAULT_FAIRNESS_THRESHOLD = Duration.ofMillis(1);

    /**
     * Checks every field.
     *
     * @throws NullPointerException if a reference field is null
     * @throws IllegalArgumentException if a value is out of range; the message names the field and value
     */
    public PoolConfig {
        requireNonNull(name, "name");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        Checks.argument(maxSize >= 1, "maxSize must be >= 1, but was %d", maxSize);
        Checks.argument(maxSize <= MAX_POOL_SIZE, "maxSize must be <= %d, but was %d", MAX_POOL_SIZE, maxSize);
        Checks.argument(
                minIdle >= 0 && minIdle <= maxSize,
                "minIdle must be between 0 and maxSize (%d), but was %d",
                maxSize,
                minIdle);
        Checks.notNegative(acquireTimeout, "acquireTimeout");
        Checks.notNegative(idleTimeout, "idleTimeout");
        Checks.notNegative(maxLifetime, "maxLifetime");
        Checks.notNegative(validationInterval, "validationInterval");
        Checks.notNegative(validationIdleThreshold, "validationIdleThreshold");
        Checks.positive(validationTimeout, "validationTimeout");
        Checks.notNegative(leakThreshold, "leakThreshold");
        requireNonNull(order, "order");
        Checks.positive(creationRetryInitialDelay, "creationRetryInitialDelay");
        Checks.positive(creationRetryMaxDelay, "creationRetryMaxDelay");
        Checks.argument(
                creationRetryMaxDelay.compareTo(creationRetryInitialDelay) >= 0,
                "creationRetryMaxDelay must be >= creationRetryInitialDelay (%s), but was %s",
                creationRetryInitialDelay,
                creationRetryMaxDelay);
        requireNonNull(fairness, "fairness");
        Checks.positive(fairnessThreshold, "fairnessThreshold");
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the default configuration
     */
    public static PoolConfig defaults() {
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

    /** Collects the fields of a {@link PoolConfig}; not thread-safe. */
    public static final class Builder extends Settings<Builder> {
        private Builder() {}

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public PoolConfig build() {
            return toConfig();
        }
    }

    /**
     * The setters shared by {@link Builder} and {@link PoolBuilder}; each only stores its value, and
     * checks happen when the configuration is built.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String name = DEFAULT_NAME;
        private int maxSize = DEFAULT_MAX_SIZE;
        private int minIdle;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private Duration validationInterval = Duration.ZERO;
        private boolean validateOnAcquire;
        private Duration validationIdleThreshold = DEFAULT_VALIDATION_IDLE_THRESHOLD;
        private Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
        private Duration leakThreshold = Duration.ZERO;
        private IdleOrder order = IdleOrder.LIFO;
        private Duration creationRetryInitialDelay = DEFAULT_CREATION_RETRY_INITIAL_DELAY;
        private Duration creationRetryMaxDelay = DEFAULT_CREATION_RETRY_MAX_DELAY;
        private Fairness fairness = DEFAULT_FAIRNESS;
        private Duration fairnessThreshold = DEFAULT_FAIRNESS_THRESHOLD;

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
        public B from(PoolConfig config) {
            name = config.name();
            maxSize = config.maxSize();
            minIdle = config.minIdle();
            acquireTimeout = config.acquireTimeout();
            idleTimeout = config.idleTimeout();
            maxLifetime = config.maxLifetime();
            validationInterval = config.validationInterval();
            validateOnAcquire = config.validateOnAcquire();
            validationIdleThreshold = config.validationIdleThreshold();
            validationTimeout = config.validationTimeout();
            leakThreshold = config.leakThreshold();
            order = config.order();
            creationRetryInitialDelay = config.creationRetryInitialDelay();
            creationRetryMaxDelay = config.creationRetryMaxDelay();
            fairness = config.fairness();
            fairnessThreshold = config.fairnessThreshold();
            return self();
        }

        /**
         * Sets {@link PoolConfig#name()}.
         *
         * @param name the value; checked when the configuration is built
         * @return this builder
         */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /**
         * Sets {@link PoolConfig#maxSize()}.
         *
         * @param maxSize the value; checked when the configuration is built
         * @return this builder
         */
        public B maxSize(int maxSize) {
            this.maxSize = maxSize;
            return self();
        }

        /**
         * Sets {@link PoolConfig#minIdle()}.
         *
         * @param minIdle the value; checked when the configuration is built
         * @return this builder
         */
        public B minIdle(int minIdle) {
            this.minIdle = minIdle;
            return self();
        }

        /**
         * Sets {@link PoolConfig#acquireTimeout()}.
         *
         * @param acquireTimeout the value; checked when the configuration is built
         * @return this builder
         */
        public B acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
            return self();
        }

        /**
         * Sets {@link PoolConfig#idleTimeout()}.
         *
         * @param idleTimeout the value; checked when the configuration is built
         * @return this builder
         */
        public B idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return self();
        }

        /**
         * Sets {@link PoolConfig#maxLifetime()}.
         *
         * @param maxLifetime the value; checked when the configuration is built
         * @return this builder
         */
        public B maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return self();
        }

        /**
         * Sets {@link PoolConfig#validationInterval()}.
         *
         * @param validationInterval the value; checked when the configuration is built
         * @return this builder
         */
        public B validationInterval(Duration validationInterval) {
            this.validationInterval = validationInterval;
            return self();
        }

        /**
         * Sets {@link PoolConfig#validateOnAcquire()}.
         *
         * @param validateOnAcquire the value; checked when the configuration is built
         * @return this builder
         */
        public B validateOnAcquire(boolean validateOnAcquire) {
            this.validateOnAcquire = validateOnAcquire;
            return self();
        }

        /**
         * Sets {@link PoolConfig#validationIdleThreshold()}.
         *
         * @param validationIdleThreshold the value; checked when the configuration is built
         * @return this builder
         */
        public B validationIdleThreshold(Duration validationIdleThreshold) {
            this.validationIdleThreshold = validationIdleThreshold;
            return self();
        }

        /**
         * Sets {@link PoolConfig#validationTimeout()}.
         *
         * @param validationTimeout the value; checked when the configuration is built
         * @return this builder
         */
        public B validationTimeout(Duration validationTimeout) {
            this.validationTimeout = validationTimeout;
            return self();
        }

        /**
         * Sets {@link PoolConfig#leakThreshold()}.
         *
         * @param leakThreshold the value; checked when the configuration is built
         * @return this builder
         */
        public B leakThreshold(Duration leakThreshold) {
            this.leakThreshold = leakThreshold;
            return self();
        }

        /**
         * Sets {@link PoolConfig#order()}.
         *
         * @param order the value; checked when the configuration is built
         * @return this builder
         */
        public B order(IdleOrder order) {
            this.order = order;
            return self();
        }

        /**
         * Sets {@link PoolConfig#creationRetryInitialDelay()}.
         *
         * @param creationRetryInitialDelay the value; checked when the configuration is built
         * @return this builder
         */
        public B creationRetryInitialDelay(Duration creationRetryInitialDelay) {
            this.creationRetryInitialDelay = creationRetryInitialDelay;
            return self();
        }

        /**
         * Sets {@link PoolConfig#creationRetryMaxDelay()}.
         *
         * @param creationRetryMaxDelay the value; checked when the configuration is built
         * @return this builder
         */
        public B creationRetryMaxDelay(Duration creationRetryMaxDelay) {
            this.creationRetryMaxDelay = creationRetryMaxDelay;
            return self();
        }

        /**
         * Sets {@link PoolConfig#fairness()}.
         *
         * @param fairness the value; checked when the configuration is built
         * @return this builder
         */
        public B fairness(Fairness fairness) {
            this.fairness = fairness;
            return self();
        }

        /**
         * Sets {@link PoolConfig#fairnessThreshold()}.
         *
         * @param fairnessThreshold the value; checked when the configuration is built
         * @return this builder
         */
        public B fairnessThreshold(Duration fairnessThreshold) {
            this.fairnessThreshold = fairnessThreshold;
            return self();
        }

        PoolConfig toConfig() {
            return new PoolConfig(
                    name,
                    maxSize,
                    minIdle,
                    acquireTimeout,
                    idleTimeout,
                    maxLifetime,
                    validationInterval,
                    validateOnAcquire,
                    validationIdleThreshold,
                    validationTimeout,
                    leakThreshold,
                    order,
                    creationRetryInitialDelay,
                    creationRetryMaxDelay,
                    fairness,
                    fairnessThreshold);
        }
    }
}
