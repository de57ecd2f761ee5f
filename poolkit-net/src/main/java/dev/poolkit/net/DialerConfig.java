package dev.poolkit.net;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link Dialer} opens and sets up a client socket.
 *
 * <p>Java's blocking sockets have a read timeout ({@code SO_TIMEOUT}) but no write timeout: a write
 * blocks while the peer's receive window is full. Components that must bound a write (a relay, a
 * request with a deadline) do so themselves, for example by closing the socket from a watchdog.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout the longest a connect may take; positive
 * @param readTimeout the longest a read may block ({@code SO_TIMEOUT}); zero waits forever
 * @param tcpNoDelay whether to turn Nagle's algorithm off ({@code TCP_NODELAY}); on by default,
 *     because a small request and its reply otherwise wait for delayed ACKs (about 40 ms per
 *     exchange measured on loopback)
 * @param keepAlive whether to send TCP keep-alive probes on idle connections ({@code SO_KEEPALIVE})
 */
public record DialerConfig(Duration connectTimeout, Duration readTimeout, boolean tcpNoDelay, boolean keepAlive) {

    /** The default {@code connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Checks every field.
     *
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if {@code connectTimeout} is not positive or {@code readTimeout}
     *     is negative
     */
    public DialerConfig {
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(readTimeout, "readTimeout");
        if (!connectTimeout.isPositive()) {
            throw new IllegalArgumentException("connectTimeout must be positive, but was " + connectTimeout);
        }
        if (readTimeout.isNegative()) {
            throw new IllegalArgumentException("readTimeout must not be negative, but was " + readTimeout);
        }
    }

    /**
     * Returns the defaults: 5 s connect timeout, no read timeout, {@code TCP_NODELAY} and keep-alive on.
     *
     * @return the default configuration
     */
    public static DialerConfig defaults() {
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
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .tcpNoDelay(tcpNoDelay)
                .keepAlive(keepAlive);
    }

    /** Collects the fields of a {@link DialerConfig}; not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = Duration.ZERO;
        private boolean tcpNoDelay = true;
        private boolean keepAlive = true;

        private Builder() {}

        /**
         * Sets {@link DialerConfig#connectTimeout()}.
         *
         * @param connectTimeout the value
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets {@link DialerConfig#readTimeout()}.
         *
         * @param readTimeout the value
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * Sets {@link DialerConfig#tcpNoDelay()}.
         *
         * @param tcpNoDelay the value
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Sets {@link DialerConfig#keepAlive()}.
         *
         * @param keepAlive the value
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a duration is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public DialerConfig build() {
            return new DialerConfig(connectTimeout, readTimeout, tcpNoDelay, keepAlive);
        }
    }
}
