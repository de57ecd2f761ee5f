package dev.poolkit.bench.worker;

import com.sun.management.OperatingSystemMXBean;
import dev.poolkit.net.worker.AcceptLoop;
import dev.poolkit.net.worker.MessageHandler;
import dev.poolkit.net.worker.ThreadMode;
import dev.poolkit.net.worker.WorkerPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second through an inbound server on loopback: the {@link WorkerPool} (message form,
 * behind an {@link AcceptLoop}) in {@code virtual} and {@code platform} thread mode, against a plain
 * thread-per-connection server as the baseline ({@code thread-per-connection}: one platform thread
 * per accepted socket, reading into a 5120-byte buffer and writing back what it read). The same plain
 * server with a virtual thread per socket ({@code virtual-thread-per-connection}) is what the JDK's
 * blocking I/O on virtual threads costs without the pool, so that the pool's own share can be told
 * apart from the JDK's and the kernel's. Four more servers, not run by default ({@code -p
 * server=proto-...}), are the prototypes of {@link SelectorHandoffServer}: poolkit's own selector
 * threads framing the messages, with the handler on a virtual thread or on the selector thread.
 *
 * <p>The load is the same for every server: {@code clients} connections, opened and each served once
 * in the trial's setup, then kept busy for the whole trial. Every client has exactly one 16-byte
 * message in flight at any time: the moment its echo is complete it sends the next one (a closed
 * loop). One invocation is {@value #BATCH} completed echoes, over all clients; the score is messages
 * per second ({@code @OperationsPerInvocation(BATCH)}). With 5,000 clients, 5,000 messages are in
 * flight at every instant.
 *
 * <p>The clients are one event loop ({@link Selector}, non-blocking channels) run by JMH's own
 * thread, for two reasons that decide whether the comparison is fair and stable:
 *
 * <ul>
 *   <li>Independence from the server's threading. Clients on virtual threads park and unpark on the
 *       same ForkJoinPool carriers and the same JDK read pollers as a virtual-thread server, and not
 *       as a platform-thread server; the client side then cost a different amount per variant. An
 *       event loop on a platform thread costs the same whatever serves it (a write, a read and a share
 *       of an {@code epoll_wait} per message), as load tools such as wrk or redis-benchmark do.
 *   <li>No rounds. An earlier version released every client with a semaphore and awaited them all
 *       with a latch per invocation: each round began with every client at once and ended waiting for
 *       the slowest, with fewer and fewer messages in flight, so the score depended on the tail of a
 *       round and the intervals were as wide as the scores. A closed loop that never stops measures
 *       the steady state; connection set-up, accepts and worker starts happen in the setup, before any
 *       warm-up iteration.
 * </ul>
 *
 * <p>Clients, server and JMH share the machine's cores; on 2 cores the event loop takes a fixed share
 * of them. Each client costs two file descriptors in the benchmark JVM (client and accepted socket):
 * 5,000 clients need {@code ulimit -n} above 10,000.
 *
 * <p>Run at least 5 measurement iterations. JMH's interval is the 99.9% Student-t one: with 3
 * iterations its half-width is 18 times their standard deviation, so a spread of 5% between
 * iterations already reads as ±90%; with 5 iterations it is 3.9 times.
 *
 * <pre>
 * poolkit-bench/run.sh WorkerPoolBenchmark -f 1 -wi 3 -i 5 -w 3s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class WorkerPoolBenchmark {

    /** Completed echoes per invocation, over all clients: about a tenth of a second here. */
    static final int BATCH = 10_000;

    private static final int MESSAGE_SIZE = 16;
    private static final MessageHandler ECHO =
            (client, message) -> client.output().write(message);

    /**
     * The server. Besides the four defaults, {@code -p server=proto-parked,proto-per-message,
     * proto-inline,proto-takeover} runs the selector prototypes of {@link SelectorHandoffServer}, and
     * two diagnostic servers tell the socket type apart from the pool's own work: {@code
     * virtual-thread-per-channel} is the bare virtual-thread server on channel-backed sockets (what
     * {@link AcceptLoop} accepts), and {@code virtual-plain-sockets} is the virtual-mode pool fed by
     * {@link WorkerPool#submit} from a plain {@link ServerSocket} (the bare server's socket type).
     */
    @Param({"virtual", "platform", "thread-per-connection", "virtual-thread-per-connection"})
    public String server;

    @Param({"100", "5000"})
    public int clients;

    private AutoCloseable running;
    private Clients load;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int port;
        if (server.startsWith("proto-")) {
            SelectorHandoffServer proto = new SelectorHandoffServer(
                    switch (server) {
                        case "proto-parked" -> SelectorHandoffServer.Handoff.PARKED;
                        case "proto-per-message" -> SelectorHandoffServer.Handoff.PER_MESSAGE;
                        case "proto-takeover" -> SelectorHandoffServer.Handoff.INLINE_TAKEOVER;
                        case "proto-inline" -> SelectorHandoffServer.Handoff.INLINE;
                        default ->
                            throw new IllegalArgumentException(
                                    "server must be one of the prototypes, but was " + server);
                    });
            running = proto;
            port = proto.port();
        } else if (server.endsWith("thread-per-connection") || server.equals("virtual-thread-per-channel")) {
            ThreadPerConnectionServer baseline = new ThreadPerConnectionServer(
                    server.startsWith("virtual")
                            ? Thread.ofVirtual()
                            : Thread.ofPlatform().daemon(),
                    server.endsWith("channel") ? ServerSocketChannel.open().socket() : new ServerSocket(),
                    null);
            running = baseline;
            port = baseline.port();
        } else {
            boolean plain = server.equals("virtual-plain-sockets");
            WorkerPool pool = WorkerPool.forMessages(ECHO)
                    .name("bench")
                    .threadMode(server.equals("virtual") || plain ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM)
                    .clientDeadline(Duration.ofMinutes(10)) // clients pause between iterations
                    .build();
            if (plain) {
                pool.start();
                ThreadPerConnectionServer submitting = new ThreadPerConnectionServer(null, new ServerSocket(), pool);
                running = submitting;
                port = submitting.port();
            } else {
                AcceptLoop loop = AcceptLoop.builder(pool).backlog(4096).start();
                running = loop;
                port = loop.port();
            }
        }
        load = new Clients(port, clients);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void echo(Cost cost) throws IOException {
        load.exchange(BATCH);
        cost.completed();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        load.close();
        running.close();
    }

    /**
     * How many cores the benchmark JVM keeps busy, reported as {@code echo:cores} (JMH prints its unit
     * as ops/s: CPU seconds per second): process CPU time, user and kernel, of the server, the clients,
     * the kernel's work for both ends of loopback, JMH and the JVM. Divided by the score it is the CPU
     * cost of one message. On a machine shared with other work the score also depends on how much of
     * the cores this JVM wins from other processes, and a server with more runnable threads wins more;
     * the cost per message depends far less on that, so the two together tell a slower server from a
     * starved one. On an otherwise idle machine, a server that keeps every core busy is CPU-bound.
     * {@code echo:generator} is the share of that taken by the load generator's thread.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cost {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        /** CPU seconds the JVM used in this iteration; JMH divides it by the iteration's time. */
        public double cores;

        /**
         * CPU seconds the load generator's thread used in this iteration, its kernel work for the
         * clients' end of loopback included; near 1 per second, the generator limits the score.
         */
        public double generator;

        private long lastProcess;
        private long lastThread;

        @Setup(Level.Iteration)
        public void reset() {
            cores = 0;
            generator = 0;
            lastProcess = OS.getProcessCpuTime();
            lastThread = THREADS.getCurrentThreadCpuTime();
        }

        /** Called on the generator's thread after each invocation. */
        void completed() {
            long process = OS.getProcessCpuTime();
            long thread = THREADS.getCurrentThreadCpuTime();
            cores += (process - lastProcess) / 1e9;
            generator += (thread - lastThread) / 1e9;
            lastProcess = process;
            lastThread = thread;
        }
    }

    /**
     * The clients: non-blocking channels on one selector, each with one message in flight. Driven only
     * while a thread runs {@link #exchange}; between invocations an echo waits in its socket's buffer.
     */
    static final class Clients implements AutoCloseable {
        /** A stuck or broken server fails the run instead of hanging it. */
        private static final long STALL_MILLIS = 30_000;

        private final Selector selector;
        private final List<Client> all = new ArrayList<>();
        private int answered; // clients that have received at least one echo
        private int quota; // of the running drive(): echoes it may still complete
        private int completed; // of the running drive()
        private IOException failure; // of the running drive(), thrown when its select returns

        Clients(int port, int count) throws IOException {
            selector = Selector.open();
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Client c = new Client(channel);
                channel.register(selector, SelectionKey.OP_READ, c);
                all.add(c);
                c.send();
            }
            while (answered < count) { // every connection is accepted and served before the first iteration
                drive(count);
            }
        }

        /** Runs the clients until {@code count} echoes have completed. */
        void exchange(int count) throws IOException {
            int done = 0;
            while (done < count) {
                done += drive(count - done);
            }
        }

        /**
         * One select: completes at most {@code max} echoes, sending each client's next message at once.
         * The action form of select adds nothing to a selected-key set: that set's table grows to the
         * client count once (every client is ready at the start) and iterating it would then cost as
         * much per select as there are clients, a load-generator cost that grows with the client count.
         *
         * @return the number of echoes completed
         */
        private int drive(int max) throws IOException {
            quota = max;
            completed = 0;
            if (selector.select(this::ready, STALL_MILLIS) == 0) {
                throw new IOException("no echo for " + STALL_MILLIS + " ms");
            }
            if (failure != null) {
                IOException e = failure;
                failure = null;
                throw e;
            }
            return completed;
        }

        private void ready(SelectionKey key) {
            if (completed >= quota || failure != null) {
                return; // still readable, so the next select reports it again (level-triggered)
            }
            Client c = (Client) key.attachment();
            try {
                if (c.receive()) {
                    completed++;
                    if (c.echoes == 1) {
                        answered++;
                    }
                    c.send();
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public void close() throws IOException {
            for (Client c : all) {
                c.channel.close();
            }
            selector.close();
        }
    }

    /** One connection of the load. */
    static final class Client {
        final SocketChannel channel;
        private final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE_SIZE);
        private final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE_SIZE);
        long echoes;

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        void send() throws IOException {
            out.clear();
            channel.write(out);
            // at most one message is in flight, so the socket's send buffer always has room for it
            if (out.hasRemaining()) {
                throw new IOException("a 16-byte write did not complete on " + channel);
            }
        }

        /** Reads what has arrived; true when the echo is complete. */
        boolean receive() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed " + channel);
            }
            if (in.hasRemaining()) {
                return false;
            }
            in.clear();
            echoes++;
            return true;
        }
    }

    /**
     * The baseline: a thread per accepted connection, echoing what it reads. Given a pool instead, it
     * submits every accepted socket to it ({@code virtual-plain-sockets}).
     */
    static final class ThreadPerConnectionServer implements AutoCloseable {
        private final ServerSocket listener;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final Thread.Builder threads; // null when a pool serves
        private final WorkerPool pool; // null when a thread per connection serves
        private final Thread acceptor;

        ThreadPerConnectionServer(Thread.Builder threads, ServerSocket listener, WorkerPool pool) throws IOException {
            this.threads = threads;
            this.listener = listener;
            this.pool = pool;
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            acceptor = Thread.ofPlatform().daemon().name("baseline-acceptor").start(this::acceptAll);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptAll() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    socket.setTcpNoDelay(true);
                    if (pool != null) {
                        pool.submit(socket); // the pool closes it
                    } else {
                        open.add(socket);
                        threads.start(() -> echo(socket));
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void echo(Socket socket) {
            byte[] buffer = new byte[5120];
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                open.remove(socket);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join();
            for (Socket s : open) {
                s.close();
            }
            if (pool != null) {
                pool.close();
            }
        }
    }
}
