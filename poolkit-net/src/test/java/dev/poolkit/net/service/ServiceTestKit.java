package dev.poolkit.net.service;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.strategy.RoundRobin;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.host.HostTestKit;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.LoopbackServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared fixtures of the service tests. */
final class ServiceTestKit {

    private ServiceTestKit() {}

    static HostAndPort address(LoopbackServer server) {
        return new HostAndPort("127.0.0.1", server.port());
    }

    static HostAndPort address(InetSocketAddress address) {
        return new HostAndPort("127.0.0.1", address.getPort());
    }

    /** Per-host pools for tests: the given sizes, a 5 s acquire timeout, no idle timeout. */
    static HostPoolConfig hostPool(int maxSize, int minIdle) {
        return HostTestKit.config(HostTestKit.pool(maxSize, minIdle)).build();
    }

    static HostPoolConfig hostPool(PoolConfig.Builder pool) {
        return HostTestKit.config(pool).build();
    }

    static ServiceConfig.Builder config(String strategy, HostPoolConfig hostPool) {
        return ServiceConfig.builder().strategy(strategy).hostPool(hostPool);
    }

    /** pooly's round-robin, recording every selection and feedback as text. */
    static final class RecordingStrategy implements Strategy, StrategyFactory {
        private final Strategy delegate = new RoundRobin();
        private final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Strategy create(java.util.random.RandomGenerator random, dev.poolkit.balance.Ticker ticker) {
            return this;
        }

        @Override
        public Host select(List<Host> candidates) {
            Host host = delegate.select(candidates);
            events.add("select " + host.name() + " outstanding=" + host.outstanding());
            return host;
        }

        @Override
        public void feedback(Host host, double reward, long latencyNanos) {
            events.add("feedback " + host.name() + " " + reward + " "
                    + Duration.ofNanos(latencyNanos).toMillis()
                    + "ms outstanding="
                    + host.outstanding());
        }

        @Override
        public String name() {
            return "recording";
        }

        List<String> events() {
            return List.copyOf(events);
        }
    }
}
