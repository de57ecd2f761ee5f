package dev.poolkit.net.worker;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An accepted connection as a {@link WorkerPool}'s handlers see it. Its streams count the bytes that
 * pass ({@link WorkerPoolStats#bytesRead()}, {@link WorkerPoolStats#bytesWritten()}) and report
 * activity to the idle reaper, if one watches the connection; they are unbuffered views of the
 * socket's own streams. A handler that moves bytes through the socket's channel instead reports them
 * with {@link #recordTransfer}.
 *
 * <p>Thread-safe as the socket is: one thread may read while another writes (a relay).
 */
public interface ClientConnection {

    /**
     * Returns the accepted socket, for its addresses, options and half-close ({@link
     * Socket#shutdownOutput()}). Bytes read or written through the socket's own streams bypass the
     * counting and the idle reaper; use {@link #input()} and {@link #output()}.
     *
     * @return the socket
     */
    Socket socket();

    /**
     * Returns the counting input stream. In the message form the worker reads it and handlers must not.
     *
     * @return the input stream; closing it closes the connection
     */
    InputStream input();

    /**
     * Returns the counting output stream, through which handlers reply.
     *
     * @return the output stream; closing it closes the connection
     */
    OutputStream output();

    /**
     * Records bytes moved through the socket's {@linkplain Socket#getChannel() channel} directly,
     * bypassing {@link #input()} and {@link #output()} (a non-blocking relay reads and writes the
     * channel): counts them as the streams would and reports activity to the idle reaper.
     *
     * @param read bytes read from the client, 0 or more
     * @param written bytes written to the client, 0 or more
     */
    void recordTransfer(long read, long written);

    /**
     * Closes the connection. In the message form the worker stops reading it once the handler returns.
     * Idempotent; never throws.
     */
    void close();
}
