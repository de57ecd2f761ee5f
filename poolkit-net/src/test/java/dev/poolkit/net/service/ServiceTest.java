package dev.poolkit.net.service;

import static dev.poolkit.net.host.HostTestKit.echo;
import static dev.poolkit.net.service.ServiceTestKit.address;
import static dev.poolkit.net.service.ServiceTestKit.config;
import static dev.poolkit.net.service.ServiceTestKit.hostPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.strategy.RoundRobin;
import dev.poolkit.net.Dialer;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostTestKit;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.BlackholeServer;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Service} against real loopback servers: pooly's service scenarios PY-10 and PY-14 in Java
 * form, the balance protocol around every request, host management, closing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceTest {

    @RegisterExtension
    final ServiceFixtures fixtures = new ServiceFixtures();

    private LoopbackServer server() {
        return fixtures.server();
    }

    private Service start(Service.Builder builder) {
        return fixtures.start(builder);
    }

    private Service roundRobin(String name) {
        return start(Service.builder(name)
                .config(config("round-robin", hostPool(4, 0)).build()));
    }

    private static HostAndPort hostOf(Connection c) {
        return new HostAndPort("127.0.0.1", c.address().getPort());
    }

    /** One request through the service: lease, echo, release with HOST_UP; returns the host it went to. */
    private static HostAndPort request(Service service) throws Exception {
        Connection c = service.getConnection();
        assertThat(echo(c, "ping")).isEqualTo("ping");
        c.release(null, 1.0);
        return hostOf(c);
    }

    // ---------------------------------------------------------------- PY-10

    /** PY-10: round-robin in insertion order, with pooly's ghost slot of a removed host and a new slot for its return. */
    @Test
    void getConnection_roundRobinWithRemoveAndAdd_followsPoolysSequence() throws Exception {
        HostAndPort e1 = address(server());
        HostAndPort e2 = address(server());
        HostAndPort e3 = address(server());
        Service service = roundRobin("py10");
        service.add(e1);
        service.add(e2);
        service.add(e3);

        List<HostAndPort> picks = new ArrayList<>();
        picks.add(request(service));
        picks.add(request(service));
        service.remove(e3);
        picks.add(request(service));
        service.add(e3);
        picks.add(request(service));
        picks.add(request(service));
        picks.add(request(service));

        assertThat(picks).containsExactly(e1, e2, e1, e2, e3, e1);
    }

    // ---------------------------------------------------------------- PY-14

    /** PY-14, empty service: every try finds no host; pooly's message. */
    @Test
    void getConnection_noHosts_failsAfterEveryTry() {
        Service service = start(Service.builder("svc"));

        assertThatThrownBy(service::getConnection)
                .isInstanceOfSatisfying(NoHostAvailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(4);
                    assertThat(e.poolName()).isEqualTo("svc");
                })
                .hasMessage("Service 'svc': no host available")
                .hasNoCause();
    }

    /**
     * PY-14, one host whose pool times out: four tries, each one rates the host HOST_DOWN in its
     * current slot (its score computes to exactly 0) and feeds the strategy a failure; the last
     * pool error is the cause.
     */
    @Test
    void getConnection_hostTimesOut_ratesItDownOncePerTry() throws Exception {
        FakeClock clock = new FakeClock();
        ServiceTestKit.RecordingStrategy strategy = new ServiceTestKit.RecordingStrategy();
        try (BlackholeServer hole = BlackholeServer.start()) {
            HostAndPort host = address(hole.address());
            Service service = start(Service.builder("svc")
                    .ticker(clock)
                    .strategy(strategy)
                    .config(ServiceConfig.builder()
                            .hostPool(HostTestKit.config(HostTestKit.pool(1, 0).acquireTimeout(Duration.ofMillis(10)))
                                    .dialer(DialerConfig.builder()
                                            .connectTimeout(Duration.ofSeconds(20))
                                            .build())
                                    .build())
                            .build()));
            service.add(host);

            assertThatThrownBy(service::getConnection)
                    .isInstanceOfSatisfying(NoHostAvailableException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(4);
                        assertThat(e.getSuppressed()).hasSize(3).allMatch(s -> s instanceof PoolTimeoutException);
                    })
                    .hasMessage("Service 'svc': no host available after 4 tries; last: Pool 'svc/" + host
                            + "' timed out after 10 ms (size=1/1, idle=0, leased=0, waiting=0)")
                    .hasCauseInstanceOf(PoolTimeoutException.class);

            assertThat(strategy.events())
                    .filteredOn(e -> e.startsWith("feedback"))
                    .containsExactly(
                            "feedback " + host + " 0.0 0ms outstanding=0",
                            "feedback " + host + " 0.0 0ms outstanding=0",
                            "feedback " + host + " 0.0 0ms outstanding=0",
                            "feedback " + host + " 0.0 0ms outstanding=0");
            clock.advance(Duration.ofMillis(100)); // one memoize interval, no decay yet: slot 0 only
            HostStatus status = service.hosts().get(0);
            assertThat(status.score()).isEqualTo(0.0);
            assertThat(status.getFailures()).isEqualTo(4);
            assertThat(status.outstanding()).isZero();
            service.close(); // interrupts the dial still hanging
        }
    }

    // ---------------------------------------------------------------- the balance protocol

    @Test
    void getConnection_success_beginsThenEndsRatesAndFeedsBack() throws Exception {
        FakeClock clock = new FakeClock();
        ServiceTestKit.RecordingStrategy strategy = new ServiceTestKit.RecordingStrategy();
        HostAndPort host = address(server());
        Service service = start(Service.builder("protocol")
                .ticker(clock)
                .strategy(strategy)
                .config(ServiceConfig.builder().hostPool(hostPool(2, 0)).build()));
        service.add(host);

        Connection c = service.getConnection();
        assertThat(service.hosts().get(0).outstanding()).isEqualTo(1);
        clock.advance(Duration.ofMillis(5));
        c.release(null, 0.5);

        assertThat(strategy.events())
                .containsExactly("select " + host + " outstanding=0", "feedback " + host + " 0.5 5ms outstanding=0");
        HostStatus status = service.hosts().get(0);
        assertThat(status.outstanding()).isZero();
        assertThat(status.requests()).isEqualTo(1);
        assertThat(status.releases()).isEqualTo(1);
        assertThat(status.share()).isEqualTo(1.0);
        clock.advance(Duration.ofMillis(100));
        assertThat(service.hosts().get(0).score()).isEqualTo(0.5);
    }

    @Test
    void getConnection_firstHostRefuses_triesTheNextHost() throws Exception {
        HostAndPort dead = address(HostTestKit.refusingAddress());
        HostAndPort alive = address(server());
        Service service = roundRobin("failover");
        service.add(dead);
        service.add(alive);

        assertThat(request(service)).isEqualTo(alive);

        List<HostStatus> hosts = service.hosts();
        assertThat(hosts.get(0).getFailures()).isEqualTo(1);
        assertThat(hosts.get(0).failures()).isEqualTo(3); // three dials
        assertThat(hosts.get(0).pool().lastDialFailure()).startsWith("java.net.ConnectException: connect to ");
        assertThat(hosts.get(1).requests()).isEqualTo(1);
    }

    @Test
    void getConnection_noRetries_failsOnTheFirstFailedTry() throws Exception {
        HostAndPort dead = address(HostTestKit.refusingAddress());
        Service service = start(Service.builder("once")
                .config(config("round-robin", hostPool(1, 0)).getAttempts(0).build()));
        service.add(dead);
        service.add(address(server()));

        assertThatThrownBy(service::getConnection)
                .isInstanceOfSatisfying(
                        NoHostAvailableException.class,
                        e -> assertThat(e.attempts()).isEqualTo(1))
                .hasCauseInstanceOf(ResourceCreationException.class);
    }

    @Test
    void getConnection_interrupted_endsTheRequestWithoutScoring() throws Exception {
        ServiceTestKit.RecordingStrategy strategy = new ServiceTestKit.RecordingStrategy();
        HostAndPort host = address(server());
        Service service = start(Service.builder("interrupt")
                .strategy(strategy)
                .config(ServiceConfig.builder().hostPool(hostPool(1, 0)).build()));
        service.add(host);
        Connection held = service.getConnection();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                service.getConnection();
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        Awaits.await().until(() -> service.hosts().get(0).pool().waiting() == 1);

        waiter.interrupt();
        waiter.join();

        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(service.hosts().get(0).outstanding()).isEqualTo(1); // only the held one
        assertThat(strategy.events()).noneMatch(e -> e.startsWith("feedback"));
        held.release();
    }

    @Test
    void getConnection_strategyFeedbackThrows_theRequestStillSucceeds() throws Exception {
        HostAndPort dead = address(HostTestKit.refusingAddress());
        HostAndPort alive = address(server());
        Strategy throwing = new Strategy() {
            private final Strategy roundRobin = new RoundRobin();

            @Override
            public Host select(List<Host> candidates) {
                return roundRobin.select(candidates);
            }

            @Override
            public void feedback(Host host, double reward, long latencyNanos) {
                throw new IllegalStateException("strategy bug");
            }

            @Override
            public String name() {
                return "throwing";
            }
        };
        Service service = start(Service.builder("buggy")
                .strategy((random, ticker) -> throwing)
                .config(ServiceConfig.builder().hostPool(hostPool(1, 0)).build()));
        service.add(dead);
        service.add(alive);

        Connection c = service.getConnection(); // the dead host's failed try calls feedback
        c.release(); // and so does the release

        assertThat(hostOf(c)).isEqualTo(alive);
        assertThat(service.hosts().get(1).releases()).isEqualTo(1);
    }

    @Test
    void getConnection_strategySelectsAStranger_fails() {
        Host stranger = Host.of("stranger:1", System::nanoTime);
        Service service = start(Service.builder("stranger").strategy((random, ticker) -> new Strategy() {
            @Override
            public Host select(List<Host> candidates) {
                return stranger;
            }

            @Override
            public String name() {
                return "stranger";
            }
        }));
        service.add(address(server()));

        assertThatThrownBy(service::getConnection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("strategy stranger selected stranger:1, which is not one of the candidates");
        assertThat(service.hosts().get(0).outstanding()).isZero();
    }

    // ---------------------------------------------------------------- hosts

    @Test
    void add_existingHost_isIgnored_andRemoveMissing_isIgnored() {
        HostAndPort host = address(server());
        Service service = roundRobin("dupes");

        assertThat(service.add(host)).isTrue();
        assertThat(service.add(host)).isFalse();
        assertThat(service.remove(new HostAndPort("127.0.0.1", 1))).isFalse();
        assertThat(service.disable(new HostAndPort("127.0.0.1", 1))).isFalse();
        assertThat(service.enable(new HostAndPort("127.0.0.1", 1))).isFalse();
        assertThat(service.status()).containsOnlyKeys(host);
    }

    /** pooly's Status(): each host with its connection count; the default prespawn dials one (PY: {addr: 1}). */
    @Test
    void status_defaultPrespawn_showsOneConnectionPerHost() {
        HostAndPort a = address(server());
        HostAndPort b = address(server());
        Service service = start(Service.builder("status"));
        service.add(a);
        service.add(b);

        Awaits.await().until(() -> service.status().equals(Map.of(a, 1, b, 1)));
        assertThat(service.status().keySet()).containsExactly(a, b);
    }

    @Test
    void hostPools_customizer_buildsEveryHostsPoolButTheServiceNamesIt() throws Exception {
        HostTestKit.CountingDialer dialer = new HostTestKit.CountingDialer(Dialer.tcp());
        HostAndPort a = address(server());
        HostAndPort b = address(server());
        Service service = start(Service.builder("custom")
                .hostPools(pool -> pool.dialer(dialer).name("ignored"))
                .config(config("round-robin", hostPool(1, 0)).build()));
        service.add(a);
        service.add(b);

        request(service);
        request(service);

        assertThat(dialer.calls()).isEqualTo(2);
        assertThat(service.hosts()).extracting(h -> h.pool().name()).containsExactly("custom/" + a, "custom/" + b);
    }

    @Test
    void disable_host_leavesRotationButKeepsPoolAndScore() throws Exception {
        FakeClock clock = new FakeClock();
        HostAndPort a = address(server());
        HostAndPort b = address(server());
        Service service = start(Service.builder("health")
                .ticker(clock)
                .config(config("round-robin", hostPool(2, 1)).build()));
        service.add(a);
        service.add(b);
        request(service);
        clock.advance(Duration.ofMillis(100));
        double score = service.hosts().get(0).score();
        Awaits.await().until(() -> service.hosts().get(0).pool().idle() >= 1);
        int idle = service.hosts().get(0).pool().idle();

        assertThat(service.disable(a)).isTrue();
        assertThat(service.disable(a)).isTrue();

        for (int i = 0; i < 4; i++) {
            assertThat(request(service)).isEqualTo(b);
        }
        HostStatus disabled = service.hosts().get(0);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.score()).isEqualTo(score);
        assertThat(disabled.pool().idle()).isEqualTo(idle);

        assertThat(service.enable(a)).isTrue();
        List<HostAndPort> picks = List.of(request(service), request(service));
        assertThat(picks).contains(a);
        assertThat(service.hosts().get(0).enabled()).isTrue();
    }

    /** A removed host drains: a leased connection keeps working and is closed when it comes back. */
    @Test
    void remove_withALeasedConnection_drainsGracefully() throws Exception {
        LoopbackServer server = server();
        HostAndPort host = address(server);
        Service service = roundRobin("drain");
        service.add(host);
        Connection c = service.getConnection();

        assertThat(service.remove(host)).isTrue();

        assertThat(service.status()).isEmpty();
        assertThat(echo(c, "still here")).isEqualTo("still here");
        assertThatThrownBy(service::getConnection).isInstanceOf(NoHostAvailableException.class);
        c.release();
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void remove_leaseHeldPastTheCloseDeadline_isClosed() throws Exception {
        LoopbackServer server = server();
        HostAndPort host = address(server);
        Service service = start(Service.builder("deadline")
                .config(config("round-robin", hostPool(2, 0))
                        .closeDeadline(Duration.ofMillis(50))
                        .build()));
        service.add(host);
        Connection c = service.getConnection();

        service.remove(host);

        Awaits.await().until(() -> server.openConnections() == 0);
        assertThat(c.isActive()).isTrue(); // its holder finds a closed socket
        c.release();
    }

    @Test
    void add_afterRemove_isANewHost() throws Exception {
        HostAndPort host = address(server());
        Service service = roundRobin("readd");
        service.add(host);
        request(service);
        service.remove(host);

        service.add(host);

        HostStatus fresh = service.hosts().get(0);
        assertThat(fresh.requests()).isZero();
        assertThat(fresh.score()).isEqualTo(-1.0);
        assertThat(request(service)).isEqualTo(host);
    }

    @Test
    void add_manyThreadsAtOnce_everyHostAddedOnce() throws Exception {
        List<HostAndPort> hosts = List.of(address(server()), address(server()), address(server()));
        Service service = roundRobin("concurrent");
        List<CompletableFuture<Boolean>> adds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            HostAndPort host = hosts.get(i % 3);
            adds.add(CompletableFuture.supplyAsync(() -> service.add(host)));
        }

        long added = adds.stream().filter(CompletableFuture::join).count();

        assertThat(added).isEqualTo(3);
        assertThat(service.status().keySet()).containsExactlyInAnyOrderElementsOf(hosts);
    }

    // ---------------------------------------------------------------- closing

    @Test
    void close_thenEveryCall_failsFast() throws Exception {
        LoopbackServer server = server();
        HostAndPort host = address(server);
        Service service = roundRobin("closed");
        service.add(host);
        Connection leased = service.getConnection();

        service.close();

        String closed = "Pool 'closed' is closed";
        assertThatThrownBy(service::getConnection)
                .isInstanceOf(PoolClosedException.class)
                .hasMessage(closed);
        assertThatThrownBy(() -> service.add(host))
                .isInstanceOf(PoolClosedException.class)
                .hasMessage(closed);
        assertThatThrownBy(() -> service.remove(host)).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> service.disable(host)).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> service.enable(host)).isInstanceOf(PoolClosedException.class);
        assertThat(service.isClosed()).isTrue();
        assertThat(service.status()).containsOnlyKeys(host);
        assertThat(echo(leased, "late")).isEqualTo("late");
        leased.release();
        Awaits.await().until(() -> server.openConnections() == 0);
        service.close();
    }

    @Test
    void close_withTimeout_closesLeasesStillOutAfterIt() throws Exception {
        LoopbackServer server = server();
        HostAndPort host = address(server);
        Service service = roundRobin("forced");
        service.add(host);
        Connection leased = service.getConnection();

        assertThat(service.close(Duration.ofMillis(50))).isFalse();

        Awaits.await().until(() -> server.openConnections() == 0);
        assertThat(leased.socket().isClosed()).isTrue();
        leased.release();
    }

    @Test
    void close_withTimeoutAndNothingLeased_reportsClean() throws Exception {
        Service service = roundRobin("tidy");
        service.add(address(server()));
        request(service);

        assertThat(service.close(Duration.ofSeconds(5))).isTrue();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void builder_blankName_rejected() {
        assertThatThrownBy(() -> Service.builder(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ''");
        assertThatThrownBy(() -> Service.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void add_portOutOfRange_rejectedByTheAddress() {
        assertThatThrownBy(() -> HostAndPort.parse("127.0.0.1:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, but was 0 in '127.0.0.1:0'");
        assertThatThrownBy(() -> new HostAndPort("127.0.0.1", 65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, but was 65536");
        Service service = roundRobin("nulls");
        assertThatThrownBy(() -> service.add(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void strategy_fromTheRegistryByName() {
        Service service = start(Service.builder("named")
                .config(ServiceConfig.builder().strategy("softmax(0.1)").build()));
        assertThat(service.strategy().name()).isEqualTo("softmax(0.1)");
        assertThat(start(Service.builder("default")).strategy().name()).isEqualTo("thompson-cd");
    }

    @Test
    void request_ioFailureOnTheConnection_scoresTheHostDown() throws Exception {
        LoopbackServer server = server();
        HostAndPort host = address(server);
        FakeClock clock = new FakeClock();
        Service service = start(Service.builder("fatal")
                .ticker(clock)
                .config(config("round-robin", hostPool(2, 0)).build()));
        service.add(host);
        Connection c = service.getConnection();

        c.release(new IOException("connection reset"), 1.0);

        clock.advance(Duration.ofMillis(100));
        HostStatus status = service.hosts().get(0);
        assertThat(status.score()).isEqualTo(0.0);
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.pool().fatalReleases()).isEqualTo(1);
    }
}
