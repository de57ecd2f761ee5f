package dev.poolkit.bench.net;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.HostPool;
import dev.poolkit.net.host.HostPoolConfig;
import dev.poolkit.pool.PoolConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a pooled connection saves (issue 20's bar: a pooled lease at least 20x cheaper than a fresh
 * connect), on loopback, one thread:
 *
 * <ul>
 *   <li>{@code pooledLeaseRelease}: {@link HostPool#acquire()} of an idle connection and its {@link
 *       Connection#release()}, as every request through a pool pays (recently used, so the
 *       test-on-borrow probe does not run);
 *   <li>{@code freshConnect}: what that replaces, a TCP connect with {@link Dialer#tcp()} and a
 *       close, as a request without a pool pays.
 * </ul>
 *
 * <pre>
 * poolkit-bench/run.sh HostLeaseBenchmark -f 1 -wi 2 -i 5 -w 2s -r 5s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class HostLeaseBenchmark {

    LoopbackEchoServer server;
    InetSocketAddress address;
    HostPool pool;
    Dialer dialer;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = LoopbackEchoServer.start();
        address = server.address();
        pool = HostPool.builder(address)
                .name("bench")
                .config(HostPoolConfig.builder()
                        .pool(PoolConfig.builder().maxSize(4).minIdle(1).build())
                        .build())
                .build();
        pool.acquire().release(); // dialled before measuring
        dialer = Dialer.tcp();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        pool.close();
        server.close();
    }

    @Benchmark
    public boolean pooledLeaseRelease() throws InterruptedException {
        Connection c = pool.acquire();
        c.release();
        return c.isActive();
    }

    @Benchmark
    public int freshConnect() throws IOException {
        try (Socket socket = dialer.dial(address)) {
            return socket.getLocalPort();
        }
    }
}
