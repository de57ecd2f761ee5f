package dev.poolkit.cli.tunnel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control connection between {@code poolkit tunnel client} and {@code poolkit tunnel server}:
 * one line of US-ASCII per message, ended by {@code \n}, at most {@value #MAX_LINE} bytes (see
 * {@code docs/tunnel.md} for the messages). Reading is for one thread; writing is serialised by a
 * lock, so that any thread may send.
 */
final class Control implements AutoCloseable {

    /** The protocol's name and version, in {@code HELLO} and {@code WELCOME}. */
    static final String PROTOCOL = "poolkit-tunnel/1";
    /** The longest line accepted, terminator included. */
    static final int MAX_LINE = 256;

    private final java.net.Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();

    Control(java.net.Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    java.net.Socket socket() {
        return socket;
    }

    /**
     * Reads one message.
     *
     * @return the line without its terminator
     * @throws EOFException if the peer closed the connection between messages
     * @throws ProtocolException if a line is too long, not ASCII, or cut off by the end of stream
     * @throws IOException if the connection failed or timed out
     */
    String read() throws IOException {
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    throw new EOFException("control connection closed by the peer");
                }
                throw new ProtocolException("control connection closed in the middle of a message");
            }
            if (b == '\n') {
                return new String(line, 0, length, StandardCharsets.US_ASCII);
            }
            if (b < 0x20 || b > 0x7e || length == MAX_LINE - 1) {
                throw new ProtocolException(
                        b < 0x20 || b > 0x7e
                                ? "control message must be printable ASCII, but had byte " + b
                                : "control message must be at most " + (MAX_LINE - 1) + " bytes long");
            }
            line[length++] = (byte) b;
        }
    }

    /**
     * Sends one message.
     *
     * @param message the line, printable ASCII without terminator
     * @throws IOException if the connection failed
     */
    void send(String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.US_ASCII);
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends a message, ignoring a failure: the reader notices a broken connection and reports it. */
    void trySend(String message) {
        try {
            send(message);
        } catch (IOException e) {
            close();
        }
    }

    /** Shortens a reason so that a {@code FAIL} or {@code REFUSED} line stays within the limit. */
    static String reason(String text) {
        String clean = text == null ? "unknown" : text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 160 ? clean.substring(0, 160) : clean;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
