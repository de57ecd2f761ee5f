package dev.poolkit.cli.testing;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.service.Service;
import dev.poolkit.net.service.ServiceConfig;
import dev.poolkit.pool.PoolConfig;
import dev.poolkit.pool.testing.LoopbackServer;
import java.util.List;

/** Real services over loopback backends, for the admin endpoint's tests. */
public final class TestServices {

    private TestServices() {}

    /**
     * A round-robin service over {@code backends}, pools of at most 4 connections.
     *
     * @param name the service's name
     * @param minIdle the connections each host's pool keeps ready
     * @param backends the hosts, added in order
     * @return the service; the caller closes it
     */
    public static Service roundRobin(String name, int minIdle, List<LoopbackServer> backends) {
        Service service = Service.builder(name)
                .config(ServiceConfig.builder()
                        .strategy("round-robin")
                        .hostPool(HostPoolConfig.builder()
                                .pool(PoolConfig.builder()
                                        .maxSize(4)
                                        .minIdle(minIdle)
                                        .build())
                                .build())
                        .build())
                .build();
        for (LoopbackServer backend : backends) {
            service.add(address(backend));
        }
        return service;
    }

    /**
     * The backend's address as the service names it.
     *
     * @param server a loopback server
     * @return {@code 127.0.0.1:<port>}
     */
    public static HostAndPort address(LoopbackServer server) {
        return HostAndPort.parse("127.0.0.1:" + server.port());
    }
}
