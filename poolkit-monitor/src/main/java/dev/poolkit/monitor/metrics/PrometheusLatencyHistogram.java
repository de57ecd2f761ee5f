package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.MonitorMetricNames.*;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The latency histogram as a Prometheus client histogram with golib's 16 bounds, {@code 0}
 * included, registered in the Prometheus registry behind a {@link PrometheusMeterRegistry}, so that
 * {@link PrometheusMeterRegistry#scrape()} renders it with the Micrometer meters. Loaded only when
 * such a registry is used.
 */
final class PrometheusLatencyHistogram implements LatencyHistogram {

    private final PrometheusRegistry registry;
    private final Histogram histogram;

    private PrometheusLatencyHistogram(PrometheusRegistry registry, Histogram histogram) {
        this.registry = registry;
        this.histogram = histogram;
    }

    static LatencyHistogram create(MeterRegistry meterRegistry) {
        PrometheusRegistry registry = ((PrometheusMeterRegistry) meterRegistry).getPrometheusRegistry();
        double[] bounds = LATENCY_BUCKETS.stream().mapToDouble(Sli::seconds).toArray();
        Histogram h = Histogram.builder()
                .name("monitor_latency_seconds")
                .help(HELP_LATENCY)
                .labelNames(TAG_MONITOR)
                .classicOnly()
                .classicUpperBounds(bounds)
                .withoutExemplars()
                .build();
        registry.register(h);
        return new PrometheusLatencyHistogram(registry, h);
    }

    @Override
    public void record(String monitor, Duration latency) {
        histogram.labelValues(monitor).observe(Sli.seconds(latency));
    }

    @Override
    public void remove(String monitor) {
        histogram.remove(monitor);
    }

    @Override
    public void close() {
        registry.unregister(histogram);
    }
}
