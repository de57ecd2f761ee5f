package dev.poolkit.cli.tunnel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The meters of one end of {@code poolkit tunnel} beside its tunnel pool's own ({@code
 * TunnelPoolMetrics}), all tagged {@code side} ({@code server}/{@code client}). In Prometheus text:
 * {@code poolkit_tunnel_relays_total{outcome="paired"|"failed"}}, {@code poolkit_tunnel_relays_active},
 * {@code poolkit_tunnel_relayed_bytes_total{direction="up"|"down"}} (up: from the local client towards
 * the target), {@code poolkit_tunnel_control_connected} (1 while the control connection is up) and
 * {@code poolkit_tunnel_control_refused_total} (control connections refused or failed).
 *
 * <p>Thread-safe.
 */
final class RelayMetrics {

    static final String RELAYS = "poolkit.tunnel.relays";
    static final String RELAYS_ACTIVE = "poolkit.tunnel.relays.active";
    static final String RELAYED_BYTES = "poolkit.tunnel.relayed";
    static final String CONTROL_CONNECTED = "poolkit.tunnel.control.connected";
    static final String CONTROL_REFUSED = "poolkit.tunnel.control.refused";

    final Counter paired;
    final Counter failed;
    final Counter up;
    final Counter down;
    final Counter controlRefused;
    final AtomicInteger active = new AtomicInteger();

    RelayMetrics(MeterRegistry registry, String side, BooleanSupplier controlConnected) {
        paired = Counter.builder(RELAYS)
                .description("Local connections relayed over a paired tunnel connection, or failed to pair")
                .tags("side", side, "outcome", "paired")
                .register(registry);
        failed = Counter.builder(RELAYS)
                .description("Local connections relayed over a paired tunnel connection, or failed to pair")
                .tags("side", side, "outcome", "failed")
                .register(registry);
        up = Counter.builder(RELAYED_BYTES)
                .description("Bytes relayed from local clients towards the target (up) and back (down)")
                .baseUnit("bytes")
                .tags("side", side, "direction", "up")
                .register(registry);
        down = Counter.builder(RELAYED_BYTES)
                .description("Bytes relayed from local clients towards the target (up) and back (down)")
                .baseUnit("bytes")
                .tags("side", side, "direction", "down")
                .register(registry);
        controlRefused = Counter.builder(CONTROL_REFUSED)
                .description("Control connections refused (allow-list, protocol, TLS) or that failed to open")
                .tags("side", side)
                .register(registry);
        Gauge.builder(RELAYS_ACTIVE, active, AtomicInteger::get)
                .description("Relays in progress")
                .tags("side", side)
                .register(registry);
        // the gauge holds the supplier strongly, so the tunnel end stays reachable as long as the registry
        Gauge.builder(CONTROL_CONNECTED, controlConnected, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while the control connection between client and server is up, else 0")
                .tags("side", side)
                .strongReference(true)
                .register(registry);
    }
}
