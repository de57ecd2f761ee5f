package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.pool.internal.Checks;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of a {@link TunnelClientPool}: where to dial, how many connections to keep ready
 * (an adaptive capacity between a minimum and a maximum), how often to refill (an adaptive
 * interval), TLS, and the timeouts and back-off that NodePass lacks.
 *
 * <p>NodePass's normalisations are kept, and logged: a capacity or interval of zero means its
 * default (capacity 1, interval 1 s), and a minimum above its maximum is swapped with it. Negative
 * values are rejected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the pool's name, in thread names ({@code poolkit-tunnel-<name>-...}), log lines and
 *     the {@code pool} metric tag; not blank
 * @param server the tunnel server to dial
 * @param minCapacity the least number of connections to keep ready, at least 1
 * @param maxCapacity the most connections to keep ready, at least {@code minCapacity}; also the
 *     most that can be pooled at once
 * @param minInterval the shortest pause between two refill cycles; positive
 * @param maxInterval the longest pause between two refill cycles; at least {@code minInterval}
 * @param keepAlive the TCP keep-alive period set on every connection (idle time and probe
 *     interval, as Go's {@code SetKeepAlivePeriod}); zero leaves the dialer's keep-alive setting alone
 * @param tls whether and how to encrypt: {@link dev.poolkit.net.tls.TlsMode#NONE}, {@code SELF_SIGNED}
 *     or {@code VERIFIED}
 * @param single NodePass's {@code isSingle}: the server sends no IDs, the pool makes up its own
 *     and reads nothing after connecting; TLS is applied as configured
 * @param idReadTimeout the longest wait for the server's 8-byte ID after connecting (and after the
 *     TLS handshake); positive
 * @param dialRetryInitialDelay the wait after the first of a series of failed dials; positive
 * @param dialRetryMaxDelay the longest wait between failed dials, at least {@code dialRetryInitialDelay}
 */
public record TunnelClientConfig(
        String name,
        HostAndPort server,
        int minCapacity,
        int maxCapacity,
        Duration minInterval,
        Duration maxInterval,
        Duration keepAlive,
        TlsClientConfig tls,
        boolean single,
        Duration idReadTimeout,
        Duration dialRetryInitialDelay,
        Duration dialRetryMaxDelay) {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelClientConfig.class);

    /** The default {@code minCapacity}, as in NodePass's examples. */
    public static final int DEFAULT_MIN_CAPACITY = 5;
    /** The default {@code maxCapacity}, as in NodePass's examples. */
    public static final int DEFAULT_MAX_CAPACITY = 20;
    /** The default {@code minInterval}, as in NodePass's examples. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(500);
    /** The default {@code maxInterval}, as in NodePass's examples. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(5);
    /** The default {@code keepAlive}. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** The default {@code idReadTimeout}. */
    public static final Duration DEFAULT_ID_READ_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@code dialRetryInitialDelay}. */
    public static final Duration DEFAULT_DIAL_RETRY_INITIAL_DELAY = Duration.ofMillis(100);
    /** The default {@code dialRetryMaxDelay}. */
    public static final Duration DEFAULT_DIAL_RETRY_MAX_DELAY = Duration.ofSeconds(10);

    /** What NodePass uses for a capacity of zero. */
    static final int ZERO_CAPACITY_MEANS = 1;
    /** What NodePass uses for an interval of zero. */
    static final Duration ZERO_INTERVAL_MEANS = Duration.ofSeconds(1);

    /**
     * Checks every field, applying NodePass's normalisations (zero means default, min and max
     * swapped when given the wrong way round), each logged once.
     *
     * @throws NullPointerException if a field other than {@code single} is null
     * @throws IllegalArgumentException if {@code name} is blank, a capacity or duration is negative, a
     *     timeout or delay is not positive, or {@code dialRetryMaxDelay < dialRetryInitialDelay}
     */
    public TunnelClientConfig {
        requireNonNull(name, "name");
        requireNonNull(server, "server");
        requireNonNull(minInterval, "minInterval");
        requireNonNull(maxInterval, "maxInterval");
        requireNonNull(keepAlive, "keepAlive");
        requireNonNull(tls, "tls");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        Checks.argument(minCapacity >= 0, "minCapacity must not be negative, but was %d", minCapacity);
        Checks.argument(maxCapacity >= 0, "maxCapacity must not be negative, but was %d", maxCapacity);
        Checks.notNegative(minInterval, "minInterval");
        Checks.notNegative(maxInterval, "maxInterval");
        Checks.notNegative(keepAlive, "keepAlive");
        Checks.positive(idReadTimeout, "idReadTimeout");
        Checks.positive(dialRetryInitialDelay, "dialRetryInitialDelay");
        Checks.positive(dialRetryMaxDelay, "dialRetryMaxDelay");
        Checks.argument(
                dialRetryMaxDelay.compareTo(dialRetryInitialDelay) >= 0,
                "dialRetryMaxDelay must be at least dialRetryInitialDelay (%s), but was %s",
                dialRetryInitialDelay,
                dialRetryMaxDelay);

        if (minCapacity == 0) {
            LOG.info("Tunnel client '{}': minCapacity 0 means {}", name, ZERO_CAPACITY_MEANS);
            minCapacity = ZERO_CAPACITY_MEANS;
        }
        if (maxCapacity == 0) {
            LOG.info("Tunnel client '{}': maxCapacity 0 means {}", name, ZERO_CAPACITY_MEANS);
            maxCapacity = ZERO_CAPACITY_MEANS;
        }
        if (minCapacity > maxCapacity) {
            LOG.warn(
                    "Tunnel client '{}': minCapacity {} is above maxCapacity {}; swapped, using {} to {}",
                    name,
                    minCapacity,
                    maxCapacity,
                    maxCapacity,
                    minCapacity);
            int swap = minCapacity;
            minCapacity = maxCapacity;
            maxCapacity = swap;
        }
        if (minInterval.isZero()) {
            LOG.info("Tunnel client '{}': minInterval 0 means {}", name, ZERO_INTERVAL_MEANS);
            minInterval = ZERO_INTERVAL_MEANS;
        }
        if (maxInterval.isZero()) {
            LOG.info("Tunnel client '{}': maxInterval 0 means {}", name, ZERO_INTERVAL_MEANS);
            maxInterval = ZERO_INTERVAL_MEANS;
        }
        if (minInterval.compareTo(maxInterval) > 0) {
            LOG.warn(
                    "Tunnel client '{}': minInterval {} is above maxInterval {}; swapped, using {} to {}",
                    name,
                    minInterval,
                    maxInterval,
                    maxInterval,
                    minInterval);
            Duration swap = minInterval;
            minInterval = maxInterval;
            maxInterval = swap;
        }
    }

    /**
     * Returns a builder for a pool that dials {@code server}, with every other field at its default.
     *
     * @param server the tunnel server
     * @return a new builder
     * @throws NullPointerException if {@code server} is null
     */
    public static Builder builder(HostAndPort server) {
        return new Builder(requireNonNull(server, "server"));
    }

    /**
     * Returns a builder that starts from this configuration.
     *
     * @return a new builder holding every field
     */
    public Builder toBuilder() {
        return new Builder(server)
                .name(name)
                .minCapacity(minCapacity)
                .maxCapacity(maxCapacity)
                .minInterval(minInterval)
                .maxInterval(maxInterval)
                .keepAlive(keepAlive)
                .tls(tls)
                .single(single)
                .idReadTimeout(idReadTimeout)
                .dialRetryInitialDelay(dialRetryInitialDelay)
                .dialRetryMaxDelay(dialRetryMaxDelay);
    }

    /** Collects the fields of a {@link TunnelClientConfig}; not thread-safe. */
    public static final class Builder {
        private String name = "tunnel";
        private HostAndPort server;
        private int minCapacity = DEFAULT_MIN_CAPACITY;
        private int maxCapacity = DEFAULT_MAX_CAPACITY;
        private Duration minInterval = DEFAULT_MIN_INTERVAL;
        private Duration maxInterval = DEFAULT_MAX_INTERVAL;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private TlsClientConfig tls = TlsClientConfig.none();
        private boolean single;
        private Duration idReadTimeout = DEFAULT_ID_READ_TIMEOUT;
        private Duration dialRetryInitialDelay = DEFAULT_DIAL_RETRY_INITIAL_DELAY;
        private Duration dialRetryMaxDelay = DEFAULT_DIAL_RETRY_MAX_DELAY;

        private Builder(HostAndPort server) {
            this.server = server;
        }

        /**
         * Sets {@link TunnelClientConfig#name()}.
         *
         * @param name the value
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#server()}.
         *
         * @param server the value
         * @return this builder
         */
        public Builder server(HostAndPort server) {
            this.server = server;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#minCapacity()}.
         *
         * @param minCapacity the value
         * @return this builder
         */
        public Builder minCapacity(int minCapacity) {
            this.minCapacity = minCapacity;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#maxCapacity()}.
         *
         * @param maxCapacity the value
         * @return this builder
         */
        public Builder maxCapacity(int maxCapacity) {
            this.maxCapacity = maxCapacity;
            return this;
        }

        /**
         * Sets both capacities, for a pool of fixed size.
         *
         * @param capacity the minimum and maximum capacity
         * @return this builder
         */
        public Builder capacity(int capacity) {
            return minCapacity(capacity).maxCapacity(capacity);
        }

        /**
         * Sets {@link TunnelClientConfig#minInterval()}.
         *
         * @param minInterval the value
         * @return this builder
         */
        public Builder minInterval(Duration minInterval) {
            this.minInterval = minInterval;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#maxInterval()}.
         *
         * @param maxInterval the value
         * @return this builder
         */
        public Builder maxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#keepAlive()}.
         *
         * @param keepAlive the value
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#tls()}.
         *
         * @param tls the value
         * @return this builder
         */
        public Builder tls(TlsClientConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#single()}.
         *
         * @param single the value
         * @return this builder
         */
        public Builder single(boolean single) {
            this.single = single;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#idReadTimeout()}.
         *
         * @param idReadTimeout the value
         * @return this builder
         */
        public Builder idReadTimeout(Duration idReadTimeout) {
            this.idReadTimeout = idReadTimeout;
            return this;
        }

        /**
         * Sets {@code dialRetryInitialDelay}.
         *
         * @param dialRetryInitialDelay see {@link TunnelClientConfig#dialRetryInitialDelay()}
         * @return this builder
         */
        public Builder dialRetryInitialDelay(Duration dialRetryInitialDelay) {
            this.dialRetryInitialDelay = dialRetryInitialDelay;
            return this;
        }

        /**
         * Sets {@link TunnelClientConfig#dialRetryMaxDelay()}.
         *
         * @param dialRetryMaxDelay the value
         * @return this builder
         */
        public Builder dialRetryMaxDelay(Duration dialRetryMaxDelay) {
            this.dialRetryMaxDelay = dialRetryMaxDelay;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a field is null
         * @throws IllegalArgumentException if a value is out of range; see the record's constructor
         */
        public TunnelClientConfig build() {
            return new TunnelClientConfig(
                    name,
                    server,
                    minCapacity,
                    maxCapacity,
                    minInterval,
                    maxInterval,
                    keepAlive,
                    tls,
                    single,
                    idReadTimeout,
                    dialRetryInitialDelay,
                    dialRetryMaxDelay);
        }
    }
}
