package dev.poolkit.net.host;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.DialerConfig;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The immutable configuration of a {@link HostPool}: the core pool settings, how connections are
 * dialled and retried, and which errors end a connection. Every rule is checked when the record is
 * constructed; messages have the form {@code dialAttempts must be >= 1, but was 0}.
 *
 * <p>The defaults are pooly's where pooly documents one ({@code MaxConns} 30, {@code
 * PrespawnConns} 1 as {@code minIdle}, {@code ConnRetries} 3, {@code RetryDelay} 10 ms) and core's
 * otherwise, with two choices of our own: an acquire waits at most 5 s (pooly waits forever, which
 * keeps a multi-host service from failing over to the next host), and test-on-borrow is on
 * ({@code validateOnAcquire}: a connection idle for more than 500 ms is probed before it is handed
 * out, see {@link HostPool}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param pool the core pool settings: {@code maxSize} (pooly's {@code MaxConns}), {@code minIdle}
 *     (pooly's prespawn: connections dialled ahead of demand and kept ready), {@code acquireTimeout}
 *     (pooly's {@code WaitTimeout}; it bounds the dials made for the caller too), {@code
 *     idleTimeout} (pooly's {@code ConnIdleTimeout}), {@code validateOnAcquire} (pooly's {@code
 *     TestOnBorrow}) and the rest. Its {@code name} is not used: a host pool is named by {@link
 *     HostPool.Builder#name(String)}
 * @param dialer the timeouts and socket options of the default TCP dialer; not used when {@link
 *     HostPool.Builder#dialer(dev.poolkit.net.Dialer)} gives a dialer
 * @param dialAttempts how many times one creation dials before it fails (pooly's {@code
 *     ConnRetries}); at least 1
 * @param dialRetryDelay the shortest wait between two dials of one creation. After the n-th failed
 *     dial in a row the creation waits a random time between this delay and {@code
 *     min(dialRetryMaxDelay, dialRetryDelay * 2^n)}: exponential back-off with jitter, so that
 *     callers that lost the same host do not redial in lock step, and never a tight loop; positive
 * @param dialRetryMaxDelay the longest wait between two dials; at least {@code dialRetryDelay}
 * @param fatalErrors tells, for the error a holder gives back with a connection, whether the
 *     connection is broken (destroyed, and its host scored {@code HOST_DOWN}) or still usable
 *     (returned to the pool); pooly's {@code Temporary(err)} inverted. The default is {@link
 *     #DEFAULT_FATAL_ERRORS}
 */
public record HostPoolConfig(
        PoolConfig pool,
        DialerConfig dialer,
        int dialAttempts,
        Duration dialRetryDelay,
        Duration dialRetryMaxDelay,
        Predicate<Throwable> fatalErrors) {

    /** The default {@code maxSize}: pooly's {@code DefaultMaxConns}. */
    public static final int DEFAULT_MAX_SIZE = 30;
    /** The default {@code minIdle}: pooly's {@code DefaultPrespawnConns}. */
    public static final int DEFAULT_MIN_IDLE = 1;
    /** The default {@code acquireTimeout}. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@code dialAttempts}: pooly's {@code DefaultConnRetries}. */
    public static final int DEFAULT_DIAL_ATTEMPTS = 3;
    /** The default {@code dialRetryDelay}: pooly's {@code DefaultRetryDelay}. */
    public static final Duration DEFAULT_DIAL_RETRY_DELAY = Duration.ofMillis(10);
    /** The default {@code dialRetryMaxDelay}. */
    public static final Duration DEFAULT_DIAL_RETRY_MAX_DELAY = Duration.ofSeconds(1);

    /**
     * The default core pool settings: core's defaults with {@link #DEFAULT_MAX_SIZE}, {@link
     * #DEFAULT_MIN_IDLE}, {@link #DEFAULT_ACQUIRE_TIMEOUT} and {@code validateOnAcquire} on.
     */
    public static final PoolConfig DEFAULT_POOL = PoolConfig.builder()
            .name("host")
            .maxSize(DEFAULT_MAX_SIZE)
            .minIdle(DEFAULT_MIN_IDLE)
            .acquireTimeout(DEFAULT_ACQUIRE_TIMEOUT)
            .validateOnAcquire(true)
            .build();

    /**
     * The default {@code fatalErrors}: an error is fatal when it, or any of its causes, is an
     * {@link IOException} (an {@link UncheckedIOException} included). A read timeout is fatal too:
     * the answer may still arrive and would be read by the next holder. Any other error (the
     * server answered with an error, the application rejected the answer) leaves the connection
     * usable.
     */
    public static final Predicate<Throwable> DEFAULT_FATAL_ERRORS = HostPoolConfig::isIoFailure;

    /** Causes followed at most, so that a cause cycle cannot loop. */
    private static final int MAX_CAUSE_DEPTH = 32;

    /**
     * Checks every field.
     *
     * @throws NullPointerException if a reference field is null
     * @throws IllegalArgumentException if a value is out of range; the message names the field and value
     */
    public HostPoolConfig {
        requireNonNull(pool, "pool");
        requireNonNull(dialer, "dialer");
        requireNonNull(fatalErrors, "fatalErrors");
        Checks.argument(dialAttempts >= 1, "dialAttempts must be >= 1, but was %d", dialAttempts);
        Checks.positive(dialRetryDelay, "dialRetryDelay");
        Checks.positive(dialRetryMaxDelay, "dialRetryMaxDelay");
        Checks.argument(
                dialRetryMaxDelay.compareTo(dialRetryDelay) >= 0,
                "dialRetryMaxDelay must be >= dialRetryDelay (%s), but was %s",
                dialRetryDelay,
                dialRetryMaxDelay);
    }

    private static boolean isIoFailure(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the default configuration
     */
    public static HostPoolConfig defaults() {
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
                .pool(pool)
                .dialer(dialer)
                .dialAttempts(dialAttempts)
                .dialRetryDelay(dialRetryDelay)
                .dialRetryMaxDelay(dialRetryMaxDelay)
                .fatalErrors(fatalErrors);
    }

    /** Collects the fields of a {@link HostPoolConfig}; checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private PoolConfig pool = DEFAULT_POOL;
        private DialerConfig dialer = DialerConfig.defaults();
        private int dialAttempts = DEFAULT_DIAL_ATTEMPTS;
        private Duration dialRetryDelay = DEFAULT_DIAL_RETRY_DELAY;
        private Duration dialRetryMaxDelay = DEFAULT_DIAL_RETRY_MAX_DELAY;
        private Predicate<Throwable> fatalErrors = DEFAULT_FATAL_ERRORS;

        private Builder() {}

        /** @param pool see {@link HostPoolConfig#pool()} @return this builder */
        public Builder pool(PoolConfig pool) {
            this.pool = pool;
            return this;
        }

        /** @param dialer see {@link HostPoolConfig#dialer()} @return this builder */
        public Builder dialer(DialerConfig dialer) {
            this.dialer = dialer;
            return this;
        }

        /** @param dialAttempts see {@link HostPoolConfig#dialAttempts()} @return this builder */
        public Builder dialAttempts(int dialAttempts) {
            this.dialAttempts = dialAttempts;
            return this;
        }

        /** @param dialRetryDelay see {@link HostPoolConfig#dialRetryDelay()} @return this builder */
        public Builder dialRetryDelay(Duration dialRetryDelay) {
            this.dialRetryDelay = dialRetryDelay;
            return this;
        }

        /** @param dialRetryMaxDelay see {@link HostPoolConfig#dialRetryMaxDelay()} @return this builder */
        public Builder dialRetryMaxDelay(Duration dialRetryMaxDelay) {
            this.dialRetryMaxDelay = dialRetryMaxDelay;
            return this;
        }

        /** @param fatalErrors see {@link HostPoolConfig#fatalErrors()} @return this builder */
        public Builder fatalErrors(Predicate<Throwable> fatalErrors) {
            this.fatalErrors = fatalErrors;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public HostPoolConfig build() {
            return new HostPoolConfig(pool, dialer, dialAttempts, dialRetryDelay, dialRetryMaxDelay, fatalErrors);
        }
    }
}
