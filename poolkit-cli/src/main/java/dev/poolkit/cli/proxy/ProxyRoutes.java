package dev.poolkit.cli.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.poolkit.cli.admin.AdminResponse;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.service.HostStatus;
import dev.poolkit.net.service.PoolStatus;
import dev.poolkit.pool.PoolConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The proxy's admin endpoints (shapes documented in {@code docs/proxy.md}, which other tools read):
 *
 * <ul>
 *   <li>{@code GET /health}: 200 with {@code "status": "UP"} while at least one backend is in
 *       rotation, else 503 with {@code "DOWN"}; Spring Boot Actuator's shape ({@code status},
 *       {@code components} per backend with {@code status} and {@code details});
 *   <li>{@code GET /hosts}: the service, its strategy and every backend's state;
 *   <li>{@code GET /pools}: every backend's connection pool, durations as ISO-8601 ({@code PT3S});
 *   <li>{@code POST /hosts/{host}/disable} and {@code .../enable}: takes a backend out of rotation
 *       and back; {@code host} is {@code host:port} as given ({@code 127.0.0.1:6379}), 404 if unknown.
 * </ul>
 */
final class ProxyRoutes {

    /** Durations as ISO-8601 text, not numbers: {@code "PT3S"}. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private ProxyRoutes() {}

    static List<AdminRoute> of(Proxy proxy) {
        return List.of(
                AdminRoute.get("/health", request -> health(proxy)),
                AdminRoute.get("/hosts", request -> json(200, hosts(proxy))),
                AdminRoute.get("/pools", request -> json(200, pools(proxy))),
                AdminRoute.post(
                        "/hosts/{host}/disable", request -> toggle(proxy, request.pathParameter("host"), false)),
                AdminRoute.post("/hosts/{host}/enable", request -> toggle(proxy, request.pathParameter("host"), true)));
    }

    private static AdminResponse health(Proxy proxy) {
        Map<String, Object> components = new LinkedHashMap<>();
        int up = 0;
        for (HostStatus h : proxy.service().hosts()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("enabled", h.enabled());
            details.put("monitor", monitorStatus(proxy, h.host()));
            details.put("score", h.score());
            components.put(h.host(), Map.of("status", h.enabled() ? "UP" : "DOWN", "details", details));
            up += h.enabled() ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up > 0 ? "UP" : "DOWN");
        body.put("components", components);
        return json(up > 0 ? 200 : 503, body);
    }

    static Map<String, Object> hosts(Proxy proxy) {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostStatus h : proxy.service().hosts()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.host());
            host.put("enabled", h.enabled());
            host.put("monitor", monitorStatus(proxy, h.host()));
            host.put("score", h.score());
            host.put("outstanding", h.outstanding());
            host.put("requests", h.requests());
            host.put("share", h.share());
            host.put("getFailures", h.getFailures());
            host.put("releases", h.releases());
            host.put("failures", h.failures());
            host.put("backendFailures", proxy.metrics().backendFailures(HostAndPort.parse(h.host())));
            hosts.add(host);
        }
        ProxyMetrics m = proxy.metrics();
        Map<String, Object> sessions = new LinkedHashMap<>();
        sessions.put("open", m.open());
        for (ProxyMetrics.Outcome o : ProxyMetrics.Outcome.values()) {
            sessions.put(o.tag(), m.sessions(o));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", proxy.service().name());
        body.put("strategy", proxy.service().strategy().name());
        body.put("listen", SocketAddresses.describe(proxy.address()));
        body.put("sessions", sessions);
        body.put("hosts", hosts);
        return body;
    }

    private static Map<String, Object> pools(Proxy proxy) {
        HostPoolConfig hostPool = proxy.config().service().hostPool();
        PoolConfig pool = hostPool.pool();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maxSize", pool.maxSize());
        settings.put("minIdle", pool.minIdle());
        settings.put("acquireTimeout", pool.acquireTimeout());
        settings.put("idleTimeout", pool.idleTimeout());
        settings.put("maxLifetime", pool.maxLifetime());
        settings.put("connectTimeout", hostPool.dialer().connectTimeout());
        settings.put("dialAttempts", hostPool.dialAttempts());
        List<PoolStatus> pools = new ArrayList<>();
        for (HostStatus h : proxy.service().hosts()) {
            pools.add(h.pool());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settings", settings);
        body.put("pools", pools);
        return body;
    }

    private static String monitorStatus(Proxy proxy, String host) {
        return proxy.monitors()
                .get(host)
                .map(Monitor::status)
                .map(Object::toString)
                .orElse("none");
    }

    private static AdminResponse toggle(Proxy proxy, String host, boolean enable) {
        HostAndPort address;
        try {
            address = HostAndPort.parse(host);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("no backend '" + host + "'");
        }
        boolean known =
                enable ? proxy.service().enable(address) : proxy.service().disable(address);
        if (!known) {
            throw new NoSuchElementException("no backend '" + host + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", address.toString());
        body.put("action", enable ? "enable" : "disable");
        body.put("enabled", enable);
        return json(200, body);
    }

    private static AdminResponse json(int status, Object value) {
        try {
            return AdminResponse.json(status, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write JSON for " + value.getClass().getName(), e);
        }
    }
}
