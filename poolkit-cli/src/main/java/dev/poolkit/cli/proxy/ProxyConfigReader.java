package dev.poolkit.cli.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.config.ConfigException;
import dev.poolkit.cli.config.ConfigNode;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.service.ServiceConfig;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TrustStores;
import dev.poolkit.net.worker.ThreadMode;
import dev.poolkit.net.worker.WorkerPoolConfig;
import dev.poolkit.pool.PoolConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code poolkit proxy --config FILE} (YAML) onto a {@link ProxyConfig.Builder}. Every key is
 * optional; command-line options given as well override the file. The keys ({@code docs/proxy.md}
 * shows a whole file):
 *
 * <pre>
 * listen: 127.0.0.1:6380
 * backends: [127.0.0.1:6379, 127.0.0.1:6381]
 * strategy: p2c-least-outstanding
 * get-attempts: 3
 * pool: {max-size: 1024, min-idle: 8, acquire-timeout: 3s, connect-timeout: 2s, idle-timeout: 10m, max-lifetime: 0}
 * tls: {mode: verified, server-name: redis.internal, trust-store: ca.pem, trust-store-password: "", handshake-timeout: 10s}
 * monitor: {check-timeout: 1s, interval-check: 1s, fall-count-ko: 1, ...}   # golib's keys, no name
 * workers: {max: 4096, min: 0, thread-mode: virtual}
 * idle-timeout: 5m
 * buffer-size: 16384
 * relay-threads: 2
 * busy-reply: "-ERR busy\r\n"
 * drain-timeout: 10s
 * admin: {listen: 127.0.0.1:9900, token: s3cret}
 * </pre>
 *
 * <p>An unknown key, a key given twice, or a bad value is a {@link ConfigException} naming the file,
 * the line and the key. Stateless.
 */
public final class ProxyConfigReader {

    private static final List<String> KEYS = List.of(
            "listen",
            "backends",
            "strategy",
            "get-attempts",
            "pool",
            "tls",
            "monitor",
            "workers",
            "idle-timeout",
            "buffer-size",
            "relay-threads",
            "busy-reply",
            "drain-timeout",
            "admin");
    private static final List<String> POOL_KEYS =
            List.of("max-size", "min-idle", "acquire-timeout", "connect-timeout", "idle-timeout", "max-lifetime");
    private static final List<String> TLS_KEYS =
            List.of("mode", "server-name", "trust-store", "trust-store-password", "handshake-timeout");
    private static final List<String> WORKER_KEYS = List.of("max", "min", "thread-mode");
    private static final List<String> ADMIN_KEYS = List.of("listen", "token");
    private static final int MAX_INT = Integer.MAX_VALUE;

    private ProxyConfigReader() {}

    /**
     * Reads a file onto a builder.
     *
     * @param file the YAML file
     * @param b the builder to set; keys the file does not name keep the builder's values
     * @throws ConfigException if the file cannot be read, is not valid YAML, or holds an unknown key
     *     or a bad value; the message names the file, the line and the key
     */
    public static void read(Path file, ProxyConfig.Builder b) {
        ConfigNode root = ConfigNode.read(file).allowOnly(KEYS);
        Path base = file.toAbsolutePath().getParent();
        root.field("listen").ifPresent(n -> b.listen(value(n, HostAndPort::parseListenAddress)));
        root.field("backends").ifPresent(n -> {
            List<HostAndPort> backends = new ArrayList<>();
            for (ConfigNode e : n.elements()) {
                HostAndPort backend = value(e, HostAndPort::parse);
                if (backends.contains(backend)) {
                    throw e.error(n.path() + " must be distinct, but " + backend + " was given twice");
                }
                backends.add(backend);
            }
            if (backends.isEmpty()) {
                throw n.error("backends must name at least one backend, but was []");
            }
            b.backends(backends);
        });
        ServiceConfig.Builder service = b.service().toBuilder();
        root.field("strategy")
                .ifPresent(n -> service.strategy(value(n, s -> {
                    dev.poolkit.balance.strategy.StrategyRegistry.factory(s);
                    return s;
                })));
        root.field("get-attempts").ifPresent(n -> service.getAttempts(n.integer(0, 100)));
        root.field("pool")
                .ifPresent(n -> service.hostPool(hostPool(n, b.service().hostPool())));
        b.service(built(root, service::build));
        root.field("tls").ifPresent(n -> b.tls(tls(n, base)));
        root.field("monitor").ifPresent(n -> b.monitor(monitor(n)));
        root.field("workers").ifPresent(n -> b.workers(workers(n, b.workers())));
        root.field("idle-timeout").ifPresent(n -> b.idleTimeout(n.duration()));
        root.field("buffer-size")
                .ifPresent(n -> b.bufferSize(n.integer(ProxyConfig.MIN_BUFFER_SIZE, ProxyConfig.MAX_BUFFER_SIZE)));
        root.field("relay-threads").ifPresent(n -> b.relayThreads(n.integer(1, ProxyConfig.MAX_RELAY_THREADS)));
        root.field("busy-reply").ifPresent(n -> b.busyReply(n.text()));
        root.field("drain-timeout").ifPresent(n -> b.drainTimeout(n.duration()));
        root.field("admin").ifPresent(n -> b.admin(Optional.of(admin(n, b.admin()))));
    }

    private static HostPoolConfig hostPool(ConfigNode n, HostPoolConfig base) {
        n.allowOnly(POOL_KEYS);
        PoolConfig.Builder pool = base.pool().toBuilder();
        n.field("max-size").ifPresent(v -> pool.maxSize(v.integer(1, 1 << 20)));
        n.field("min-idle").ifPresent(v -> pool.minIdle(v.integer(0, 1 << 20)));
        n.field("acquire-timeout").ifPresent(v -> pool.acquireTimeout(v.duration()));
        n.field("idle-timeout").ifPresent(v -> pool.idleTimeout(v.duration()));
        n.field("max-lifetime").ifPresent(v -> pool.maxLifetime(v.duration()));
        DialerConfig.Builder dialer = base.dialer().toBuilder();
        n.field("connect-timeout").ifPresent(v -> dialer.connectTimeout(v.duration()));
        return built(
                n,
                () -> base.toBuilder().pool(pool.build()).dialer(dialer.build()).build());
    }

    private static TlsClientConfig tls(ConfigNode n, Path base) {
        n.allowOnly(TLS_KEYS);
        TlsClientConfig.Builder tls = TlsClientConfig.builder();
        n.field("mode").ifPresent(v -> tls.mode(value(v, TlsMode::parse)));
        n.field("server-name").ifPresent(v -> tls.serverName(v.text()));
        char[] password =
                n.field("trust-store-password").map(v -> v.text().toCharArray()).orElse(null);
        n.field("trust-store")
                .ifPresent(v -> tls.trustStore(value(v, s -> TrustStores.load(base.resolve(s), password))));
        n.field("handshake-timeout").ifPresent(v -> tls.handshakeTimeout(v.duration()));
        return built(n, tls::build);
    }

    /** golib's keys through {@link MonitorConfig#fromJson}; each key alone first, to name its line. */
    private static MonitorConfig monitor(ConfigNode n) {
        ObjectNode all = (ObjectNode) n.toJson();
        if (all.has("name")) {
            throw n.field("name")
                    .orElse(n)
                    .error("monitor.name is not allowed: each monitor is named after its backend");
        }
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : iterable(all)) {
            ConfigNode keyNode = n.field(e.getKey()).orElse(n);
            ObjectNode one = JsonNodeFactory.instance.objectNode();
            one.set(e.getKey(), e.getValue());
            try {
                MonitorConfig.fromJson(one.toString());
            } catch (IllegalArgumentException ex) {
                throw keyNode.error("monitor: " + ex.getMessage(), ex);
            }
        }
        try {
            return MonitorConfig.fromJson(all.toString());
        } catch (IllegalArgumentException ex) {
            throw n.error("monitor: " + ex.getMessage(), ex);
        }
    }

    private static Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> iterable(ObjectNode node) {
        return node::fields;
    }

    private static WorkerPoolConfig workers(ConfigNode n, WorkerPoolConfig base) {
        n.allowOnly(WORKER_KEYS);
        WorkerPoolConfig.Builder w = base.toBuilder();
        n.field("max").ifPresent(v -> w.maxWorkers(v.integer(0, MAX_INT)));
        n.field("min").ifPresent(v -> w.minWorkers(v.integer(0, MAX_INT)));
        n.field("thread-mode")
                .ifPresent(v -> w.threadMode(value(v, s -> ThreadMode.valueOf(s.toUpperCase(Locale.ROOT)))));
        return built(n, w::build);
    }

    private static AdminConfig admin(ConfigNode n, Optional<AdminConfig> current) {
        n.allowOnly(ADMIN_KEYS);
        AdminConfig admin = current.orElse(AdminConfig.of(AdminConfig.DEFAULT_ADDRESS));
        if (n.field("listen").isPresent()) {
            ConfigNode v = n.field("listen").get();
            admin = new AdminConfig(value(v, HostAndPort::parseListenAddress), admin.token(), admin.maxBodyBytes());
        }
        if (n.field("token").isPresent()) {
            ConfigNode v = n.field("token").get();
            AdminConfig a = admin;
            admin = built(v, () -> a.withToken(v.text()));
        }
        return admin;
    }

    /** Converts a scalar; a converter's {@link IllegalArgumentException} becomes a config error on its line. */
    private static <T> T value(ConfigNode n, Function<String, T> converter) {
        String text = n.text();
        try {
            return converter.apply(text);
        } catch (IllegalArgumentException e) {
            throw n.error(n.path() + ": " + e.getMessage(), e);
        }
    }

    /** Builds a section; a cross-field rule it breaks becomes a config error on the section's line. */
    private static <T> T built(ConfigNode n, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw n.error((n.path().isEmpty() ? "" : n.path() + ": ") + e.getMessage(), e);
        }
    }
}
