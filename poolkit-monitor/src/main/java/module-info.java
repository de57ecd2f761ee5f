/**
 * poolkit's health monitors: {@code dev.poolkit.monitor} (monitors, their configuration and the
 * monitor pool), {@code .check} (ready-made health checks), {@code .shell} (golib's shell commands
 * over a monitor pool) and {@code .metrics} (Micrometer binders for monitor pools and core pools).
 * The engine package {@code dev.poolkit.monitor.internal} is not exported.
 *
 * <p>Core and Micrometer are transitive: the API takes core's {@code Pool}, {@code Scheduler} and
 * {@code Ticker}, and Micrometer's {@code MeterRegistry}. A Prometheus registry is the user's
 * choice; nothing here needs one.
 */
@SuppressWarnings("requires-transitive-automatic") // Micrometer ships no module-info, only a module name
module dev.poolkit.monitor {
    requires transitive dev.poolkit.pool;
    requires transitive micrometer.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.net.http;
    requires org.slf4j;

    exports dev.poolkit.monitor;
    exports dev.poolkit.monitor.check;
    exports dev.poolkit.monitor.metrics;
    exports dev.poolkit.monitor.shell;
}
