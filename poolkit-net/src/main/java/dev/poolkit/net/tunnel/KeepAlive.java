package dev.poolkit.net.tunnel;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/** TCP keep-alive with a period, as Go's {@code SetKeepAlive(true)} plus {@code SetKeepAlivePeriod}. */
final class KeepAlive {

    private KeepAlive() {}

    /**
     * Turns keep-alive on and, where the platform supports it, sets both the idle time before the
     * first probe and the interval between probes to {@code period} (whole seconds, at least one).
     */
    static void apply(Socket socket, Duration period) throws IOException {
        socket.setKeepAlive(true);
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, period.toSeconds()));
        if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds);
        }
        if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds);
        }
    }
}
