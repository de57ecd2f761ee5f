package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.Checks;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The immutable configuration of a {@link WorkerPool} (pool-manager's {@code ManagerConfig}). Every
 * rule, cross-field rules included, is checked when the record is constructed, so an invalid
 * configuration cannot exist; messages have the form {@code minWorkers must be >= 0, but was -1}.
 *
 * <p>pool-manager documents 5120 bytes and 3 s as the values used when {@code BufferSize} and {@code
 * ClientsDeadline} are left at zero; poolkit keeps that: {@code bufferSize(0)} and {@code
 * clientDeadline(Duration.ZERO)} mean the defaults, and the substitution is logged once at INFO.
 * Negative values are rejected.
 *
 * @param name the pool's name, used in thread names ({@code poolkit-worker-<name>-<n>}), log lines,
 *     exceptions and metric tags; not blank
 * @param minWorkers how many platform workers wait idle while the pool runs, and the floor idle
 *     reaping shrinks to; >= 0, and 0 in {@link ThreadMode#VIRTUAL}
 * @param maxWorkers how many connections may be served at once; a connection submitted while that
 *     many are busy is rejected with {@link PoolBusyException}; 0 means unlimited; otherwise >= {@code
 *     minWorkers}
 * @param bufferSize the size of each read of the message form, in bytes: a read shorter than this,
 *     or a full read after which no more bytes are waiting, ends a message; 1 to 16 MiB (0 selects
 *     the default)
 * @param clientDeadline the message form's read deadline: a connection whose worker waits this long
 *     for a byte (counted from its last byte, or from the end of the last handler call) is closed;
 *     checked every {@code clientDeadline / 8}, so it is closed within {@code clientDeadline * 9/8};
 *     positive (zero selects the default). Not applied to sessions, whose idleness is an {@link
 *     IdleReaper}'s business
 * @param reapInterval how often idle platform workers above {@code minWorkers} are stopped; positive
 * @param threadMode which threads serve the connections
 */
public record WorkerPoolConfig(
        String name,
        int minWorkers,
        int maxWorkers,
        int bufferSize,
        Duration clientDeadline,
        Duration reapInterval,
        ThreadMode threadMode) {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPoolConfig.class);

    /** The default pool name. */
    public static final String DEFAULT_NAME = "pool";
    /** The default {@code bufferSize}, pool-manager's 5120 bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 5120;
    /** The largest {@code bufferSize}: every connection of the message form holds one such buffer. */
    public static final int MAX_BUFFER_SIZE = 16 * 1024 * 1024;
    /** The default {@code clientDeadline}, pool-manager's 3 s. */
    public static final Duration DEFAULT_CLIENT_DEADLINE = Duration.ofSeconds(3);
    /** The default {@code reapInterval}, pool-manager's cleaner period of 2 s. */
    public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofSeconds(2);
    /** The default {@code threadMode}: pooled platform workers, as pool-manager. */
    public static final ThreadMode DEFAULT_THREAD_MODE = ThreadMode.PLATFORM;

    /**
     * Checks every field; zero {@code bufferSize} and {@code clientDeadline} become their defaults.
     *
     * @throws NullPointerException if a reference field is null
     * @throws IllegalArgumentException if a value is out of range; the message names the field and value
     */
    public WorkerPoolConfig {
        requireNonNull(name, "name");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        Checks.argument(minWorkers >= 0, "minWorkers must be >= 0, but was %d", minWorkers);
        Checks.argument(maxWorkers >= 0, "maxWorkers must be >= 0 (0 = unlimited), but was %d", maxWorkers);
        Checks.argument(
                maxWorkers == 0 || minWorkers <= maxWorkers,
                "minWorkers must be <= maxWorkers (%d), but was %d",
                maxWorkers,
                minWorkers);
        Checks.argument(
                bufferSize >= 0 && bufferSize <= MAX_BUFFER_SIZE,
                "bufferSize must be between 1 and %d (0 = the default %d), but was %d",
                MAX_BUFFER_SIZE,
                DEFAULT_BUFFER_SIZE,
                bufferSize);
        Checks.notNegative(clientDeadline, "clientDeadline");
        Checks.positive(reapInterval, "reapInterval");
        requireNonNull(threadMode, "threadMode");
        Checks.argument(
                threadMode != ThreadMode.VIRTUAL || minWorkers == 0,
                "minWorkers must be 0 in VIRTUAL thread mode (a virtual thread is started per connection"
                        + " and never kept idle), but was %d",
                minWorkers);
        if (bufferSize == 0) {
            LOG.info("WorkerPool '{}': bufferSize 0 means the default, {} bytes", name, DEFAULT_BUFFER_SIZE);
            bufferSize = DEFAULT_BUFFER_SIZE;
        }
        if (clientDeadline.isZero()) {
            LOG.info("WorkerPool '{}': clientDeadline 0 means the default, {}", name, DEFAULT_CLIENT_DEADLINE);
            clientDeadline = DEFAULT_CLIENT_DEADLINE;
        }
    }

    /**
     * Returns the configuration with every default: 0 to unlimited platform workers, 5120-byte reads,
     * a 3 s client deadline and a 2 s reap interval (pool-manager's {@code CreateManager({})}).
     *
     * @return the default configuration
     */
    public static WorkerPoolConfig defaults() {
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

    /** Collects the fields of a {@link WorkerPoolConfig}; not thread-safe. */
    public static final class Builder extends Settings<Builder> {
        private Builder() {}

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public WorkerPoolConfig build() {
            return toConfig();
        }
    }

    /**
     * The setters shared by {@link Builder} and {@link WorkerPoolBuilder}; each only stores its value,
     * and checks happen when the configuration is built.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String name = DEFAULT_NAME;
        private int minWorkers;
        private int maxWorkers;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private Duration clientDeadline = DEFAULT_CLIENT_DEADLINE;
        private Duration reapInterval = DEFAULT_REAP_INTERVAL;
        private ThreadMode threadMode = DEFAULT_THREAD_MODE;

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
         * @throws NullPointerException if {@code config} is null
         */
        public B from(WorkerPoolConfig config) {
            name = config.name();
            minWorkers = config.minWorkers();
            maxWorkers = config.maxWorkers();
            bufferSize = config.bufferSize();
            clientDeadline = config.clientDeadline();
            reapInterval = config.reapInterval();
            threadMode = config.threadMode();
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#name()}.
         *
         * @param name the value
         * @return this builder
         */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#minWorkers()}.
         *
         * @param minWorkers the value
         * @return this builder
         */
        public B minWorkers(int minWorkers) {
            this.minWorkers = minWorkers;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#maxWorkers()}.
         *
         * @param maxWorkers the value
         * @return this builder
         */
        public B maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#bufferSize()}.
         *
         * @param bufferSize the value
         * @return this builder
         */
        public B bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#clientDeadline()}.
         *
         * @param clientDeadline the value
         * @return this builder
         */
        public B clientDeadline(Duration clientDeadline) {
            this.clientDeadline = clientDeadline;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#reapInterval()}.
         *
         * @param reapInterval the value
         * @return this builder
         */
        public B reapInterval(Duration reapInterval) {
            this.reapInterval = reapInterval;
            return self();
        }

        /**
         * Sets {@link WorkerPoolConfig#threadMode()}.
         *
         * @param threadMode the value
         * @return this builder
         */
        public B threadMode(ThreadMode threadMode) {
            this.threadMode = threadMode;
            return self();
        }

        WorkerPoolConfig toConfig() {
            return new WorkerPoolConfig(
                    name, minWorkers, maxWorkers, bufferSize, clientDeadline, reapInterval, threadMode);
        }
    }
}
