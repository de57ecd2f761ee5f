package dev.poolkit.bench.tunnel;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsDialer;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.TunnelConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
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
 * Time to a ready TLS connection on loopback (design §8: a pre-warmed TLS acquire at least 20x
 * faster than a fresh handshake, goal p99 under 50 µs), each invocation timed on its own ({@code
 * Mode.SampleTime}: read p50 and p99):
 *
 * <ul>
 *   <li>{@code pooledGet}: {@link dev.poolkit.net.tunnel.TunnelClientPool#get(String)} of a
 *       connection the client pool established, TLS 1.3 handshake and ID exchange done, before the
 *       request came; the server side has taken its end and named the ID, as an application does;
 *   <li>{@code connectAndHandshake}: what that saves, a TCP connect plus a full TLS 1.3 handshake
 *       (ECDSA P-256) with {@link TlsDialer}; the session is invalidated afterwards so that every
 *       handshake is a full one, not a resumption;
 *   <li>{@code connectPlain}: a plain TCP connect, for scale.
 * </ul>
 *
 * Per-invocation set-up (not timed) takes the server's end and waits for the client's, and closes
 * both afterwards, so each {@code pooledGet} sample costs a pre-warmed connection: the samples come
 * at the rate the pool can handshake (a few hundred per second on 2 cores).
 *
 * <pre>
 * poolkit-bench/run.sh TlsLeaseBenchmark -f 1 -wi 2 -i 5 -w 2s -r 5s
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TlsLeaseBenchmark {

    /** A TLS tunnel: 64 connections kept ready, refilled every millisecond. */
    @State(Scope.Thread)
    public static class Pooled {
        TunnelFixture tunnel;
        TunnelConnection serverEnd;
        TunnelConnection clientEnd;

        @Setup(Level.Trial)
        public void start() throws IOException {
            tunnel = TunnelFixture.start(true, 64, Duration.ofMillis(1));
        }

        @Setup(Level.Invocation)
        public void takeServerEnd() throws InterruptedException {
            serverEnd = tunnel.takeServerEnd();
        }

        @TearDown(Level.Invocation)
        public void closeBothEnds() {
            if (clientEnd == null) {
                throw new IllegalStateException("the client pool had no connection " + serverEnd.id());
            }
            clientEnd.close();
            serverEnd.close();
            clientEnd = null;
        }

        @TearDown(Level.Trial)
        public void stop() {
            tunnel.close();
        }
    }

    /** A loopback TLS 1.3 server and a plain TCP server that accept and hold connections until closed. */
    @State(Scope.Thread)
    public static class Fresh {
        ServerSocket tlsListener;
        ServerSocket plainListener;
        InetSocketAddress tlsAddress;
        InetSocketAddress plainAddress;
        Dialer plain;
        TlsDialer tls;
        Socket socket;

        @Setup(Level.Trial)
        public void start() throws IOException {
            SelfSignedCertificate certificate = SelfSignedCertificate.generate("poolkit-bench", "localhost");
            TlsServerConfig server = TlsServerConfig.of(certificate);
            tlsListener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            plainListener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            tlsAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), tlsListener.getLocalPort());
            plainAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), plainListener.getLocalPort());
            Thread.ofVirtual().start(() -> accept(tlsListener, server));
            Thread.ofVirtual().start(() -> accept(plainListener, null));
            plain = Dialer.tcp();
            tls = new TlsDialer(
                    plain, TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build());
        }

        private static void accept(ServerSocket listener, TlsServerConfig tls) {
            while (!listener.isClosed()) {
                try {
                    Socket accepted = listener.accept();
                    accepted.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> hold(accepted, tls));
                } catch (IOException e) {
                    return; // closed at tear-down
                }
            }
        }

        private static void hold(Socket accepted, TlsServerConfig tls) {
            try (Socket socket = tls == null ? accepted : tls.secure(accepted)) {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // until the client closes
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @TearDown(Level.Invocation)
        public void closeSocket() throws IOException {
            if (socket instanceof SSLSocket ssl) {
                ssl.getSession().invalidate(); // the next handshake is a full one
            }
            socket.close();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            tlsListener.close();
            plainListener.close();
        }
    }

    @Benchmark
    public TunnelConnection pooledGet(Pooled state) {
        return state.clientEnd = state.tunnel.client.get(state.serverEnd.id());
    }

    @Benchmark
    public Socket connectAndHandshake(Fresh state) throws IOException {
        return state.socket = state.tls.dial(state.tlsAddress);
    }

    @Benchmark
    public Socket connectPlain(Fresh state) throws IOException {
        return state.socket = state.plain.dial(state.plainAddress);
    }
}
