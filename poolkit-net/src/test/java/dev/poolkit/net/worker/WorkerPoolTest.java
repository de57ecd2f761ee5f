package dev.poolkit.net.worker;

import static dev.poolkit.net.worker.TestHandlers.ECHO;
import static dev.poolkit.net.worker.TestHandlers.HOLD;
import static dev.poolkit.pool.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.PoolException;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WorkerPool} on real loopback sockets: pool-manager's scenarios PM-1..13 (PM-13 with its
 * intended behaviour), the fixed defects, both handler forms and both thread modes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolTest {

    private final TestHandlers.Cleanup cleanup = new TestHandlers.Cleanup();
    private final List<WorkerPool> pools = new ArrayList<>();
    private ServerSocket listener;

    @BeforeEach
    void openListener() throws IOException {
        listener = closeLater(TestClient.listener());
    }

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.close();
        for (WorkerPool pool : pools) {
            assertThat(pool.workers()).as("workers of %s after close", pool).isZero();
            assertThat(pool.busy()).as("busy of %s after close", pool).isZero();
        }
        Threads.assertNoPoolkitThreads();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        return cleanup.add(closeable);
    }

    /** A connected pair through the listener, both ends closed after the test. */
    private TestClient.Pair pairLeftOpen() throws IOException {
        TestClient.Pair pair = TestClient.pair(listener);
        closeLater(pair.client());
        closeLater(pair.accepted());
        return pair;
    }

    private WorkerPool started(WorkerPoolBuilder builder) {
        WorkerPool pool = closeLater(builder.build());
        pools.add(pool);
        pool.start();
        return pool;
    }

    /** Connects a client and submits the accepted socket; returns the client. */
    private TestClient submitClient(WorkerPool pool) throws IOException {
        TestClient.Pair pair = TestClient.pair(listener);
        closeLater(pair.client());
        pool.submit(pair.accepted());
        return pair.client();
    }

    // ------------------------------------------------------------------ start, submit: PM-2, PM-3, PM-11

    @Test
    @DisplayName("PM-2: submit before start fails with pool-manager's not-running message; the socket stays open")
    void submit_beforeStart_throwsNotRunning() throws IOException {
        WorkerPool pool = closeLater(WorkerPool.forMessages(ECHO).name("pm2").build());
        TestClient.Pair pair = pairLeftOpen();
        assertThatThrownBy(() -> pool.submit(pair.accepted()))
                .isInstanceOf(PoolNotRunningException.class)
                .isInstanceOf(PoolException.class)
                .hasMessage("pool manager is not running, please use Start() method to run")
                .extracting(e -> ((PoolException) e).poolName())
                .isEqualTo("pm2");
        assertThat(pair.accepted().isClosed()).isFalse();
        assertThat(pool.stats().accepted()).isZero();
    }

    @Test
    @DisplayName("PM-3: a second start fails with pool-manager's already-running message")
    void start_twice_throwsAlreadyRunning() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        assertThatThrownBy(pool::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pool manager is already running");
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-11: stop with idle workers returns at once (drained); a later submit is refused")
    void stop_idle_returnsThenRefuses(ThreadMode mode) throws IOException {
        WorkerPool pool =
                started(WorkerPool.forMessages(ECHO).threadMode(mode).minWorkers(mode == ThreadMode.PLATFORM ? 3 : 0));
        assertThat(submitClient(pool).exchange("ping")).isEqualTo("ping");
        assertThat(pool.stop(Duration.ofSeconds(30))).isTrue();
        assertThat(pool.isRunning()).isFalse();
        assertThat(pool.workers()).isZero();
        TestClient.Pair late = pairLeftOpen();
        assertThatThrownBy(() -> pool.submit(late.accepted()))
                .isInstanceOf(PoolNotRunningException.class)
                .hasMessage("pool manager is not running, please use Start() method to run");
    }

    @Test
    void submit_null_rejectedNamingIt() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        assertThatThrownBy(() -> pool.submit(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("socket");
    }

    @Test
    void submit_closedSocket_rejected() throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        TestClient.Pair pair = TestClient.pair(listener);
        closeLater(pair.client());
        pair.accepted().close();
        assertThatThrownBy(() -> pool.submit(pair.accepted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("socket must be open, but was ");
        assertThat(pool.busy()).isZero();
    }

    @Test
    void submit_unconnectedSocket_rejected() throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        Socket unconnected = closeLater(new Socket());
        assertThatThrownBy(() -> pool.submit(unconnected))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("socket must be connected, but was Socket[unconnected]");
    }

    // ------------------------------------------------------------------ busy: PM-4, PM-10, PM-12

    @Test
    @DisplayName("PM-4: min 2, max 4: four open clients bring workers to 4; the fifth submit is busy")
    void submit_maxBusy_throwsBusy() throws IOException {
        WorkerPool pool =
                started(WorkerPool.forMessages(ECHO).minWorkers(2).maxWorkers(4).clientDeadline(Duration.ofMinutes(1)));
        assertThat(pool.workers()).isEqualTo(2);
        for (int i = 0; i < 4; i++) {
            submitClient(pool);
        }
        assertThat(pool.busy()).isEqualTo(4);
        assertThat(pool.workers()).isEqualTo(4);
        TestClient.Pair fifth = pairLeftOpen();
        assertThatThrownBy(() -> pool.submit(fifth.accepted()))
                .isInstanceOf(PoolBusyException.class)
                .isInstanceOf(PoolException.class)
                .hasMessage("can't put, pool is busy");
        assertThat(fifth.accepted().isClosed()).as("left to the caller").isFalse();
        assertThat(pool.stats())
                .extracting(WorkerPoolStats::accepted, WorkerPoolStats::rejected, WorkerPoolStats::busy)
                .containsExactly(4L, 1L, 4);
    }

    @Test
    @DisplayName("PM-4 in VIRTUAL mode: maxWorkers is a permit count")
    void submit_virtualPermitsExhausted_throwsBusy() throws IOException {
        WorkerPool pool = started(
                WorkerPool.forSessions(HOLD).threadMode(ThreadMode.VIRTUAL).maxWorkers(4));
        for (int i = 0; i < 4; i++) {
            submitClient(pool);
        }
        assertThat(pool.busy()).isEqualTo(4);
        TestClient.Pair fifth = pairLeftOpen();
        assertThatThrownBy(() -> pool.submit(fifth.accepted()))
                .isInstanceOf(PoolBusyException.class)
                .hasMessage("can't put, pool is busy");
    }

    @Test
    void busyException_hasNoStackTrace() {
        assertThat(new PoolBusyException("p").getStackTrace()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-10: reconfigure raises max from 1 to 2; a second client refused before is now accepted")
    void reconfigure_raisesMax_acceptsSecond(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forSessions(HOLD).threadMode(mode).maxWorkers(1));
        submitClient(pool);
        TestClient.Pair second = pairLeftOpen();
        assertThatThrownBy(() -> pool.submit(second.accepted())).isInstanceOf(PoolBusyException.class);
        pool.reconfigure(pool.config().toBuilder().maxWorkers(2).build());
        pool.submit(second.accepted());
        assertThat(pool.busy()).isEqualTo(2);
        assertThat(pool.config().maxWorkers()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-12: min 0, max 0: 50 concurrent clients are all accepted and answered")
    void unlimited_fiftyConcurrentClients_allServed(ThreadMode mode) throws Exception {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).threadMode(mode).clientDeadline(Duration.ofMinutes(1)));
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(submitClient(pool));
        }
        assertThat(pool.busy()).isEqualTo(50);
        assertThat(pool.workers()).isEqualTo(50);
        for (int i = 0; i < clients.size(); i++) {
            assertThat(clients.get(i).exchange("hello " + i)).isEqualTo("hello " + i);
        }
        assertThat(pool.stats().rejected()).isZero();
        for (TestClient c : clients) {
            c.close();
        }
        await().until(() -> pool.busy() == 0);
    }

    // ------------------------------------------------------------------ messages: PM-5..PM-8, framing fix

    @Test
    @DisplayName("PM-5: the handler gets body HI! (3 bytes) and its OK reaches the client")
    void message_hi_handlerRepliesOk() throws IOException {
        Queue<String> bodies = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
            bodies.add(new String(message, StandardCharsets.UTF_8) + "/" + message.length);
            client.output().write("OK".getBytes(StandardCharsets.US_ASCII));
        }));
        TestClient client = submitClient(pool);
        client.send("HI!");
        assertThat(client.read(2)).isEqualTo("OK");
        assertThat(bodies).containsExactly("HI!/3");
        await().untilAsserted(() -> assertThat(pool.stats()) // counted just after the write returns
                .extracting(WorkerPoolStats::messages, WorkerPoolStats::bytesRead, WorkerPoolStats::bytesWritten)
                .containsExactly(1L, 3L, 2L));
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-6: a, b, c on one connection reach the handler in order on one worker; busy is 1 until close")
    void messages_oneConnection_inOrderOnOneWorker(ThreadMode mode) throws IOException {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
                    seen.add(new String(message, StandardCharsets.UTF_8));
                    threads.add(Thread.currentThread().getName());
                    client.output().write(message);
                })
                .name("pm6")
                .threadMode(mode));
        TestClient client = submitClient(pool);
        for (String m : List.of("a", "b", "c")) {
            assertThat(client.exchange(m)).isEqualTo(m);
            assertThat(pool.busy()).isEqualTo(1);
        }
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(threads).hasSize(3).allMatch(n -> n.startsWith("poolkit-worker-pm6-"));
        assertThat(new ArrayList<>(threads).stream().distinct()).hasSize(1);
        client.close();
        await().until(() -> pool.busy() == 0);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-7: a client that sends nothing is closed at the client deadline; busy returns to 0")
    void silentClient_closedAtClientDeadline(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).threadMode(mode).clientDeadline(Duration.ofMillis(200)));
        TestClient client = submitClient(pool);
        assertThat(client.readToEnd()).as("the server closes without a word").isEmpty();
        await().until(() -> pool.busy() == 0);
        assertThat(pool.stats().clientTimeouts()).isEqualTo(1);
        assertThat(pool.stats().handlerFailures()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-7 on a fake clock: not closed before the deadline, closed by the sweep after it")
    void silentClient_fakeClock_closedAtDeadlineNotBefore(ThreadMode mode) throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(WorkerPool.forMessages(ECHO)
                .threadMode(mode)
                .clientDeadline(Duration.ofMillis(200))
                .ticker(clock)
                .scheduler(scheduler));
        TestClient client = submitClient(pool);
        clock.advance(Duration.ofMillis(175));
        scheduler.runDue();
        assertThat(pool.stats().clientTimeouts()).isZero();
        assertThat(client.exchange("late")).as("still open at 175 ms").isEqualTo("late");
        clock.advance(Duration.ofMillis(175)); // at most 175 ms after the worker's last wait began
        scheduler.runDue();
        assertThat(pool.stats().clientTimeouts()).isZero();
        advanceUntilTimeouts(pool, clock, scheduler, 1);
        assertThat(client.readToEnd()).isEmpty();
        await().until(() -> pool.busy() == 0);
    }

    @Test
    @DisplayName("clientDeadline counts from the last byte: a client that keeps talking stays connected")
    void talkingClient_notClosedByDeadline() throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(WorkerPool.forMessages(ECHO)
                .clientDeadline(Duration.ofMillis(300))
                .ticker(clock)
                .scheduler(scheduler));
        TestClient client = submitClient(pool);
        for (int i = 0; i < 10; i++) { // 2 s in all, each exchange 200 ms after the previous
            assertThat(client.exchange("m" + i)).isEqualTo("m" + i);
            clock.advance(Duration.ofMillis(200));
            scheduler.runDue();
        }
        assertThat(client.exchange("end")).isEqualTo("end");
        assertThat(pool.stats().clientTimeouts()).isZero();
    }

    @Test
    @DisplayName("a handler running longer than clientDeadline is not cut off; the deadline restarts after it")
    void slowHandler_notCutOffByDeadline() throws Exception {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
                    clock.advance(Duration.ofSeconds(1)); // the handler takes 10 deadlines
                    scheduler.runDue();
                    client.output().write(message);
                })
                .clientDeadline(Duration.ofMillis(100))
                .ticker(clock)
                .scheduler(scheduler));
        TestClient client = submitClient(pool);
        assertThat(client.exchange("slow")).isEqualTo("slow");
        assertThat(pool.stats().clientTimeouts())
                .as("not while the handler ran")
                .isZero();
        clock.advance(Duration.ofMillis(50));
        scheduler.runDue();
        assertThat(pool.stats().clientTimeouts()).as("50 ms after the handler").isZero();
        advanceUntilTimeouts(pool, clock, scheduler, 1);
        assertThat(client.readToEnd()).isEmpty();
    }

    /** Moves the fake clock 1 ms at a time, running due tasks, until the pool has timed out {@code n} clients. */
    private static void advanceUntilTimeouts(WorkerPool pool, FakeClock clock, ManualScheduler scheduler, long n) {
        await().until(() -> {
            scheduler.runDue();
            if (pool.stats().clientTimeouts() >= n) {
                return true;
            }
            clock.advance(Duration.ofMillis(1));
            return false;
        });
    }

    @Test
    @DisplayName("PM-8: bufferSize 4 and abcdefghij in one write: one message of 10 bytes (chunks 4 + 4 + 2)")
    void bufferSize4_tenBytes_oneMessage() throws IOException {
        Queue<String> bodies = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages(lengthReply(bodies)).bufferSize(4));
        TestClient client = submitClient(pool);
        client.send("abcdefghij");
        assertThat(client.read(2)).isEqualTo("10");
        assertThat(bodies).containsExactly("abcdefghij");
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("fix: a message of exactly k x bufferSize bytes is delivered at once, without waiting for more")
    void exactMultipleOfBufferSize_deliveredAtOnce(ThreadMode mode) throws IOException {
        Queue<String> bodies = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages(lengthReply(bodies))
                .threadMode(mode)
                .bufferSize(4)
                .clientDeadline(Duration.ofMinutes(5)));
        TestClient client = submitClient(pool);
        client.send("abcd");
        assertThat(client.read(1)).as("pool-manager would wait for more data").isEqualTo("4");
        client.send("efghijkl");
        assertThat(client.read(1)).isEqualTo("8");
        assertThat(bodies).containsExactly("abcd", "efghijkl");
    }

    @Test
    void readMessage_growsAcrossManyChunks() throws IOException {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        InputStream in = new java.io.ByteArrayInputStream(data);
        assertThat(WorkerPool.readMessage(in, new byte[7])).isEqualTo(data);
        assertThat(WorkerPool.readMessage(in, new byte[7])).as("end of stream").isNull();
    }

    /** Records each message and replies with its length in decimal. */
    private static MessageHandler lengthReply(Queue<String> bodies) {
        return (client, message) -> {
            bodies.add(new String(message, StandardCharsets.UTF_8));
            client.output().write(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
        };
    }

    // ------------------------------------------------------------------ reaping: PM-9

    @Test
    @DisplayName("PM-9: min 1, max 0: three concurrent clients, all gone: the next reaping shrinks workers to 1")
    void reaping_afterBurst_shrinksToMinWorkers() throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(WorkerPool.forSessions(HOLD).minWorkers(1).scheduler(scheduler));
        assertThat(pool.workers()).isEqualTo(1);
        List<TestClient> clients = List.of(submitClient(pool), submitClient(pool), submitClient(pool));
        assertThat(pool.workers()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(2));
        scheduler.runDue();
        assertThat(pool.workers()).as("busy workers are never reaped").isEqualTo(3);
        for (TestClient c : clients) {
            c.close();
        }
        await().until(() -> pool.stats().idleWorkers() == 3);
        clock.advance(Duration.ofSeconds(2));
        scheduler.runDue();
        await().until(() -> pool.workers() == 1);
        assertThat(pool.stats().idleWorkers()).isEqualTo(1);
        assertThat(scheduler.pending()).as("the cleaner re-arms").isEqualTo(1);
        pool.stop(Duration.ofSeconds(10));
        assertThat(scheduler.pending()).as("a stop cancels the cleaner").isZero();
    }

    @Test
    @DisplayName("fix: with minWorkers 0 idle workers are reaped too (pool-manager never reaped them)")
    void reaping_minWorkersZero_shrinksToZero() throws IOException {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(
                WorkerPool.forSessions(HOLD).reapInterval(Duration.ofSeconds(5)).scheduler(scheduler));
        TestClient a = submitClient(pool);
        TestClient b = submitClient(pool);
        submitClient(pool);
        a.close();
        b.close();
        await().until(() -> pool.stats().idleWorkers() == 2);
        clock.advance(Duration.ofSeconds(4));
        assertThat(scheduler.runDue()).as("not yet a reap interval").isZero();
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        await().until(() -> pool.workers() == 1);
        assertThat(pool.busy()).isEqualTo(1);
    }

    @Test
    @DisplayName("an idle worker is reused (LIFO) before a new thread is started")
    void idleWorker_reusedBeforeSpawning() throws IOException {
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
            threads.add(Thread.currentThread().getName());
            client.output().write(message);
        }));
        for (int i = 0; i < 5; i++) {
            try (TestClient client = submitClient(pool)) {
                assertThat(client.exchange("x")).isEqualTo("x");
            }
            await().until(() -> pool.busy() == 0 && pool.stats().idleWorkers() == 1);
        }
        assertThat(pool.workers()).isEqualTo(1);
        assertThat(new ArrayList<>(threads).stream().distinct()).hasSize(1);
    }

    @Test
    @DisplayName("reconfigure raising minWorkers starts idle workers at once; lowering lets reaping shrink")
    void reconfigure_minWorkers_growsAndShrinks() {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).minWorkers(1).scheduler(scheduler));
        pool.reconfigure(pool.config().toBuilder().minWorkers(4).build());
        assertThat(pool.workers()).isEqualTo(4);
        pool.reconfigure(pool.config().toBuilder().minWorkers(2).build());
        clock.advance(WorkerPoolConfig.DEFAULT_REAP_INTERVAL);
        scheduler.runDue();
        await().until(() -> pool.workers() == 2);
    }

    @Test
    void reconfigure_otherName_rejected() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).name("a"));
        assertThatThrownBy(() ->
                        pool.reconfigure(WorkerPoolConfig.builder().name("b").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must stay 'a' on reconfigure, but was 'b'");
    }

    @Test
    void reconfigure_threadModeWhileRunning_rejectedButAllowedWhenStopped() throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        WorkerPoolConfig virtual =
                pool.config().toBuilder().threadMode(ThreadMode.VIRTUAL).build();
        assertThatThrownBy(() -> pool.reconfigure(virtual))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadMode must stay PLATFORM while the pool runs, but was VIRTUAL");
        pool.stop(Duration.ofSeconds(10));
        pool.reconfigure(virtual);
        pool.start();
        assertThat(submitClient(pool).exchange("v")).isEqualTo("v");
    }

    // ------------------------------------------------------------------ failures

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a handler that throws closes that connection, is counted, and the worker survives")
    void handlerThrows_closesConnectionCountsAndWorkerSurvives(ThreadMode mode) throws IOException {
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
                    threads.add(Thread.currentThread().getName());
                    if (new String(message, StandardCharsets.UTF_8).equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    client.output().write(message);
                })
                .threadMode(mode)
                .maxWorkers(1));
        TestClient first = submitClient(pool);
        first.send("boom");
        assertThat(first.readToEnd()).isEmpty();
        await().until(() -> pool.busy() == 0);
        assertThat(pool.stats().handlerFailures()).isEqualTo(1);
        assertThat(submitClient(pool).exchange("fine")).isEqualTo("fine");
        if (mode == ThreadMode.PLATFORM) {
            assertThat(new ArrayList<>(threads).stream().distinct())
                    .as("the same worker served both")
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("fix: the busy count stays exact after failed probes (peer reset before the worker reads)")
    void busyCount_afterResetBeforeRead_exact(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).threadMode(mode).maxWorkers(2));
        for (int i = 0; i < 20; i++) {
            TestClient.Pair pair = TestClient.pair(listener);
            pair.client().reset();
            pool.submit(pair.accepted());
            await().until(() -> pool.busy() == 0);
        }
        assertThat(submitClient(pool).exchange("alive")).isEqualTo("alive");
        assertThat(pool.stats())
                .extracting(WorkerPoolStats::accepted, WorkerPoolStats::rejected, WorkerPoolStats::handlerFailures)
                .containsExactly(21L, 0L, 0L);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a handler that closes the connection ends it without a failure")
    void handlerCloses_connectionEnds(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
                    client.output().write("bye".getBytes(StandardCharsets.US_ASCII));
                    client.close();
                })
                .threadMode(mode));
        TestClient client = submitClient(pool);
        client.send("quit");
        assertThat(client.readToEnd()).isEqualTo("bye");
        await().until(() -> pool.busy() == 0);
        assertThat(pool.stats().handlerFailures()).isZero();
    }

    // ------------------------------------------------------------------ sessions

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a session owns the connection for its life; traffic through its streams is counted")
    void session_ownsConnection_trafficCounted(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forSessions(client -> {
                    InputStream in = client.input();
                    OutputStream out = client.output();
                    byte[] buf = new byte[64];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                    }
                    client.socket().shutdownOutput(); // half-close: the client reads to the end
                })
                .threadMode(mode)
                .clientDeadline(Duration.ofMillis(1)));
        TestClient client = submitClient(pool);
        assertThat(client.exchange("one")).isEqualTo("one");
        assertThat(client.exchange("two")).as("no client deadline on sessions").isEqualTo("two");
        client.socket().shutdownOutput();
        assertThat(client.readToEnd()).isEmpty();
        await().until(() -> pool.busy() == 0);
        assertThat(pool.stats())
                .extracting(WorkerPoolStats::bytesRead, WorkerPoolStats::bytesWritten, WorkerPoolStats::messages)
                .containsExactly(6L, 6L, 0L);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a session that throws is counted, its connection closed, and the next one served")
    void session_throws_countedAndClosed(ThreadMode mode) throws IOException {
        AtomicBoolean fail = new AtomicBoolean(true);
        WorkerPool pool = started(WorkerPool.forSessions(client -> {
                    if (fail.getAndSet(false)) {
                        throw new IOException("backend down");
                    }
                    client.output().write("ok".getBytes(StandardCharsets.US_ASCII));
                })
                .threadMode(mode));
        assertThat(submitClient(pool).readToEnd()).isEmpty();
        assertThat(submitClient(pool).readToEnd()).isEqualTo("ok");
        await().until(() -> pool.busy() == 0);
        assertThat(pool.stats().handlerFailures()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ stop: PM-13, restart

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-13: stop waits for a running handler, which finishes and replies; then returns true")
    void stop_runningHandler_waitsThenDrained(ThreadMode mode) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        WorkerPool pool = started(WorkerPool.forMessages((client, message) -> {
                    held.countDown();
                    letGo.await();
                    client.output().write(message);
                })
                .threadMode(mode)
                .clientDeadline(Duration.ofMinutes(5)));
        TestClient working = submitClient(pool);
        TestClient waiting = submitClient(pool);
        working.send("job");
        held.await();
        AtomicBoolean drained = new AtomicBoolean();
        Thread stopper = Thread.ofVirtual().start(() -> drained.set(pool.stop(Duration.ofMinutes(1))));
        await().until(() -> !pool.isRunning());
        assertThat(waiting.readToEnd())
                .as("a connection between messages is closed at once")
                .isEmpty();
        await().until(() -> pool.busy() == 1);
        assertThat(stopper.isAlive()).as("the running handler is given time").isTrue();
        letGo.countDown();
        assertThat(working.read(3)).isEqualTo("job");
        assertThat(working.readToEnd()).as("closed once its handler returned").isEmpty();
        stopper.join();
        assertThat(drained).isTrue();
        assertThat(pool.workers()).isZero();
        assertThat(pool.stats().handlerFailures()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("PM-13: a handler that overruns the stop timeout has its connection closed; stop returns false")
    void stop_handlerOverrunsTimeout_closedAndFalse(ThreadMode mode) throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        WorkerPool pool = started(WorkerPool.forSessions(client -> {
                    inHandler.countDown();
                    never.await(); // interrupted by the stop's force phase
                })
                .threadMode(mode));
        TestClient client = submitClient(pool);
        inHandler.await();
        assertThat(pool.stop(Duration.ofMillis(50))).isFalse();
        assertThat(pool.workers()).isZero();
        assertThat(pool.busy()).isZero();
        assertThat(client.readToEnd()).isEmpty();
        assertThat(pool.stats().handlerFailures()).as("the interrupted session").isEqualTo(1);
        Threads.assertNoThreadsNamed("poolkit-worker-");
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("a session blocked reading its client is closed by stop(0); no thread is left")
    void stop_zero_closesBlockedSessions(ThreadMode mode) throws IOException {
        WorkerPool pool = started(WorkerPool.forSessions(HOLD).threadMode(mode));
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(submitClient(pool));
        }
        assertThat(pool.stop(Duration.ZERO)).isFalse();
        for (TestClient c : clients) {
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(pool.workers()).isZero();
        assertThat(pool.busy()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @DisplayName("restart after stop works, and again after a second stop")
    void start_afterStop_servesAgain(ThreadMode mode) throws IOException {
        WorkerPool pool =
                started(WorkerPool.forMessages(ECHO).threadMode(mode).minWorkers(mode == ThreadMode.PLATFORM ? 2 : 0));
        for (int round = 0; round < 3; round++) {
            TestClient client = submitClient(pool);
            assertThat(client.exchange("round " + round)).isEqualTo("round " + round);
            assertThat(pool.stop(Duration.ofSeconds(30))).isTrue();
            assertThat(pool.workers()).isZero();
            assertThat(client.readToEnd()).isEmpty();
            pool.start();
        }
        assertThat(pool.stats().accepted()).isEqualTo(3);
    }

    @Test
    void stop_negativeTimeout_rejected() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO));
        assertThatThrownBy(() -> pool.stop(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-0.001S");
    }

    @Test
    void stop_twice_secondReturnsAtOnce() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).minWorkers(2));
        assertThat(pool.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(pool.stop(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void close_thenStart_rejected() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).name("gone"));
        pool.close();
        pool.close();
        assertThatThrownBy(pool::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WorkerPool 'gone' is closed");
    }

    @Test
    @DisplayName("platform workers and the cleaner are named poolkit-worker-<name>-...; none is left after stop")
    void threads_namedAfterPool_noneLeftAfterStop() {
        WorkerPool pool = started(WorkerPool.forMessages(ECHO).name("named").minWorkers(2));
        assertThat(Threads.threadsNamed("poolkit-worker-named-"))
                .contains("poolkit-worker-named-1", "poolkit-worker-named-2");
        pool.stop(Duration.ofSeconds(5));
        Threads.assertNoThreadsNamed("poolkit-worker-named-");
    }
}
