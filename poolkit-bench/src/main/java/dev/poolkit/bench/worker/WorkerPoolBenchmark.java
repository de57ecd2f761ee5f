package dev.poolkit.bench.worker;

import dev.poolkit.net.worker.AcceptLoop;
import dev.poolkit.net.worker.MessageHandler;
import dev.poolkit.net.worker.ThreadMode;
import dev.poolkit.net.worker.WorkerPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * per accepted socket, reading into a 5120-byte buffer and writing back what it read).
 *
 * <p>{@code clients} connections stay open for the whole trial, each driven by a virtual thread. One
 * benchmark invocation is one round: every client sends {@value #MESSAGES}{@code / clients} 16-byte
 * messages one after the other, each waiting for its echo, all clients at once; the score is messages
 * per second ({@code @OperationsPerInvocation(MESSAGES)}). So with 5,000 clients every one of them has
 * a message in flight at the same time. Clients, server and JMH share the machine's cores. A round
 * takes up to about a second, so iterations should last several seconds.
 *
 * <p>Each client costs two file descriptors in the benchmark JVM (client and accepted socket): 5,000
 * clients need {@code ulimit -n} above 10,000.
 *
 * Command (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl poolkit-bench -am package -DskipTests
 * $(bin/find-jdk)/bin/java -jar poolkit-bench/target/benchmarks.jar WorkerPoolBenchmark \
 *     -f 1 -wi 3 -i 5 -w 5s -r 5s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class WorkerPoolBenchmark {

    /**
     * Messages per invocation, over all clients: 500 per client with 100 clients, 10 with 5,000, so that
     * the two barrier phases of a round cost little per message in both cases.
     */
    static final int MESSAGES = 50_000;

    private static final int MESSAGE_SIZE = 16;
    private static final MessageHandler ECHO =
            (client, message) -> client.output().write(message);

    @Param({"virtual", "platform", "thread-per-connection"})
    public String server;

    @Param({"100", "5000"})
    public int clients;

    private AutoCloseable running;
    private Clients group;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int port;
        if (server.equals("thread-per-connection")) {
            ThreadPerConnectionServer baseline = new ThreadPerConnectionServer();
            running = baseline;
            port = baseline.port();
        } else {
            WorkerPool pool = WorkerPool.forMessages(ECHO)
                    .name("bench")
                    .threadMode(server.equals("virtual") ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM)
                    .clientDeadline(Duration.ofMinutes(10)) // clients pause between iterations
                    .build();
            AcceptLoop loop = AcceptLoop.builder(pool).backlog(4096).start();
            running = loop;
            port = loop.port();
        }
        group = new Clients(port, clients, MESSAGES / clients);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void echo() throws Exception {
        group.round();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        group.close();
        running.close();
    }

    /**
     * The clients: each a socket and a virtual thread that runs one batch of exchanges per round. Rounds
     * are started with a semaphore per client and awaited with a latch, neither of which spins: a
     * spinning barrier (such as {@link java.util.concurrent.Phaser}) would keep virtual client threads
     * on the carriers that a virtual-thread server needs, and so handicap it against platform servers.
     */
    static final class Clients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Semaphore> starts = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile CountDownLatch done;
        private volatile boolean closing;

        Clients(int port, int count, int perRound) throws IOException {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000); // a broken server fails the run instead of hanging it
                Semaphore start = new Semaphore(0);
                sockets.add(socket);
                starts.add(start);
                threads.add(Thread.ofVirtual().start(() -> run(socket, start, perRound)));
            }
        }

        private void run(Socket socket, Semaphore start, int perRound) {
            byte[] message = new byte[MESSAGE_SIZE];
            try {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    start.acquire();
                    if (closing) {
                        return;
                    }
                    try {
                        for (int m = 0; m < perRound; m++) {
                            out.write(message);
                            if (in.readNBytes(message, 0, MESSAGE_SIZE) != MESSAGE_SIZE) {
                                throw new IOException("the server closed the connection");
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        void round() throws Exception {
            done = new CountDownLatch(starts.size());
            for (Semaphore start : starts) {
                start.release();
            }
            done.await();
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("a client failed", t);
            }
        }

        @Override
        public void close() throws Exception {
            closing = true;
            starts.forEach(Semaphore::release);
            for (Thread t : threads) {
                t.join();
            }
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** The baseline: a platform thread per accepted connection, echoing what it reads. */
    static final class ThreadPerConnectionServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final Thread acceptor;

        ThreadPerConnectionServer() throws IOException {
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
                    open.add(socket);
                    Thread.ofPlatform().daemon().start(() -> echo(socket));
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
        }
    }
}
