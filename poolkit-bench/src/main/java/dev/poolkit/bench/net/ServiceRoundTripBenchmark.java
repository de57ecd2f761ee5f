package dev.poolkit.bench.net;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.net.service.Service;
import dev.poolkit.net.service.ServiceConfig;
import dev.poolkit.pool.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link Service} adds to a request (issue 20's bar: under 10% of a loopback round trip): one
 * 16-byte request and its echo on loopback, one thread,
 *
 * <ul>
 *   <li>{@code direct}: on a socket kept open, as a client without a service does;
 *   <li>{@code service}: through {@link Service#getConnection()} (refresh, select, lease) and
 *       {@link Connection#release(Throwable, double)} (end, rate, feedback), over {@code hosts}
 *       echo servers with strategy {@code strategy};
 *   <li>{@code serviceOverhead}: the service's part alone, {@code getConnection} and the release
 *       without the exchange, so that the difference between the first two can be told from noise.
 * </ul>
 *
 * <pre>
 * poolkit-bench/run.sh ServiceRoundTripBenchmark -f 1 -wi 2 -i 5 -w 2s -r 5s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class ServiceRoundTripBenchmark {

    private static final byte[] REQUEST = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Param({"1", "3"})
    int hosts;

    @Param({"thompson-cd", "round-robin"})
    String strategy;

    final List<LoopbackEchoServer> servers = new ArrayList<>();
    final byte[] answer = new byte[REQUEST.length];
    Service service;
    Socket socket;
    InputStream in;
    OutputStream out;

    @Setup(Level.Trial)
    public void start() throws Exception {
        for (int i = 0; i < hosts; i++) {
            servers.add(LoopbackEchoServer.start());
        }
        service = Service.builder("bench")
                .config(ServiceConfig.builder()
                        .strategy(strategy)
                        .hostPool(HostPoolConfig.builder()
                                .pool(PoolConfig.builder().maxSize(4).minIdle(1).build())
                                .build())
                        .build())
                .build();
        for (LoopbackEchoServer server : servers) {
            service.add(new HostAndPort("127.0.0.1", server.address().getPort()));
        }
        for (int i = 0; i < 2 * hosts; i++) {
            service();
        }
        socket = new Socket(
                servers.get(0).address().getAddress(), servers.get(0).address().getPort());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        socket.close();
        service.close();
        for (LoopbackEchoServer server : servers) {
            server.close();
        }
    }

    @Benchmark
    public byte[] direct() throws IOException {
        out.write(REQUEST);
        readFully(in, answer);
        return answer;
    }

    @Benchmark
    public byte[] service() throws Exception {
        Connection c = service.getConnection();
        try {
            c.output().write(REQUEST);
            readFully(c.input(), answer);
            c.release(null, 1.0);
        } catch (IOException e) {
            c.release(e, 0.0);
            throw e;
        }
        return answer;
    }

    @Benchmark
    public boolean serviceOverhead() throws InterruptedException {
        Connection c = service.getConnection();
        c.release(null, 1.0);
        return c.isActive();
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            int r = in.read(into, n, into.length - n);
            if (r < 0) {
                throw new IOException("the echo server closed the connection");
            }
            n += r;
        }
    }
}
