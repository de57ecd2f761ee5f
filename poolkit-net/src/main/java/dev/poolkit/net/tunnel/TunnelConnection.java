package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * One end of a tunnel connection, handed out by {@link TunnelServerPool#take()} on the listening
 * side and by {@link TunnelClientPool#get(String)} on the dialling side; both ends of the same TCP
 * connection carry the same {@link #id()}. The receiver owns it and must close it.
 *
 * <p><b>Read through {@link #input()}, not through {@code socket().getInputStream()}</b>: a liveness
 * check that finds data waiting has read its first byte, and only {@code input()} returns that
 * byte first. Writing through {@link #output()} and through the socket's stream is the same.
 *
 * <p>Like a socket: one thread may read while another writes, and {@link #close()} may be called
 * from any thread, but two threads must not read (or write) at the same time.
 */
public final class TunnelConnection implements Closeable {

    private static final int PROBE_TIMEOUT_MILLIS = 1;

    private final String id;
    private final Socket socket;
    private final ProbedInputStream input;
    private final OutputStream output;

    TunnelConnection(String id, Socket socket) throws IOException {
        this.id = requireNonNull(id, "id");
        this.socket = requireNonNull(socket, "socket");
        this.input = new ProbedInputStream(socket.getInputStream());
        this.output = socket.getOutputStream();
    }

    /**
     * Returns the connection's ID: eight lowercase hex characters, the same on both ends (in
     * {@code single} mode, chosen by the client pool and known to it only).
     *
     * @return the ID
     */
    public String id() {
        return id;
    }

    /**
     * Returns the underlying socket, for its addresses, options and TLS session (an {@link SSLSocket}
     * when the connection is encrypted). Read through {@link #input()}.
     *
     * @return the socket
     */
    public Socket socket() {
        return socket;
    }

    /**
     * Returns whether the connection is encrypted.
     *
     * @return true for a TLS connection
     */
    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /**
     * Returns the stream to read from, starting with any byte a liveness check read.
     *
     * @return the input stream; the same object on every call
     */
    public InputStream input() {
        return input;
    }

    /**
     * Returns the stream to write to.
     *
     * @return the socket's output stream
     */
    public OutputStream output() {
        return output;
    }

    /**
     * Returns whether {@link #close()} was called (or the pool closed the connection).
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Closes the connection (for TLS, after sending close_notify); the peer reads the end of the
     * stream. Idempotent; never throws.
     */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: the connection is gone either way
        }
    }

    /**
     * Checks that the peer has not closed or reset the connection, without losing data: NodePass
     * reads one byte with a 1 ms deadline and calls the connection dead when data arrives, losing
     * that byte; here data waiting means alive, and a byte read is kept for {@link #input()}.
     * Blocks for at most about a millisecond. Must not run while the owner reads.
     *
     * @return true if the connection can be handed out
     */
    boolean probe() {
        if (socket.isClosed()) {
            return false;
        }
        try {
            if (input.available() > 0) {
                return true;
            }
            int previous = socket.getSoTimeout();
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            try {
                return input.probe();
            } catch (SocketTimeoutException e) {
                return true; // nothing to read and not closed: alive
            } finally {
                socket.setSoTimeout(previous);
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TunnelConnection[" + id + (isTls() ? ", tls" : "") + ", " + socket.getRemoteSocketAddress()
                + (isClosed() ? ", closed" : "") + "]";
    }

    /** An input stream that can read one byte ahead for a probe and returns it first afterwards. */
    private static final class ProbedInputStream extends FilterInputStream {
        private int pending = -1;

        ProbedInputStream(InputStream in) {
            super(in);
        }

        /** Reads one byte ahead; returns false at the end of the stream. */
        boolean probe() throws IOException {
            if (pending >= 0) {
                return true;
            }
            int b = in.read();
            if (b < 0) {
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
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (pending >= 0) {
                buffer[offset] = (byte) pending;
                pending = -1;
                if (length == 1 || in.available() <= 0) {
                    return 1; // never block for more after handing out the byte already read
                }
                int more = in.read(buffer, offset + 1, Math.min(length - 1, in.available()));
                return 1 + Math.max(0, more);
            }
            return in.read(buffer, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            if (n > 0 && pending >= 0) {
                pending = -1;
                return 1 + in.skip(n - 1);
            }
            return in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return (pending >= 0 ? 1 : 0) + in.available();
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
