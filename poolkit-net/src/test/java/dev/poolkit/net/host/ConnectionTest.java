package dev.poolkit.net.host;

import static dev.poolkit.net.host.HostTestKit.config;
import static dev.poolkit.net.host.HostTestKit.echo;
import static dev.poolkit.net.host.HostTestKit.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Connection}: pooly's release rules (PY-9 in Java form), reporting early, discarding,
 * try-with-resources, stale handles, and the liveness probe's view of a connection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionTest {

    @RegisterExtension
    final HostPoolInvariants invariants = new HostPoolInvariants();

    private final HostTestKit.RecordingListener listener = new HostTestKit.RecordingListener();

    private HostPool start(InetSocketAddress address, String name) {
        return invariants.track(HostPool.builder(address)
                .name(name)
                .listener(listener)
                .config(config(pool(1, 0).validationIdleThreshold(Duration.ZERO))
                        .build())
                .build());
    }

    // ---------------------------------------------------------------- release (PY-9)

    /**
     * PY-9: a score outside [0, 1] is refused and the connection stays leased; a proper release
     * works; a second release throws (pooly: ErrNoHostAvailable). pooly's "not an error" argument
     * has no Java form: the parameter is a {@code Throwable}.
     */
    @Test
    void release_scoreOutOfRangeThenValidThenAgain_refusedReleasedRefused() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "py9");
            Connection c = pool.acquire();

            assertThatThrownBy(() -> c.release(null, 1.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("score must be between 0 and 1, but was 1.5");
            assertThatThrownBy(() -> c.release(null, Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("score must be between 0 and 1, but was NaN");
            assertThat(c.isActive()).isTrue();

            c.release(null, 1.0);

            assertThat(c.isActive()).isFalse();
            assertThatThrownBy(() -> c.release(null, 1.0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Connection to localhost:" + server.port() + " (pool 'py9') was already released");
            assertThatThrownBy(c::discard).isInstanceOf(IllegalStateException.class);
            c.close(); // after a release: nothing to do
            assertThat(listener.events()).containsExactly("ended", "scored 1.0");
            assertThat(pool.stats().releases()).isEqualTo(1);
        }
    }

    @Test
    void release_gradedScore_isPassedOn() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "graded");
            pool.acquire().release(null, 0.25);
            pool.acquire().release(new IOException("reset"), 0.75);

            assertThat(listener.events()).containsExactly("ended", "scored 0.25", "ended fatal", "scored 0.0");
        }
    }

    @Test
    void release_afterIoErrorWithoutFatalClassification_closesTheConnectionAnyway() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = invariants.track(HostPool.builder(server.address())
                    .listener(listener)
                    .config(config(pool(1, 0)).fatalErrors(e -> false).build())
                    .build());
            Connection c = pool.acquire();
            c.socket().close(); // the stream now fails
            assertThatThrownBy(() -> echo(c, "x")).isInstanceOf(SocketException.class);

            c.release(c.ioFailure().orElseThrow(), 1.0);

            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(pool.stats().returned()).isZero();
            assertThat(listener.events()).containsExactly("ended", "scored 1.0");
        }
    }

    @Test
    void release_peerEndedTheStream_connectionIsNotReused() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.CLOSE)) {
            HostPool pool = start(server.address(), "eof");
            Connection c = pool.acquire();
            assertThat(c.input().read()).isEqualTo(-1);

            c.release();

            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(pool.stats().pool().size()).isZero();
        }
    }

    // ---------------------------------------------------------------- report, discard, close

    @Test
    void report_thenDiscard_scoresOnceAtTheReport() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "proxy");
            Connection c = pool.acquire();

            c.report(1.0);
            assertThat(listener.events()).containsExactly("scored 1.0");
            assertThatThrownBy(() -> c.report(1.0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Connection to localhost:" + server.port() + " (pool 'proxy') was already reported");
            assertThat(echo(c, "session")).isEqualTo("session");
            c.discard(new IOException("client went away"), 1.0);

            assertThat(listener.events()).containsExactly("scored 1.0", "ended fatal");
            assertThatThrownBy(() -> c.report(0.0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("was already released");
            Awaits.await().until(() -> server.openConnections() == 0);
            assertThat(pool.stats().fatalReleases()).isEqualTo(1);
        }
    }

    @Test
    void fail_afterReport_closesItAndScoresTheHostDown() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "proxy");
            Connection c = pool.acquire();
            c.report(1.0);

            c.fail(new IOException("backend reset the session"));

            assertThat(listener.events()).containsExactly("scored 1.0", "ended fatal", "scored 0.0");
            assertThatThrownBy(() -> c.fail(null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("was already released");
            Awaits.await().until(() -> server.openConnections() == 0);
        }
    }

    @Test
    void fail_withoutReport_scoresTheHostDownOnce() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "proxy");
            Connection c = pool.acquire();

            c.fail(null);

            assertThat(listener.events()).containsExactly("ended", "scored 0.0");
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void discard_healthyConnection_closesItAndScoresTheHost() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "discard");
            Connection c = pool.acquire();
            assertThatThrownBy(() -> c.discard(null, -0.1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("score must be between 0 and 1, but was -0.1");

            c.discard(null, 0.5);

            assertThat(listener.events()).containsExactly("ended", "scored 0.5");
            assertThat(pool.stats().discarded()).isEqualTo(1);
            Awaits.await().until(() -> server.openConnections() == 0);
        }
    }

    /** try-with-resources without a release: discarded and scored by the last I/O error, as pooly's HTTP transport does. */
    @Test
    void close_withoutRelease_discardsAndScoresByTheLastIoError() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "twr");
            try (Connection c = pool.acquire()) {
                assertThat(echo(c, "fine")).isEqualTo("fine");
            }
            try (Connection c = pool.acquire()) {
                c.socket().shutdownOutput();
                assertThatThrownBy(() -> c.output().write(1)).isInstanceOf(SocketException.class);
            }

            assertThat(listener.events()).containsExactly("ended", "scored 1.0", "ended fatal", "scored 0.0");
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(pool.stats().fatalReleases()).isEqualTo(1);
        }
    }

    @Test
    void streams_afterRelease_refuseToWork() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = start(server.address(), "stale");
            Connection c = pool.acquire();
            InputStream in = c.input();
            OutputStream out = c.output();
            c.release();

            String released = "Connection to localhost:" + server.port() + " (pool 'stale') was released";
            assertThatThrownBy(() -> out.write(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(released);
            assertThatThrownBy(in::read)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(released);
            assertThatThrownBy(c::socket)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(released);
            assertThatThrownBy(c::input).isInstanceOf(IllegalStateException.class);
            Connection next = pool.acquire();
            assertThat(echo(next, "mine")).isEqualTo("mine");
            next.release();
        }
    }

    @Test
    void listener_throws_isCountedAndTheReleaseStillWorks() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = invariants.track(HostPool.builder(server.address())
                    .listener(new ConnectionListener() {
                        @Override
                        public void scored(Connection connection, double score, Duration latency) {
                            throw new IllegalStateException("listener bug");
                        }
                    })
                    .config(config(pool(1, 0)).build())
                    .build());

            pool.acquire().release();

            assertThat(pool.stats().listenerFailures()).isEqualTo(1);
            assertThat(pool.stats().returned()).isEqualTo(1);
        }
    }

    @Test
    void leasedFor_andAddress_describeTheLease() throws Exception {
        dev.poolkit.pool.testing.FakeClock clock = new dev.poolkit.pool.testing.FakeClock();
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            HostPool pool = invariants.track(HostPool.builder(server.address())
                    .ticker(clock)
                    .config(config(pool(1, 0)).build())
                    .build());
            Connection c = pool.acquire();
            clock.advance(Duration.ofMillis(42));

            assertThat(c.leasedFor()).isEqualTo(Duration.ofMillis(42));
            assertThat(c.address()).isEqualTo(server.address());
            assertThat(c.ioFailure()).isEmpty();
            assertThat(c)
                    .hasToString(
                            "Connection to localhost:" + server.port() + " (pool 'localhost:" + server.port() + "')");
            c.release();
        }
    }

    // ---------------------------------------------------------------- the probe

    /** A server greeting that arrives while the connection is idle: the probe keeps the byte it read. */
    @Test
    void probe_dataArrivedWhileIdle_connectionValidAndNoByteLost() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().read(); // the client's go-ahead
                    s.getOutputStream().write("+OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(); // hold until the client closes
                } catch (IOException e) {
                    // the test's assertions tell
                }
            });
            HostPool pool =
                    start(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), "greeting");
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();
            c.output().write('g');
            Awaits.await().until(() -> c.socket().getInputStream().available() > 0);
            c.release();

            Connection again = pool.acquire(); // probed first: reads '+' ahead

            assertThat(again.socket().getLocalPort()).isEqualTo(port);
            assertThat(HostTestKit.read(again.input(), 11)).isEqualTo("+OK ready\r\n");
            assertThat(pool.stats().pool().validationFailures()).isZero();
            again.discard();
            server.join();
        }
    }

    /**
     * The peer reset the connection (SO_LINGER 0): the probe sees the RST and the connection is replaced.
     * The server resets the connection it identifies by the lease's local port, not the first one it
     * accepts: a stray connect to a reused ephemeral port must not take the reset meant for the lease.
     */
    @Test
    void probe_peerReset_connectionReplaced() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> leasedPort = new CompletableFuture<>();
            List<Socket> kept = new CopyOnWriteArrayList<>();
            Thread server = Thread.ofPlatform().name("reset-server").start(() -> {
                try {
                    int port = leasedPort.get();
                    while (true) {
                        Socket accepted = listener.accept();
                        if (accepted.getPort() == port) {
                            accepted.setSoLinger(true, 0); // close sends RST
                            accepted.close();
                        } else {
                            kept.add(accepted); // the replacement (or a stray): held open until the end
                        }
                    }
                } catch (IOException | InterruptedException | ExecutionException e) {
                    // the listener closed at the end of the test; the test's assertions tell the rest
                }
            });
            HostPool pool =
                    start(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), "reset");
            Connection c = pool.acquire();
            int port = c.socket().getLocalPort();
            leasedPort.complete(port);
            // The RST needs the server thread to have run: generous on a loaded machine.
            c.socket().setSoTimeout(60_000);
            assertThatThrownBy(() -> c.socket().getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessage("Connection reset");
            c.release(); // below the pool: it still looks fine

            Connection fresh = pool.acquire();

            assertThat(fresh.socket().getLocalPort()).isNotEqualTo(port);
            assertThat(pool.stats().pool().validationFailures()).isEqualTo(1);
            fresh.discard();
            listener.close();
            server.join();
            for (Socket s : kept) {
                s.close();
            }
        }
    }
}
