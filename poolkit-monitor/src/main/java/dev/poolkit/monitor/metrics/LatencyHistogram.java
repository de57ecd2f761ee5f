package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.MonitorMetricNames.*;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code monitor_latency_seconds} histogram, per monitor. Two implementations: on a Prometheus
 * registry, a Prometheus client histogram registered next to the Micrometer meters, because it can
 * have golib's {@code le="0"} bucket, which Micrometer rejects (SLO boundaries must be positive);
 * on any other registry, a Micrometer timer with golib's 15 positive bounds.
 */
interface LatencyHistogram {

    /** Records one check's latency for a monitor. */
    void record(String monitor, Duration latency);

    /** Removes a monitor's series. */
    void remove(String monitor);

    /** Removes every series and the histogram itself. */
    void close();

    static LatencyHistogram create(MeterRegistry registry) {
        for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
            // by name: the Prometheus registry is an optional dependency and may be absent
            if (c.getName().equals("io.micrometer.prometheusmetrics.PrometheusMeterRegistry")) {
                return PrometheusLatencyHistogram.create(registry);
            }
        }
        return new MicrometerLatencyHistogram(registry);
    }

    /** Micrometer timers; the 0 bound is left out (Micrometer requires positive bounds). */
    final class MicrometerLatencyHistogram implements LatencyHistogram {
        private static final Duration[] BOUNDS =
                LATENCY_BUCKETS.stream().filter(d -> !d.isZero()).toArray(Duration[]::new);

        private final MeterRegistry registry;
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        MicrometerLatencyHistogram(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void record(String monitor, Duration latency) {
            timers.computeIfAbsent(
                            monitor,
                            m -> Timer.builder(LATENCY)
                                    .description(HELP_LATENCY)
                                    .tag(TAG_MONITOR, m)
                                    .serviceLevelObjectives(BOUNDS)
                                    .register(registry))
                    .record(latency);
        }

        @Override
        public void remove(String monitor) {
            Timer t = timers.remove(monitor);
            if (t != null) {
                registry.remove(t);
            }
        }

        @Override
        public void close() {
            timers.keySet().forEach(this::remove);
        }
    }
}
