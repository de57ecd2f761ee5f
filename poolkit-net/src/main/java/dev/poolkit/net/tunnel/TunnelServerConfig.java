package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.pool.internal.Checks;
import java.time.Duration;

/**
 * The settings of a {@link TunnelServerPool}: which clients may connect, whether to speak TLS,
 * socket options, and how many connections may wait to be taken.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the pool's name, in thread names ({@code poolkit-tunnel-<name>-...}), log lines and
 *     the {@code pool} metric tag; not blank
 * @param allowList the client addresses accepted; {@link ClientAllowList#allowAll()} accepts any
 *     (NodePass's empty {@code clientIP})
 * @param tls the TLS server settings, or {@code null} for plain TCP
 * @param keepAlive the TCP keep-alive period set on every accepted connection (idle time and probe
 *     interval, as Go's {@code SetKeepAlivePeriod}); zero turns keep-alive off
 * @param tcpNoDelay whether to turn Nagle's algorithm off on every accepted connection; on by
 *     default, since small writes otherwise wait for delayed ACKs
 * @param maxPooled the most connections that may wait to be taken (NodePass: 65536); an accepted
 *     connection beyond it is closed and counted as rejected; at least 1
 */
public record TunnelServerConfig(
        String name,
        ClientAllowList allowList,
        TlsServerConfig tls,
        Duration keepAlive,
        boolean tcpNoDelay,
        int maxPooled) {

    /** The default {@code keepAlive}. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** The default {@code maxPooled}, NodePass's fixed queue size. */
    public static final int DEFAULT_MAX_POOLED = 65_536;

    /**
     * Checks every field.
     *
     * @throws NullPointerException if {@code name}, {@code allowList} or {@code keepAlive} is null
     * @throws IllegalArgumentException if {@code name} is blank, {@code keepAlive} is negative or
     *     {@code maxPooled} is below 1
     */
    public TunnelServerConfig {
        requireNonNull(name, "name");
        requireNonNull(allowList, "allowList");
        Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
        Checks.notNegative(keepAlive, "keepAlive");
        Checks.argument(maxPooled >= 1, "maxPooled must be at least 1, but was %d", maxPooled);
    }

    /**
     * Returns the defaults: any client, plain TCP, 30 s keep-alive, {@code TCP_NODELAY}, 65536 pooled.
     *
     * @return the default configuration
     */
    public static TunnelServerConfig defaults() {
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
     * @return a new builder holding every field
     */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .allowList(allowList)
                .tls(tls)
                .keepAlive(keepAlive)
                .tcpNoDelay(tcpNoDelay)
                .maxPooled(maxPooled);
    }

    /** Collects the fields of a {@link TunnelServerConfig}; not thread-safe. */
    public static final class Builder {
        private String name = "tunnel";
        private ClientAllowList allowList = ClientAllowList.allowAll();
        private TlsServerConfig tls;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private boolean tcpNoDelay = true;
        private int maxPooled = DEFAULT_MAX_POOLED;

        private Builder() {}

        /**
         * Sets {@link TunnelServerConfig#name()}.
         *
         * @param name the value
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link TunnelServerConfig#allowList()}.
         *
         * @param allowList the value
         * @return this builder
         */
        public Builder allowList(ClientAllowList allowList) {
            this.allowList = allowList;
            return this;
        }

        /**
         * Accepts only clients matching one of the entries; see {@link ClientAllowList#of(String...)}.
         *
         * @param entries IP literals and CIDR ranges; none accepts any client
         * @return this builder
         * @throws IllegalArgumentException if an entry is malformed; the message quotes it
         * @throws NullPointerException if {@code entries} or one of them is null
         */
        public Builder allow(String... entries) {
            return allowList(ClientAllowList.of(entries));
        }

        /**
         * Sets {@link TunnelServerConfig#tls()}.
         *
         * @param tls the value
         * @return this builder
         */
        public Builder tls(TlsServerConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets {@link TunnelServerConfig#keepAlive()}.
         *
         * @param keepAlive the value
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Sets {@link TunnelServerConfig#tcpNoDelay()}.
         *
         * @param tcpNoDelay the value
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Sets {@link TunnelServerConfig#maxPooled()}.
         *
         * @param maxPooled the value
         * @return this builder
         */
        public Builder maxPooled(int maxPooled) {
            this.maxPooled = maxPooled;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a required field is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public TunnelServerConfig build() {
            return new TunnelServerConfig(name, allowList, tls, keepAlive, tcpNoDelay, maxPooled);
        }
    }
}
