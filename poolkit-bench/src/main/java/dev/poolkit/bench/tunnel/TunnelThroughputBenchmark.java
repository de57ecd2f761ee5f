package dev.poolkit.bench.tunnel;

import dev.poolkit.net.tunnel.TunnelConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.SplittableRandom;
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
 * Bulk throughput over one pooled tunnel connection, TLS 1.3 (AES-GCM, as JSSE negotiates it)
 * against plain TCP: each operation writes {@code chunk} bytes from the client end; a thread on
 * the server end reads and discards everything, so TCP flow control keeps the writer honest.
 * Bytes per second = ops/s x {@code chunk}. NodePass claims ~80% of plain for self-signed TLS (§5.5).
 * TLS needs a longer warm-up than plain TCP before the AES-GCM intrinsics are compiled in.
 *
 * <pre>
 * poolkit-bench/run.sh TunnelThroughputBenchmark -f 1 -wi 3 -i 5 -w 3s -r 5s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TunnelThroughputBenchmark {

    @Param({"plain", "tls"})
    String transport;

    @Param({"65536"})
    int chunk;

    private TunnelFixture tunnel;
    private TunnelConnection serverEnd;
    private TunnelConnection clientEnd;
    private OutputStream out;
    private byte[] data;
    private Thread sink;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        tunnel = TunnelFixture.start(transport.equals("tls"), 1, Duration.ofSeconds(1));
        serverEnd = tunnel.takeServerEnd();
        clientEnd = tunnel.client.get(serverEnd.id());
        out = clientEnd.output();
        data = new byte[chunk];
        new SplittableRandom(42).nextBytes(data); // incompressible, though TLS 1.3 does not compress
        InputStream in = serverEnd.input();
        sink = Thread.ofPlatform().name("bench-sink").start(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        });
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        clientEnd.close();
        serverEnd.close();
        sink.join();
        tunnel.close();
    }

    @Benchmark
    public void write() throws IOException {
        out.write(data);
    }
}
