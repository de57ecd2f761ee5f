package dev.poolkit.monitor.metrics;

import dev.poolkit.monitor.HealthCheck;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;

/** Builds monitors with exact uptime and downtime by driving a fake clock. */
final class MetricsFixture {

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);

    Monitor monitor(String name, MonitorConfig.Builder cfg, HealthCheck check) {
        return Monitor.builder(Info.of(name))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .config(cfg.name(name).build())
                .healthCheck(check)
                .build();
    }

    void step(Duration d) {
        clock.advance(d);
        scheduler.runDue();
    }

    /**
     * Adds to {@code pool}, then drives, a monitor with downtime 10 s and uptime 90 s, status OK (counts 1): a 5 s check interval and a
     * 5 s rise interval credit 5 + 5 s to KO and Warn, then 18 checks of 5 s credit 90 s to OK.
     */
    static Monitor up90down10(String name, MonitorPool pool) {
        MetricsFixture f = new MetricsFixture();
        Monitor m = f.monitor(
                name,
                MonitorConfig.builder().intervalCheck(Duration.ofSeconds(5)).intervalRise(Duration.ofSeconds(5)),
                ctx -> {});
        pool.add(m);
        m.start();
        for (int i = 0; i < 20; i++) {
            f.step(Duration.ofSeconds(5));
        }
        m.stop();
        return m;
    }

    /**
     * A monitor whose availability reaches the clamp: 2 µs of downtime (the creation gap and the rise
     * step), then 30 days of uptime.
     */
    static Monitor upThirtyDaysDownTwoMicros(String name, MonitorPool pool) {
        MetricsFixture f = new MetricsFixture();
        Monitor m = f.monitor(
                name,
                MonitorConfig.builder().intervalCheck(Duration.ofNanos(1000)).intervalRise(Duration.ofNanos(1000)),
                ctx -> {});
        pool.add(m);
        m.start();
        f.step(Duration.ofNanos(1000)); // KO -> Warn
        f.step(Duration.ofNanos(1000)); // Warn -> OK, next check in 1 µs
        m.setConfig(m.config().toBuilder().intervalCheck(Duration.ofDays(30)).build());
        f.step(Duration.ofNanos(1000)); // OK: +1 µs, next check in 30 days
        f.step(Duration.ofDays(30).minusNanos(1000)); // not yet due
        f.step(Duration.ofNanos(1000)); // OK: +30 days
        m.stop();
        return m;
    }
}
