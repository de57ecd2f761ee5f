package dev.poolkit.pool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fixture itself: echo, close, counts, and stop/restart on the same port. */
@Timeout(30)
class LoopbackServerTest {

    @Test
    void echo_writesBackWhatItReads_andCountsOpenConnections() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO)) {
            try (Socket socket = new Socket(server.host(), server.port())) {
                socket.getOutputStream().write(new byte[] {1, 2, 3});
                assertThat(socket.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
                Awaits.await().until(() -> server.openConnections() == 1);
            }
            Awaits.await().until(() -> server.openConnections() == 0);
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertThat(server.bytesRead()).isEqualTo(3);
        }
    }

    @Test
    void close_endsEachConnectionAtOnce() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.CLOSE);
                Socket socket = new Socket(server.host(), server.port())) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void stop_refusesConnects_restart_listensOnTheSamePort() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.SILENT)) {
            int port = server.port();
            Socket open = new Socket(server.host(), port);
            Awaits.await().until(() -> server.openConnections() == 1);
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThat(open.getInputStream().read()).isEqualTo(-1);
            open.close();
            assertThatThrownBy(() -> new Socket(server.host(), port).close()).isInstanceOf(ConnectException.class);
            server.restart();
            try (Socket again = new Socket(server.host(), port)) {
                Awaits.await().until(() -> server.openConnections() == 1);
            }
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.acceptedConnections()).isEqualTo(2);
        }
    }

    @Test
    void blackhole_connectHangsUntilTheClientsTimeout() throws IOException {
        try (BlackholeServer hole = BlackholeServer.start();
                Socket socket = new Socket()) {
            InetSocketAddress address = hole.address();
            assertThatThrownBy(() -> socket.connect(address, 200)).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
