package dev.poolkit.monitor.docs;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.check.HealthChecks;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

public final class QuickStart {

    public static void main(String[] args) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MonitorPool pool =
                        monitorDatabase(new InetSocketAddress("db.internal", 5432), Path.of("db-monitor.yaml"));
                MonitorMetrics metrics = MonitorMetrics.bind(pool, registry);
                MonitorMetrics.Trigger refresh = metrics.collectEvery(Duration.ofSeconds(30))) {
            Thread.sleep(Duration.ofMinutes(1)); // the application runs
            System.out.print(registry.scrape()); // monitor_status{monitor="db"} 2.0, ...
            ShellCommand status = MonitorCommands.of(pool).get(2); // list, info, status, start, stop, restart
            status.run(System.out, System.err, List.of()); // OK - db
        }
    }

    static MonitorPool monitorDatabase(InetSocketAddress database, Path configFile) {
        MonitorPool pool = MonitorPool.create();
        Monitor db = Monitor.builder(Info.of("postgres"))
                .config(MonitorConfig.read(configFile)) // golib's keys; the pool needs its name
                .healthCheck(HealthChecks.tcpConnect(database))
                .build();
        db.addCheckListener(m -> System.out.println(m.toText())); // told after every check
        pool.add(db);
        pool.start(); // the first check runs one interval-check from now
        return pool;
    }
}
