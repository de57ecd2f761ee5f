package dev.poolkit.net.service;

import static dev.poolkit.net.host.HostTestKit.echo;
import static dev.poolkit.net.service.ServiceTestKit.address;
import static dev.poolkit.net.service.ServiceTestKit.config;
import static dev.poolkit.net.service.ServiceTestKit.hostPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.monitor.metrics.PoolMetrics;
import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostTestKit;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.FakeClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ServiceMetrics}: pooly's statsd set as Prometheus text, per-host meters that follow the hosts, promtool. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceMetricsTest {

    private final FakeClock clock = new FakeClock();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @RegisterExtension
    final ServiceFixtures fixtures = new ServiceFixtures();

    private HostAndPort host() {
        return address(fixtures.server());
    }

    private Service service(String name) {
        return fixtures.start(Service.builder(name)
                .ticker(clock)
                .config(config("round-robin", hostPool(2, 0)).build()));
    }

    @Test
    void scrape_afterRequests_showsPoolysMetricsPerHost() throws Exception {
        HostAndPort a = host();
        HostAndPort b = host();
        Service service = service("m");
        service.add(a);
        ServiceMetrics.bind(service, registry);
        service.add(b); // bound when added
        Connection c = service.getConnection();
        clock.advance(Duration.ofMillis(5));
        assertThat(echo(c, "ping")).isEqualTo("ping");
        c.release(null, 1.0);
        Connection broken = service.getConnection();
        broken.release(new IOException("reset"), 1.0);
        clock.advance(Duration.ofMillis(100));
        service.hosts(); // brings the scores up to date

        String scrape = registry.scrape();

        String ta = "{host=\"" + a + "\",service=\"m\"}";
        String tb = "{host=\"" + b + "\",service=\"m\"}";
        assertThat(scrape)
                .contains("poolkit_service_hosts{service=\"m\"} 2.0\n")
                .contains("poolkit_service_conns{service=\"m\"} 1.0\n")
                .contains("poolkit_service_hosts_score" + ta + " 1.0\n")
                .contains("poolkit_service_hosts_score" + tb + " 0.0\n")
                .contains("poolkit_service_hosts_enabled" + ta + " 1.0\n")
                .contains("poolkit_service_hosts_outstanding" + ta + " 0.0\n")
                .contains("poolkit_service_conns_get_total" + ta + " 1.0\n")
                .contains("poolkit_service_conns_get_delay_seconds_count" + ta + " 1\n")
                .contains("poolkit_service_conns_get_fails_total" + ta + " 0.0\n")
                .contains("poolkit_service_conns_put_total" + ta + " 1.0\n")
                .contains("poolkit_service_conns_active_period_seconds_count" + ta + " 1\n")
                .contains("poolkit_service_conns_active_period_seconds_sum" + ta + " 0.005\n")
                .contains("poolkit_service_conns_fails_total" + ta + " 0.0\n")
                .contains("poolkit_service_conns_fails_total" + tb + " 1.0\n")
                .contains("poolkit_pool_size{host=\"" + a + "\",pool=\"m/" + a + "\",service=\"m\"} 1.0\n")
                .contains("poolkit_pool_size{host=\"" + b + "\",pool=\"m/" + b + "\",service=\"m\"} 0.0\n");
        Promtool.assertCheckMetricsClean(scrape);
    }

    @Test
    void remove_host_removesItsMeters() {
        HostAndPort a = host();
        HostAndPort b = host();
        Service service = service("r");
        service.add(a);
        service.add(b);
        ServiceMetrics.bind(service, registry);

        service.remove(b);

        String scrape = registry.scrape();
        assertThat(scrape).contains("host=\"" + a + "\"").doesNotContain("host=\"" + b + "\"");
        assertThat(scrape).contains("poolkit_service_hosts{service=\"r\"} 1.0\n");
        service.add(b); // a new host, bound again under the same tags
        assertThat(registry.scrape()).contains("poolkit_pool_size{host=\"" + b + "\"");
    }

    @Test
    void bind_twice_refused() {
        Service service = service("twice");
        service.add(host());
        ServiceMetrics.bind(service, registry);

        assertThatThrownBy(() -> ServiceMetrics.bind(service, registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service must be bound once per registry, but service 'twice' is already bound;"
                        + " close its ServiceMetrics first, or give the service a name of its own");
        Service sameName = service("twice");
        assertThatThrownBy(() -> ServiceMetrics.bind(sameName, registry)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bind_hostPoolAlreadyBoundElsewhere_refusedWithoutLeftovers() {
        HostAndPort a = host();
        Service service = service("clash");
        service.add(a);
        try (Pool<CountingFactory.Resource> other =
                        Pool.builder(new CountingFactory()).name("clash/" + a).build();
                PoolMetrics squatter = PoolMetrics.bind(
                        other.name(),
                        Tags.of(ServiceMetricNames.TAG_SERVICE, "clash", ServiceMetricNames.TAG_HOST, a.toString()),
                        other::stats,
                        registry)) {

            assertThatThrownBy(() -> ServiceMetrics.bind(service, registry))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pool 'clash/" + a + "' is already bound");
            assertThat(registry.find(ServiceMetricNames.HOSTS).gauges()).isEmpty();
            assertThat(registry.find(ServiceMetricNames.HOST_SCORE).gauges()).isEmpty();
        }
    }

    @Test
    void close_serviceOrBinding_removesEveryMeter() throws Exception {
        Service service = service("closing");
        service.add(host());
        ServiceMetrics binding = ServiceMetrics.bind(service, registry);

        binding.close();
        assertThat(registry.getMeters()).isEmpty();
        service.getConnection().release(); // the service goes on without meters
        ServiceMetrics.bind(service, registry);
        service.add(host());
        assertThat(registry.getMeters()).isNotEmpty();

        service.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThatThrownBy(() -> ServiceMetrics.bind(service, registry)).isInstanceOf(PoolClosedException.class);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void scrape_manyHostsAndStates_passesPromtool() throws Exception {
        Service service = service("lint");
        ServiceMetrics.bind(service, registry);
        for (int i = 0; i < 3; i++) {
            service.add(host());
        }
        service.add(address(HostTestKit.refusingAddress()));
        for (int i = 0; i < 8; i++) {
            service.getConnection().release(null, 0.5);
        }
        service.disable(service.status().keySet().iterator().next());

        Promtool.assertCheckMetricsClean(registry.scrape());
    }
}
