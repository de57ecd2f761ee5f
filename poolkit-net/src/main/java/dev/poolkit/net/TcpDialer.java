package dev.poolkit.net;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The plain TCP {@link Dialer}; obtained from {@link Dialer#tcp(DialerConfig)}, or from {@link
 * Dialer#tcpChannel(DialerConfig)} for channel-backed sockets. Thread-safe.
 */
final class TcpDialer implements Dialer {

    private final DialerConfig config;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final boolean channelBacked;

    TcpDialer(DialerConfig config, boolean channelBacked) {
        this.config = requireNonNull(config, "config");
        this.channelBacked = channelBacked;
        this.connectTimeoutMillis = millis(config.connectTimeout());
        this.readTimeoutMillis = millis(config.readTimeout());
    }

    /** Socket timeouts are int milliseconds where 0 means forever: round a positive duration up to 1. */
    private static int millis(Duration duration) {
        if (duration.isZero()) {
            return 0;
        }
        long millis = Math.max(1, duration.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    @Override
    public Socket dial(InetSocketAddress address) throws IOException {
        requireNonNull(address, "address");
        InetSocketAddress target = SocketAddresses.resolve(address);
        Socket socket = channelBacked ? SocketChannel.open().socket() : new Socket();
        try {
            socket.setTcpNoDelay(config.tcpNoDelay());
            socket.setKeepAlive(config.keepAlive());
            socket.connect(target, connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            SocketTimeoutException timeout = new SocketTimeoutException("connect to "
                    + SocketAddresses.describe(address) + " timed out after " + connectTimeoutMillis + " ms");
            timeout.initCause(e);
            throw timeout;
        } catch (ConnectException e) {
            socket.close();
            ConnectException refused = new ConnectException(
                    "connect to " + SocketAddresses.describe(address) + " failed: " + e.getMessage());
            refused.initCause(e);
            throw refused;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Dialer[" + (channelBacked ? "tcp-channel, " : "tcp, ") + config + "]";
    }
}
