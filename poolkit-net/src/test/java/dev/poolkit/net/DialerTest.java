package dev.poolkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.BlackholeServer;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP dialer against real loopback servers. */
@Timeout(30)
class DialerTest {

    @Test
    void dial_setsOptionsAndTimeouts() throws IOException {
        Dialer dialer = Dialer.tcp(
                DialerConfig.builder().readTimeout(Duration.ofMillis(1500)).build());
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Socket socket = dialer.dial(new HostAndPort("127.0.0.1", server.port()))) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getTcpNoDelay()).isTrue();
            assertThat(socket.getKeepAlive()).isTrue();
            assertThat(socket.getSoTimeout()).isEqualTo(1500);
            socket.getOutputStream().write(42);
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
    }

    @Test
    void tcpChannel_dial_ownChannelInBlockingModeWithTheOptions() throws IOException {
        Dialer dialer = Dialer.tcpChannel(
                DialerConfig.builder().readTimeout(Duration.ofMillis(1500)).build());
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Socket socket = dialer.dial(new HostAndPort("127.0.0.1", server.port()))) {
            SocketChannel channel = socket.getChannel();
            assertThat(channel).isNotNull();
            assertThat(channel.socket()).isSameAs(socket);
            assertThat(channel.isBlocking()).isTrue();
            assertThat(socket.getTcpNoDelay()).isTrue();
            assertThat(socket.getKeepAlive()).isTrue();
            assertThat(socket.getSoTimeout()).isEqualTo(1500);
            socket.getOutputStream().write(42);
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
        assertThat(dialer.toString()).startsWith("Dialer[tcp-channel, ");
    }

    @Test
    void tcp_dial_plainSocketWithoutChannel() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Socket socket = Dialer.tcp().dial(server.address())) {
            assertThat(socket.getChannel()).isNull();
        }
    }

    @Test
    void tcpChannel_refusedOrSilent_sameErrorsAsPlain() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HostAndPort address = new HostAndPort("127.0.0.1", port);
        assertThatThrownBy(() -> Dialer.tcpChannel(DialerConfig.defaults()).dial(address))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("connect to 127.0.0.1:" + port + " failed: ");
        try (BlackholeServer hole = BlackholeServer.start()) {
            Dialer dialer = Dialer.tcpChannel(DialerConfig.builder()
                    .connectTimeout(Duration.ofMillis(200))
                    .build());
            assertThatThrownBy(() -> dialer.dial(hole.address()))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageEndingWith(" timed out after 200 ms");
        }
    }

    @Test
    void dial_optionsOff_areOff() throws IOException {
        Dialer dialer = Dialer.tcp(
                DialerConfig.builder().tcpNoDelay(false).keepAlive(false).build());
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Socket socket = dialer.dial(server.address())) {
            assertThat(socket.getTcpNoDelay()).isFalse();
            assertThat(socket.getKeepAlive()).isFalse();
            assertThat(socket.getSoTimeout()).isZero();
        }
    }

    @Test
    void dial_subMillisecondTimeout_isNotForever() throws IOException {
        Dialer dialer = Dialer.tcp(
                DialerConfig.builder().readTimeout(Duration.ofNanos(1)).build());
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.SILENT);
                Socket socket = dialer.dial(server.address())) {
            assertThat(socket.getSoTimeout()).isEqualTo(1);
        }
    }

    @Test
    void dial_refused_namesTheAddress() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HostAndPort address = new HostAndPort("127.0.0.1", port);
        assertThatThrownBy(() -> Dialer.tcp().dial(address))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("connect to 127.0.0.1:" + port + " failed: ");
    }

    /**
     * A name with a space: the resolver rejects it without sending a query, so the test stays on this
     * machine (a name under {@code .invalid} would still ask the configured DNS server).
     */
    @Test
    void dial_unresolvable_namesTheHost() {
        InetSocketAddress address = InetSocketAddress.createUnresolved("no such host", 80);
        assertThatThrownBy(() -> Dialer.tcp().dial(address))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("cannot resolve host 'no such host'");
    }

    @Test
    void dial_blackholed_timesOutAtTheConnectTimeout() throws IOException {
        Dialer dialer = Dialer.tcp(
                DialerConfig.builder().connectTimeout(Duration.ofMillis(200)).build());
        try (BlackholeServer hole = BlackholeServer.start()) {
            InetSocketAddress address = hole.address();
            assertThatThrownBy(() -> dialer.dial(address))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("connect to " + address.getHostString() + ":" + address.getPort()
                            + " timed out after 200 ms");
        }
    }

    @Test
    void config_badValues_rejected() {
        assertThatThrownBy(() ->
                        DialerConfig.builder().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> DialerConfig.builder()
                        .readTimeout(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readTimeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> DialerConfig.builder().readTimeout(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("readTimeout");
        assertThat(DialerConfig.defaults().toBuilder().build()).isEqualTo(DialerConfig.defaults());
    }
}
