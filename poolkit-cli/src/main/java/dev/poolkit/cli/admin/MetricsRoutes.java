package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /metrics}: the Prometheus text exposition of one registry. */
public final class MetricsRoutes {

    /** The content type of Prometheus text format 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {}

    /**
     * Returns the route.
     *
     * @param registry the registry every component binds to
     * @return the route
     * @throws NullPointerException if {@code registry} is null
     */
    public static List<AdminRoute> of(PrometheusMeterRegistry registry) {
        requireNonNull(registry, "registry");
        return List.of(AdminRoute.get(
                "/metrics",
                request -> new AdminResponse(
                        200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8))));
    }
}
