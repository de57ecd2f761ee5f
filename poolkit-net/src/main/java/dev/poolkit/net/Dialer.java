package dev.poolkit.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens connected client sockets: the one way poolkit-net dials, so that timeouts, socket options
 * and (through a TLS dialer that wraps a plain one) encryption are set in one place.
 *
 * <p>Implementations must be safe to call from any number of threads at once. A dial blocks the
 * calling thread (a virtual thread is unmounted) for at most the dialer's connect timeout, plus the
 * handshake timeout of a TLS dialer.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * Connects to {@code address}, resolving it first if it is unresolved.
     *
     * @param address where to connect
     * @return a connected socket with the dialer's options set; the caller owns and closes it
     * @throws java.net.UnknownHostException if the host name cannot be resolved; the message names it
     * @throws java.net.SocketTimeoutException if the connect (or handshake) did not finish in time
     * @throws java.net.ConnectException if the peer refused the connection; the message names the address
     * @throws IOException for any other failure; no socket is left open
     * @throws NullPointerException if {@code address} is null
     */
    Socket dial(InetSocketAddress address) throws IOException;

    /**
     * Connects to {@code address}; see {@link #dial(InetSocketAddress)}.
     *
     * @param address where to connect
     * @return a connected socket
     * @throws IOException as {@link #dial(InetSocketAddress)}
     */
    default Socket dial(HostAndPort address) throws IOException {
        return dial(address.toUnresolved());
    }

    /**
     * Returns a plain TCP dialer with {@link DialerConfig#defaults()}.
     *
     * @return the dialer
     */
    static Dialer tcp() {
        return tcp(DialerConfig.defaults());
    }

    /**
     * Returns a plain TCP dialer.
     *
     * @param config timeouts and socket options
     * @return the dialer
     * @throws NullPointerException if {@code config} is null
     */
    static Dialer tcp(DialerConfig config) {
        return new TcpDialer(config, false);
    }

    /**
     * Returns a plain TCP dialer whose sockets are channel-backed: {@link Socket#getChannel()} is the
     * socket's own {@link java.nio.channels.SocketChannel}, in blocking mode, which a relay may
     * switch to non-blocking and hand to a selector. The socket and its streams work as a plain
     * socket's, with the channel's rules: an I/O error on a closed socket is a {@link
     * java.nio.channels.ClosedChannelException} rather than a {@link java.net.SocketException}, and
     * interrupting a thread blocked in its I/O closes the socket ({@link
     * java.nio.channels.ClosedByInterruptException}), on platform threads too.
     *
     * @param config timeouts and socket options
     * @return the dialer
     * @throws NullPointerException if {@code config} is null
     */
    static Dialer tcpChannel(DialerConfig config) {
        return new TcpDialer(config, true);
    }
}
