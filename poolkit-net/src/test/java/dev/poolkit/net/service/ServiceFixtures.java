package dev.poolkit.net.service;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.Threads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Loopback echo servers and services for a test, as a JUnit 5 extension: after each test every
 * service is closed, every server must have seen all its connections closed, and no {@code
 * poolkit-} thread may remain.
 */
final class ServiceFixtures implements AfterEachCallback {

    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final List<LoopbackServer> servers = new CopyOnWriteArrayList<>();

    /** Starts an echo server that is checked and stopped after the test. */
    LoopbackServer server() {
        LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
        servers.add(server);
        return server;
    }

    /** Builds a service that is closed after the test. */
    Service start(Service.Builder builder) {
        Service service = builder.build();
        services.add(service);
        return service;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        services.forEach(Service::close);
        for (LoopbackServer server : servers) {
            Awaits.await().until(() -> server.openConnections() == 0);
            server.close();
        }
        services.clear();
        servers.clear();
        Threads.assertNoPoolkitThreads();
    }
}
