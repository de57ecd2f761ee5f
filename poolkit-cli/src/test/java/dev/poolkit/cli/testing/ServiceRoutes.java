package dev.poolkit.cli.testing;

import dev.poolkit.cli.admin.AdminResponse;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.service.HostStatus;
import dev.poolkit.net.service.PoolStatus;
import dev.poolkit.net.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A test stand-in for the proxy's {@code /hosts}, {@code /pools} and {@code POST
 * /hosts/{host}/disable|enable} over a real {@link Service}, in the proxy's shapes ({@code
 * {"service", "strategy", "hosts": [HostStatus fields + "monitor"]}}, {@code {"pools":
 * [PoolStatus]}}); the proxy's own routes replace it once they are on main.
 */
public final class ServiceRoutes {

    private ServiceRoutes() {}

    /** The routes over {@code service}; each host's monitor is the one named after it. */
    public static List<AdminRoute> of(Service service, MonitorPool monitors) {
        return List.of(
                AdminRoute.get(
                        "/hosts", request -> AdminResponse.json(200, AdminServer.toJson(hosts(service, monitors)))),
                AdminRoute.get("/pools", request -> AdminResponse.json(200, AdminServer.toJson(pools(service)))),
                AdminRoute.post(
                        "/hosts/{host}/disable", request -> toggle(service, request.pathParameter("host"), false)),
                AdminRoute.post(
                        "/hosts/{host}/enable", request -> toggle(service, request.pathParameter("host"), true)));
    }

    private static Map<String, Object> hosts(Service service, MonitorPool monitors) {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostStatus h : service.hosts()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.host());
            host.put("enabled", h.enabled());
            host.put(
                    "monitor",
                    monitors.get(h.host())
                            .map(Monitor::status)
                            .map(Object::toString)
                            .orElse("none"));
            host.put("score", h.score());
            host.put("outstanding", h.outstanding());
            host.put("requests", h.requests());
            host.put("share", h.share());
            host.put("getFailures", h.getFailures());
            host.put("releases", h.releases());
            host.put("failures", h.failures());
            hosts.add(host);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.name());
        body.put("strategy", service.strategy().name());
        body.put("hosts", hosts);
        return body;
    }

    private static Map<String, Object> pools(Service service) {
        List<PoolStatus> pools = new ArrayList<>();
        for (HostStatus h : service.hosts()) {
            pools.add(h.pool());
        }
        return Map.of("pools", pools);
    }

    private static AdminResponse toggle(Service service, String host, boolean enable) {
        HostAndPort address;
        try {
            address = HostAndPort.parse(host);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("no backend '" + host + "'");
        }
        if (!(enable ? service.enable(address) : service.disable(address))) {
            throw new NoSuchElementException("no backend '" + host + "'");
        }
        return AdminResponse.json(
                200, AdminServer.toJson(Map.of("host", host, "action", enable ? "enable" : "disable")));
    }
}
