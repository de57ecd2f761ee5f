/**
 * poolkit's network pools: {@code dev.poolkit.net} (the {@code Dialer}, addresses),
 * {@code .host} (a pool of connections to one address), {@code .service} (the multi-host service
 * that balances over host pools with score feedback), {@code .worker} (the inbound worker pool, idle reaper and accept loop), {@code .tunnel}
 * (pre-warmed tunnel pools with connection IDs) and {@code .tls} (TLS modes, the TLS dialer,
 * self-signed certificates).
 *
 * <p>Core, balance, monitor and Micrometer are transitive: the API takes their types.
 */
@SuppressWarnings("requires-transitive-automatic") // Micrometer ships no module-info, only a module name
module dev.poolkit.net {
    requires transitive dev.poolkit.pool;
    requires transitive dev.poolkit.balance;
    requires transitive dev.poolkit.monitor;
    requires transitive micrometer.core;
    requires org.slf4j;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires jdk.net;

    exports dev.poolkit.net;
    exports dev.poolkit.net.host;
    exports dev.poolkit.net.service;
    exports dev.poolkit.net.tls;
    exports dev.poolkit.net.tunnel;
    exports dev.poolkit.net.worker;
}
