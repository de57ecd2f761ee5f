package dev.poolkit.net.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * What a {@link HostPool} pools: a connected socket, its output stream, and its input stream behind
 * a one-byte look-ahead that the liveness probe reads into. Used by one holder at a time (the lease
 * holder, or the pool's validation while the socket is idle); the pool's hand-off orders their
 * accesses.
 */
final class PooledSocket {

    /**
     * How long a probe waits for the peer when nothing is readable. A {@code java.net.Socket} has no
     * non-blocking read: {@code SO_TIMEOUT} is the only bound, 0 means forever, so 1 ms is the
     * shortest wait there is. The read first tries without waiting, so a peer that closed or reset
     * is seen at once; only a healthy idle connection costs the wait (parked, no CPU).
     */
    static final int PROBE_WAIT_MILLIS = 1;

    final Socket socket;
    final LookAheadInput input;
    final OutputStream output;

    PooledSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.input = new LookAheadInput(socket.getInputStream());
        this.output = socket.getOutputStream();
    }

    /**
     * Tells whether the idle connection is still open at both ends: reads one byte ahead with the
     * shortest timeout. End of stream (the peer's FIN) or an error (its RST) means dead; a timeout
     * means alive and silent; a byte means alive, and the byte is kept for the next holder.
     */
    boolean probe() {
        if (socket.isClosed() || input.ended) {
            return false;
        }
        try {
            int previous = socket.getSoTimeout();
            socket.setSoTimeout(PROBE_WAIT_MILLIS);
            try {
                return input.readAhead();
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(previous);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the socket can go back to the pool: still open, and its peer has not ended the stream. */
    boolean reusable() {
        return !socket.isClosed() && !input.ended;
    }

    void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "PooledSocket[" + socket.getLocalPort() + " -> " + socket.getRemoteSocketAddress() + "]";
    }

    /** A socket input stream that can hold one byte read ahead by a probe and returns it first. */
    static final class LookAheadInput extends InputStream {
        private final InputStream in;
        private int pending = -1;
        private boolean ended;

        LookAheadInput(InputStream in) {
            this.in = in;
        }

        /** Reads one byte ahead unless one is held; false at end of stream. */
        boolean readAhead() throws IOException {
            if (pending >= 0) {
                return true;
            }
            int b = in.read();
            if (b < 0) {
                ended = true;
                return false;
            }
            pending = b;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pending >= 0) {
                int b = pending;
                pending = -1;
                return b;
            }
            int b = in.read();
            if (b < 0) {
                ended = true;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (pending >= 0) {
                // One byte is a complete read; the rest comes with the next call, without blocking here.
                buffer[offset] = (byte) pending;
                pending = -1;
                return 1;
            }
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return (pending >= 0 ? 1 : 0) + in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
