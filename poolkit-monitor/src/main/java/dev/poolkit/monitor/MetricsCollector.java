package dev.poolkit.monitor;

import java.util.List;

/**
 * golib's per-monitor metrics hook ({@code RegisterCollectMetrics}): called after every check with
 * the metric names registered on the monitor, and only when at least one name is registered.
 *
 * <p><b>Runs on the check's thread; it must be fast and must not block.</b> An exception it throws is
 * logged at WARN and ignored.
 */
@FunctionalInterface
public interface MetricsCollector {

    /**
     * Collects the named metrics of a monitor.
     *
     * @param monitor the monitor that just recorded a result
     * @param metricNames the registered names, in registration order, never empty
     */
    void collect(Monitor monitor, List<String> metricNames);
}
