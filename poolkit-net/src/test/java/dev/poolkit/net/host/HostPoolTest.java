package dev.poolkit.net.host;

import static dev.poolkit.net.host.HostTestKit.awaitEndOfStream;
import static dev.poolkit.net.host.HostTestKit.config;
import static dev.poolkit.net.host.HostTestKit.echo;
import static dev.poolkit.net.host.HostTestKit.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.DialerConfig;
import dev.poolkit.pool.PoolClosedException;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.BlackholeServer;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.LoopbackServer;
import dev.poolkit.pool.testing.ManualScheduler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HostPool} against real loopback servers: pooly's pool scenarios PY-1 to PY-8 in Java form,
 * dialling, and bad input. Where core's semantics replace Go's, the test says so.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostPoolTest {

    @RegisterExtension
    final HostPoolInvariants invariants = new HostPoolInvariants();

    private HostPool start(LoopbackServer server, String name, HostPoolConfig config) {
        return invariants.track(
                HostPool.builder(server.address()).name(name).config(config).build());
    }

    // ---------------------------------------------------------------- PY-1 .. PY-8

    /** PY-1: with one connection leased, a second acquire times out; once released, it is reused. */
    @Test
    void acquire_exhausted_timesOutThenReusesTheReleasedConnection() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(
                    server,
                    "py1",
                    config(pool(1, 0).acquireTimeout(Duration.ofMillis(10))).build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();

            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(PoolTimeoutException.class)
                    .hasMessage("Pool 'py1' timed out after 10 ms (size=1/1, idle=0, leased=1, waiting=0)");
            c.release(null, 1.0);

            Connection again = pool.acquire();
            assertThat(again.socket().getLocalPort()).isEqualTo(port);
            assertThat(echo(again, "ping")).isEqualTo("ping");
            again.release();
        }
    }

    /** PY-2: a fatal error closes the connection (the server sees it go), and the next acquire dials anew. */
    @Test
    void release_fatalError_closesTheConnectionAndDialsANewOne() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "py2", config(pool(1, 0)).build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();

            c.release(new IOException("broken pipe"), 1.0);

            Awaits.await().until(() -> server.openConnections() == 0);
            Connection next = pool.acquire();
            assertThat(next.socket().getLocalPort()).isNotEqualTo(port);
            assertThat(pool.stats().pool().size()).isEqualTo(1);
            assertThat(pool.stats().fatalReleases()).isEqualTo(1);
            Awaits.await().until(() -> server.acceptedConnections() == 2); // accepted after the connect returned
            next.release();
        }
    }

    /** PY-3: a transient (non-I/O) error leaves the connection usable: the next acquire gets it back. */
    @Test
    void release_transientError_returnsTheConnection() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "py3", config(pool(1, 0)).build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();

            c.release(new IllegalStateException("the server said: no such key"), 1.0);

            Connection next = pool.acquire();
            assertThat(next.socket().getLocalPort()).isEqualTo(port);
            assertThat(pool.stats().returned()).isEqualTo(1);
            next.release();
        }
    }

    /**
     * PY-4 with core's semantics: after {@code close()}, acquire fails with {@link
     * PoolClosedException}; a connection leased before is closed when it is released (pooly's Put
     * returned ErrPoolClosed; here the release cannot fail, it just closes); a second {@code close()}
     * is a no-op (pooly's returned ErrPoolClosed).
     */
    @Test
    void close_thenAcquire_failsAndLeasedConnectionsCloseOnRelease() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "py4", config(pool(2, 0)).build());
            Connection leased = pool.acquire();

            pool.close();

            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(PoolClosedException.class)
                    .hasMessage("Pool 'py4' is closed");
            assertThatThrownBy(pool::tryAcquire).isInstanceOf(PoolClosedException.class);
            assertThat(echo(leased, "still works")).isEqualTo("still works");
            leased.release();
            Awaits.await().until(() -> server.openConnections() == 0);
            pool.close();
            assertThat(pool.isClosed()).isTrue();
        }
    }

    /**
     * PY-5 with core's semantics: every dial fails (nothing listens); with {@code dialAttempts} 3
     * the acquire fails with {@link ResourceCreationException} (pooly's Get waited for a dial that
     * never came and timed out) after exactly three dials, each counted as a failure.
     */
    @Test
    void acquire_dialAlwaysFails_dialsThreeTimesAndFails() throws Exception {
        InetSocketAddress nowhere = HostTestKit.refusingAddress();
        HostTestKit.CountingDialer dialer = new HostTestKit.CountingDialer(Dialer.tcp());
        HostPool pool = invariants.track(HostPool.builder(nowhere)
                .name("py5")
                .dialer(dialer)
                .config(config(pool(1, 0))
                        .dialAttempts(3)
                        .dialRetryDelay(Duration.ofMillis(10))
                        .build())
                .build());

        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .hasMessage("Pool 'py5': resource creation failed: java.net.ConnectException: connect to localhost:"
                        + nowhere.getPort() + " failed: Connection refused")
                .hasCauseInstanceOf(ConnectException.class);

        assertThat(dialer.calls()).isEqualTo(3);
        HostPoolStats stats = pool.stats();
        assertThat(stats.dials()).isEqualTo(3);
        assertThat(stats.dialFailures()).isEqualTo(3);
        assertThat(stats.failures()).isEqualTo(3);
        assertThat(stats.pool().size()).isZero();
        assertThat(stats.pool().lastCreationFailure())
                .hasValueSatisfying(f -> assertThat(f.message())
                        .isEqualTo("java.net.ConnectException: connect to localhost:" + nowhere.getPort()
                                + " failed: Connection refused"));
    }

    /** PY-6: an idle connection is closed after {@code idleTimeout} (fake time), and the next acquire dials. */
    @Test
    void idleTimeout_passed_closesTheIdleConnection() throws Exception {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = invariants.track(HostPool.builder(server.address())
                    .name("py6")
                    .ticker(clock)
                    .scheduler(scheduler)
                    .config(config(pool(1, 0).idleTimeout(Duration.ofMillis(10)))
                            .build())
                    .build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();
            c.release();

            clock.advance(Duration.ofMillis(30));
            scheduler.runDue();

            Awaits.await().until(() -> server.openConnections() == 0);
            assertThat(pool.stats().pool().destroyed()).isEqualTo(1);
            Connection next = pool.acquire();
            assertThat(next.socket().getLocalPort()).isNotEqualTo(port);
            next.release();
        }
    }

    /**
     * PY-7: test-on-borrow. The server closes an idle pooled connection; the probe before the next
     * lease sees the FIN, the connection is closed and counted, and a fresh one is dialled.
     */
    @Test
    void acquire_idleConnectionClosedByPeer_isReplacedByAFreshOne() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(
                    server,
                    "py7",
                    config(pool(1, 0).validationIdleThreshold(Duration.ZERO)).build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();
            // stop() closes the connections the server has registered: wait until it has this one
            Awaits.await().until(() -> server.openConnections() == 1);
            server.stop();
            server.restart();
            awaitEndOfStream(c.socket()); // read below the pool: it still thinks the connection is fine
            c.release();

            Connection fresh = pool.acquire();

            assertThat(fresh.socket().getLocalPort()).isNotEqualTo(port);
            assertThat(echo(fresh, "hello again")).isEqualTo("hello again");
            assertThat(pool.stats().pool().validationFailures()).isEqualTo(1);
            assertThat(pool.stats().failures()).isEqualTo(1);
            fresh.release();
        }
    }

    /**
     * PY-8 with core's semantics: {@code close()} never blocks on a leased connection (pooly's Close
     * did, until ForceClose); {@code close(Duration)} waits that long, then closes the connection
     * still leased and reports that it had to.
     */
    @Test
    void close_withTimeoutAndALeasedConnection_closesItAfterTheTimeout() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "py8", config(pool(2, 0)).build());
            Connection leased = pool.acquire();

            boolean clean = pool.close(Duration.ofMillis(50));

            assertThat(clean).isFalse();
            Awaits.await().until(() -> server.openConnections() == 0);
            assertThat(leased.socket().isClosed()).isTrue();
            leased.release(); // the holder finds out late: nothing breaks
        }
    }

    @Test
    void close_allLeasesReturnedInTime_reportsClean() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "clean", config(pool(2, 0)).build());
            pool.acquire().release();

            assertThat(pool.close(Duration.ofSeconds(5))).isTrue();
            Awaits.await().until(() -> server.openConnections() == 0);
        }
    }

    // ---------------------------------------------------------------- prespawn, validation

    /** pooly's prespawn is {@code minIdle}: the connections are dialled before anyone asks. */
    @Test
    void minIdle_set_dialsConnectionsAheadOfDemand() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "prespawn", config(pool(5, 2)).build());

            Awaits.await().until(() -> pool.stats().pool().idle() == 2);
            // The kernel completes a connect before the server's thread accepts it: wait for the count.
            Awaits.await().until(() -> server.acceptedConnections() == 2);
            assertThat(pool.stats().pool().created()).isEqualTo(2);
            Connection c = pool.tryAcquire().orElseThrow();
            assertThat(echo(c, "warm")).isEqualTo("warm");
            c.release();
        }
    }

    @Test
    void acquire_healthyIdleConnection_passesTheProbeAndIsReused() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(
                    server,
                    "probe-ok",
                    config(pool(1, 0).validationIdleThreshold(Duration.ZERO)).build());
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();
            c.release();

            Connection again = pool.acquire();

            assertThat(again.socket().getLocalPort()).isEqualTo(port);
            assertThat(pool.stats().pool().validationFailures()).isZero();
            again.release();
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void builder_portZero_rejected() {
        InetSocketAddress zero = new InetSocketAddress("127.0.0.1", 0);
        assertThatThrownBy(() -> HostPool.builder(zero))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address port must be between 1 and 65535, but was 0 in 127.0.0.1:0");
    }

    @Test
    void builder_nullAddress_rejected() {
        assertThatThrownBy(() -> HostPool.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("address");
    }

    @Test
    void builder_blankName_rejected() {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertThatThrownBy(() -> HostPool.builder(address).name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ' '");
    }

    /** A name with a space is rejected by the resolver locally: no DNS query leaves the machine. */
    @Test
    void acquire_unresolvableHost_failsWithTheResolversMessage() {
        InetSocketAddress address = InetSocketAddress.createUnresolved("no such host", 80);
        HostPool pool = invariants.track(HostPool.builder(address)
                .config(config(pool(1, 0)).dialAttempts(1).build())
                .build());

        assertThat(pool.name()).isEqualTo("no such host:80");
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(ResourceCreationException.class)
                .cause()
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("cannot resolve host 'no such host'");
        assertThat(pool.stats().dialFailures()).isEqualTo(1);
    }

    /** A server that accepts and never answers: the read times out (the dialer's read timeout), not a hang. */
    @Test
    void read_silentServer_timesOutAndTheConnectionIsNotReused() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            HostPool pool = start(
                    server,
                    "silent",
                    config(pool(1, 0))
                            .dialer(DialerConfig.builder()
                                    .readTimeout(Duration.ofMillis(200))
                                    .build())
                            .build());
            Connection c = pool.acquire();

            assertThatThrownBy(() -> echo(c, "anyone there?")).isInstanceOf(SocketTimeoutException.class);
            assertThat(c.ioFailure()).containsInstanceOf(SocketTimeoutException.class);
            c.release(c.ioFailure().orElseThrow(), 1.0);

            assertThat(pool.stats().fatalReleases()).isEqualTo(1);
            Awaits.await().until(() -> server.openConnections() == 0);
        }
    }

    /** A connect that hangs (the SYN is dropped): the acquire timeout bounds the caller's wait. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void acquire_blackholedConnect_honoursTheAcquireTimeout() throws Exception {
        try (BlackholeServer hole = BlackholeServer.start()) {
            HostPool pool = invariants.track(HostPool.builder(hole.address())
                    .name("blackhole")
                    .config(config(pool(1, 0).acquireTimeout(Duration.ofMillis(200)))
                            .dialer(DialerConfig.builder()
                                    .connectTimeout(Duration.ofSeconds(20))
                                    .build())
                            .build())
                    .build());

            assertThatThrownBy(pool::acquire)
                    .isInstanceOfSatisfying(
                            PoolTimeoutException.class,
                            e -> assertThat(e.creationRunning()).isPresent())
                    .hasMessageStartingWith("Pool 'blackhole' timed out after 200 ms");
            pool.close(); // interrupts the dial still hanging
        }
    }

    @Test
    void acquire_negativeTimeout_rejected() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server, "negative", config(pool(1, 0)).build());
            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative, but was PT-0.001S");
        }
    }

    // ---------------------------------------------------------------- state

    @Test
    void config_nameOfTheCorePool_isTheHostPoolsName() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = invariants.track(HostPool.create(server.address(), HostPoolConfig.defaults()));

            assertThat(pool.name()).isEqualTo("localhost:" + server.port());
            assertThat(pool.config().pool().name()).isEqualTo(pool.name());
            assertThat(pool.config().pool().maxSize()).isEqualTo(30);
            assertThat(pool.address()).isEqualTo(server.address());
            Awaits.await().until(() -> pool.stats().pool().idle() == 1); // pooly's default prespawn
        }
    }
}
