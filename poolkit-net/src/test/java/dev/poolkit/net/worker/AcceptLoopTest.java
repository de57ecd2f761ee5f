package dev.poolkit.net.worker;

import static dev.poolkit.net.worker.TestHandlers.ECHO;
import static dev.poolkit.net.worker.TestHandlers.HOLD;
import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AcceptLoop} on real loopback sockets: port 0, busy replies, idle reaping (GS-5), stop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcceptLoopTest {

    private static final byte[] BUSY = "BUSY\n".getBytes(StandardCharsets.US_ASCII);

    private final TestHandlers.Cleanup cleanup = new TestHandlers.Cleanup();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.close();
        Threads.assertNoPoolkitThreads();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        return cleanup.add(closeable);
    }

    private TestClient client(AcceptLoop loop) throws IOException {
        return closeLater(TestClient.connect(loop));
    }

    // ------------------------------------------------------------------ binding

    @Test
    @DisplayName("port 0: the loop reports the port it got, serves on it, and starts the pool")
    void start_port0_reportsBoundPortAndServes() throws IOException {
        WorkerPool pool = WorkerPool.forMessages(ECHO).name("echo").build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool).start());
        assertThat(loop.port()).isPositive();
        assertThat(loop.localAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(loop.localAddress().getPort()).isEqualTo(loop.port());
        assertThat(pool.isRunning()).isTrue();
        assertThat(loop.reaper()).isEmpty();
        assertThat(loop.pool()).isSameAs(pool);
        assertThat(client(loop).exchange("hello")).isEqualTo("hello");
        assertThat(Threads.threadsNamed("poolkit-worker-echo-acceptor")).hasSize(1);
    }

    @Test
    void start_hostAndPort_bindsIt() throws IOException {
        int port;
        try (ServerSocket probe = TestClient.listener()) {
            port = probe.getLocalPort();
        }
        AcceptLoop loop =
                closeLater(AcceptLoop.builder(WorkerPool.forMessages(ECHO).build())
                        .address(HostAndPort.parse("127.0.0.1:" + port))
                        .start());
        assertThat(loop.port()).isEqualTo(port);
        assertThat(client(loop).exchange("hp")).isEqualTo("hp");
    }

    @Test
    @DisplayName("a port in use fails with a BindException naming the address; the pool is not started")
    void start_portInUse_bindExceptionNamesAddress() throws IOException {
        ServerSocket taken = closeLater(TestClient.listener());
        WorkerPool pool = closeLater(WorkerPool.forMessages(ECHO).build());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
        assertThatThrownBy(() -> AcceptLoop.builder(pool).address(address).start())
                .isInstanceOf(BindException.class)
                .hasMessageStartingWith("cannot listen on " + SocketAddresses.describe(address) + ": ");
        assertThat(pool.isRunning()).isFalse();
    }

    @Test
    void start_badSettings_rejectedNamingThem() {
        WorkerPool pool = closeLater(WorkerPool.forMessages(ECHO).build());
        assertThatThrownBy(() -> AcceptLoop.builder(pool).backlog(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backlog must be >= 1, but was 0");
        assertThatThrownBy(() -> AcceptLoop.builder(pool)
                        .busyReply(new byte[AcceptLoop.MAX_BUSY_REPLY + 1])
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("busyReply must be at most 4096 bytes, but was 4097 bytes");
        assertThatThrownBy(() -> AcceptLoop.builder(pool)
                        .idleTimeout(Duration.ofSeconds(-1))
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must not be negative, but was PT-1S");
        assertThatThrownBy(
                        () -> AcceptLoop.builder(pool).idleTick(Duration.ZERO).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTick must be positive, but was PT0S");
        assertThatThrownBy(() -> AcceptLoop.builder(pool)
                        .address((InetSocketAddress) null)
                        .start())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("address");
        assertThatThrownBy(() -> AcceptLoop.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("pool");
        assertThat(pool.isRunning()).isFalse();
    }

    @Test
    @DisplayName("accepted sockets are their channel's own, in blocking mode; bytes moved through it are counted")
    void accepted_channelBacked_recordTransferCounts() throws Exception {
        AtomicBoolean ownChannelBlocking = new AtomicBoolean();
        SessionHandler viaChannel = client -> {
            SocketChannel channel = client.socket().getChannel();
            ownChannelBlocking.set(channel != null && channel.socket() == client.socket() && channel.isBlocking());
            int written = channel.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
            client.recordTransfer(0, written);
            ByteBuffer in = ByteBuffer.allocate(2);
            while (in.hasRemaining() && channel.read(in) >= 0) {
                // read the client's two bytes
            }
            client.recordTransfer(in.position(), 0);
        };
        WorkerPool pool = WorkerPool.forSessions(viaChannel).name("channel").build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool).start());
        TestClient c = client(loop);
        assertThat(c.read(3)).isEqualTo("abc");
        c.send("de");
        await().until(() -> pool.stats().bytesRead() == 2);
        assertThat(pool.stats().bytesWritten()).isEqualTo(3);
        assertThat(ownChannelBlocking).isTrue();
    }

    @Test
    @DisplayName("accepted connections get TCP_NODELAY (design §8), unless turned off")
    void accepted_tcpNoDelay() throws Exception {
        AtomicBoolean noDelay = new AtomicBoolean();
        SessionHandler probe = client -> {
            noDelay.set(client.socket().getTcpNoDelay());
            client.output().write('.');
        };
        AcceptLoop on = closeLater(
                AcceptLoop.builder(WorkerPool.forSessions(probe).build()).start());
        assertThat(client(on).read(1)).isEqualTo(".");
        assertThat(noDelay).isTrue();
        AcceptLoop off = closeLater(
                AcceptLoop.builder(WorkerPool.forSessions(probe).name("off").build())
                        .tcpNoDelay(false)
                        .start());
        assertThat(client(off).read(1)).isEqualTo(".");
        assertThat(noDelay).isFalse();
    }

    // ------------------------------------------------------------------ busy replies

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a connection rejected as busy reads the busy reply, then the end of stream")
    void busy_rejectedClientReadsBusyReplyThenEnd(ThreadMode mode) throws IOException {
        WorkerPool pool =
                WorkerPool.forSessions(HOLD).threadMode(mode).maxWorkers(1).build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool).busyReply(BUSY).start());
        client(loop);
        await().until(() -> pool.busy() == 1);
        for (int i = 0; i < 20; i++) {
            try (TestClient rejected = TestClient.connect(loop)) {
                rejected.send("HI!"); // a request already on its way must not turn the close into a reset
                assertThat(rejected.readToEnd()).isEqualTo("BUSY\n");
            }
        }
        assertThat(pool.stats().rejected()).isEqualTo(20);
        assertThat(pool.stats().accepted()).isEqualTo(1);
        assertThat(pool.busy()).isEqualTo(1);
    }

    @Test
    void busy_noReply_closedWithoutAWord() throws IOException {
        WorkerPool pool = WorkerPool.forSessions(HOLD).maxWorkers(1).build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool).start());
        client(loop);
        await().until(() -> pool.busy() == 1);
        assertThat(client(loop).readToEnd()).isEmpty();
        assertThat(pool.stats().rejected()).isEqualTo(1);
    }

    @Test
    void busyReply_isCopied() throws IOException {
        byte[] reply = "FULL".getBytes(StandardCharsets.US_ASCII);
        WorkerPool pool = WorkerPool.forSessions(HOLD).maxWorkers(1).build();
        AcceptLoop.Builder builder = AcceptLoop.builder(pool).busyReply(reply);
        reply[0] = 'X';
        AcceptLoop loop = closeLater(builder.start());
        client(loop);
        await().until(() -> pool.busy() == 1);
        assertThat(client(loop).readToEnd()).isEqualTo("FULL");
    }

    // ------------------------------------------------------------------ idle reaping: GS-5

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("GS-5: idle timeout 2 s: a silent client is disconnected on the third 1 s tick")
    void idleTimeout_silentClientDisconnected(ThreadMode mode) throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool =
                WorkerPool.forSessions(HOLD).name("idle").threadMode(mode).build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool)
                .idleTimeout(Duration.ofSeconds(2))
                .ticker(clock)
                .scheduler(scheduler)
                .start());
        IdleReaper reaper = loop.reaper().orElseThrow();
        assertThat(reaper.name()).isEqualTo("idle");
        assertThat(reaper.idleTicks()).isEqualTo(2);
        TestClient silent = client(loop);
        await().until(() -> reaper.stats().watched() == 1);
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        assertThat(reaper.stats().idleClosed()).as("still open after 2 s").isZero();
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        assertThat(silent.readToEnd()).isEmpty();
        assertThat(reaper.stats().idleClosed()).isEqualTo(1);
        await().until(() -> pool.busy() == 0 && reaper.stats().watched() == 0);
    }

    @Test
    @DisplayName("GS-5: traffic in either direction is activity: a chatty client is never disconnected")
    void idleTimeout_activeClientKept() throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = WorkerPool.forMessages(ECHO)
                .clientDeadline(Duration.ofMinutes(5))
                .build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool)
                .idleTimeout(Duration.ofSeconds(2))
                .ticker(clock)
                .scheduler(scheduler)
                .start());
        TestClient chatty = client(loop);
        for (int i = 0; i < 10; i++) {
            assertThat(chatty.exchange("tick " + i)).isEqualTo("tick " + i);
            clock.advance(Duration.ofSeconds(1));
            scheduler.runDue();
            clock.advance(Duration.ofSeconds(1));
            scheduler.runDue();
        }
        assertThat(chatty.exchange("still here")).isEqualTo("still here");
        assertThat(loop.reaper().orElseThrow().stats().idleClosed()).isZero();
    }

    @Test
    @DisplayName("GS-5: an idle timeout of 100 ms (below one tick) turns idle reaping off")
    void idleTimeout_belowOneTick_reapingOff() throws IOException {
        AcceptLoop loop =
                closeLater(AcceptLoop.builder(WorkerPool.forMessages(ECHO).build())
                        .idleTimeout(Duration.ofMillis(100))
                        .start());
        assertThat(loop.reaper()).isEmpty();
        assertThat(client(loop).exchange("x")).isEqualTo("x");
    }

    @Test
    @DisplayName("a shorter idle tick makes sub-second idle timeouts work, on the reaper's own thread")
    void idleTimeout_subSecondWithShortTick_realTime() throws IOException {
        WorkerPool pool = WorkerPool.forSessions(HOLD).name("fast").build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool)
                .idleTimeout(Duration.ofMillis(100))
                .idleTick(Duration.ofMillis(20))
                .start());
        assertThat(client(loop).readToEnd()).isEmpty();
        assertThat(Threads.threadsNamed("poolkit-worker-fast-reaper")).hasSize(1);
        loop.close();
        Threads.assertNoThreadsNamed("poolkit-worker-fast-");
    }

    // ------------------------------------------------------------------ stop

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("stop closes the listener, drains the pool and returns true; nothing of the loop remains")
    void stop_drainsAndReleasesEverything(ThreadMode mode) throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool =
                WorkerPool.forMessages(ECHO).name("stopping").threadMode(mode).build();
        AcceptLoop loop = AcceptLoop.builder(pool)
                .idleTimeout(Duration.ofSeconds(30))
                .ticker(clock)
                .scheduler(scheduler)
                .start();
        TestClient client = client(loop);
        assertThat(client.exchange("bye")).isEqualTo("bye");
        int port = loop.port();
        assertThat(loop.stop(Duration.ofSeconds(30))).isTrue();
        assertThat(loop.isRunning()).isFalse();
        assertThat(client.readToEnd()).isEmpty();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        assertThat(pool.isRunning()).isFalse();
        assertThat(pool.workers()).isZero();
        assertThat(loop.reaper().orElseThrow().isRunning()).isFalse();
        assertThat(scheduler.pending()).isZero();
        Threads.assertNoThreadsNamed("poolkit-worker-stopping-");
        assertThat(loop.stop(Duration.ofSeconds(1))).as("idempotent").isTrue();
        loop.close();
    }

    @Test
    void close_closesThePool() throws IOException {
        WorkerPool pool = WorkerPool.forMessages(ECHO).build();
        AcceptLoop loop = AcceptLoop.builder(pool).start();
        loop.close();
        assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a closed pool cannot be started by a loop; the loop releases its socket")
    void start_closedPool_failsAndReleasesSocket() throws IOException {
        WorkerPool pool = WorkerPool.forMessages(ECHO).name("closed").build();
        pool.close();
        assertThatThrownBy(() -> AcceptLoop.builder(pool).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WorkerPool 'closed' is closed");
        Threads.assertNoThreadsNamed("poolkit-worker-closed-");
    }

    @Test
    @DisplayName("many clients connecting and resetting at once leave exact counts behind")
    void resets_concurrent_countsExact() throws Exception {
        WorkerPool pool = WorkerPool.forMessages(ECHO).maxWorkers(8).build();
        AcceptLoop loop = closeLater(AcceptLoop.builder(pool).busyReply(BUSY).start());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 20; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        TestClient c = TestClient.connect(loop);
                        if ((id + i) % 3 == 0) {
                            String reply = c.exchange("hi");
                            assertThat(reply).isIn("hi", "BU"); // a rejected client reads the start of BUSY
                            c.close();
                        } else {
                            c.reset();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        await().until(() -> pool.busy() == 0);
        WorkerPoolStats stats = pool.stats();
        assertThat(stats.accepted() + stats.rejected()).isLessThanOrEqualTo(200);
        assertThat(stats.idleWorkers()).isEqualTo(stats.workers());
        assertThat(stats.workers()).isLessThanOrEqualTo(8);
    }
}
