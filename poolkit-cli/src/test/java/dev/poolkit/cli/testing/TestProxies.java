package dev.poolkit.cli.testing;

import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.proxy.Proxy;
import dev.poolkit.cli.proxy.ProxyConfig;
import dev.poolkit.cli.proxy.ProxyMetrics;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.Status;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.service.HostStatus;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Real in-process proxies over loopback backends, for the tests of the admin endpoint's clients. */
public final class TestProxies {

    private TestProxies() {}

    /**
     * Starts a round-robin proxy over {@code backends} (pools of at most 4 connections, a monitor
     * check every 100 ms, scores over a one-hour window) with its admin endpoint on a free loopback port, and waits until every
     * monitor is OK and every backend in rotation: until then a monitor still rising from its
     * initial KO may take a backend out of rotation or put it back.
     *
     * @param minIdle the connections each backend's pool keeps ready
     * @param token the admin endpoint's bearer token, if any
     * @param backends the backends, in order
     * @return the running proxy; the caller closes it
     * @throws IOException if a loopback port cannot be bound
     */
    public static Proxy start(int minIdle, Optional<String> token, List<LoopbackServer> backends) throws IOException {
        AdminConfig admin = AdminConfig.of(new InetSocketAddress("127.0.0.1", 0));
        Proxy proxy = Proxy.start(
                ProxyConfig.builder()
                        .listen(new InetSocketAddress("127.0.0.1", 0))
                        .backends(backends.stream().map(TestProxies::address).toList())
                        // a one-hour decay window: a score's time slot does not move on during a test
                        .service(ProxyConfig.DEFAULT_SERVICE.toBuilder()
                                .hostScore(HostScoreConfig.builder()
                                        .decayDuration(Duration.ofHours(1))
                                        .build())
                                .build())
                        .strategy("round-robin")
                        .pool(PoolConfig.builder().maxSize(4).minIdle(minIdle).build())
                        .monitor(MonitorConfig.builder()
                                .intervalCheck(Duration.ofMillis(100))
                                .checkTimeout(Duration.ofSeconds(1))
                                .build())
                        .admin(Optional.of(token.map(admin::withToken).orElse(admin)))
                        .build(),
                ProxyMetrics.newRegistry());
        try {
            Awaits.await().until(() -> settled(proxy));
        } catch (RuntimeException | Error e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private static boolean settled(Proxy proxy) {
        return proxy.monitors().names().stream()
                        .allMatch(name -> proxy.monitors()
                                .get(name)
                                .map(m -> m.status() == Status.OK)
                                .orElse(false))
                && proxy.service().hosts().stream().allMatch(HostStatus::enabled);
    }

    /**
     * The backend's address as the proxy names it, in its service and its monitors.
     *
     * @param server a loopback server
     * @return {@code 127.0.0.1:<port>}
     */
    public static HostAndPort address(LoopbackServer server) {
        return HostAndPort.parse("127.0.0.1:" + server.port());
    }

    /**
     * The proxy's admin endpoint's base URL.
     *
     * @param proxy a proxy started by {@link #start}
     * @return the URL, such as {@code http://127.0.0.1:41234}
     */
    public static String adminUrl(Proxy proxy) {
        return proxy.adminUrl().orElseThrow();
    }
}
