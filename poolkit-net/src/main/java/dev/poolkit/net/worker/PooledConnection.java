package dev.poolkit.net.worker;

import dev.poolkit.pool.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * An accepted socket while a {@link WorkerPool} serves it: the counting streams, the idle reaper's
 * registration, the phase that lets {@link WorkerPool#stop} close a connection that is between
 * messages at once while a running handler is given time to finish, and (in the message form) when
 * the worker began waiting for bytes, which the pool's deadline sweep compares with {@code
 * clientDeadline}. Thread-safe.
 */
final class PooledConnection implements ClientConnection, IdleReaper.Client {

    /** Waiting for or reading a message: no handler runs, so a stop may close it at once. */
    static final int READING = 0;
    /** A handler runs (a session's whole life). */
    static final int HANDLING = 1;
    /** Closed; no handler will be called again. */
    static final int CLOSED = 2;

    private static final VarHandle PHASE;
    private static final VarHandle WAITING_SINCE;
    private static final IdleReaper.Registration UNWATCHED = () -> {};

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PHASE = lookup.findVarHandle(PooledConnection.class, "phase", int.class);
            WAITING_SINCE = lookup.findVarHandle(PooledConnection.class, "waitingSinceNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    private final IdleReaper reaper; // null when no reaper watches the pool's connections
    private final Ticker deadlineTicker; // null when no deadline applies (sessions)
    private final LongAdder bytesRead;
    private final LongAdder bytesWritten;
    private final InputStream input;
    private final OutputStream output;
    private volatile IdleReaper.Registration activity = UNWATCHED;
    private volatile Thread thread;

    @SuppressWarnings("unused") // accessed through PHASE
    private volatile int phase = READING;

    @SuppressWarnings("unused") // accessed through WAITING_SINCE; opaque: the sweep may see it late
    private long waitingSinceNanos;

    PooledConnection(
            Socket socket, IdleReaper reaper, Ticker deadlineTicker, LongAdder bytesRead, LongAdder bytesWritten)
            throws IOException {
        this.socket = socket;
        this.reaper = reaper;
        this.deadlineTicker = deadlineTicker;
        this.bytesRead = bytesRead;
        this.bytesWritten = bytesWritten;
        this.input = new CountingInput(socket.getInputStream());
        this.output = new CountingOutput(socket.getOutputStream());
        markWaiting(); // the sweep sees the connection from submit on
    }

    /** Called on the serving thread before the handler runs: binds the thread and starts watching. */
    void attach() {
        thread = Thread.currentThread();
        if (reaper != null) {
            try {
                activity = reaper.register(this);
            } catch (IllegalStateException closed) {
                // the accept loop closes its reaper only after the pool stopped: serve unwatched
            }
        }
    }

    /** Called on the serving thread when it is done: closes the socket and stops watching. */
    void detach() {
        phase = CLOSED;
        if (reaper != null) {
            reaper.unregister(this); // closes the socket too
        } else {
            closeSocket();
        }
        thread = null;
    }

    /**
     * Returns true if the handler may run: the connection was not closed by a stop meanwhile.
     *
     * @return true if the handler may run: the connection was not closed by a stop meanwhile
     */
    boolean beginHandling() {
        return PHASE.compareAndSet(this, READING, HANDLING);
    }

    /**
     * Returns true if the worker may read the next message.
     *
     * @return true if the worker may read the next message
     */
    boolean endHandling() {
        markWaiting(); // the deadline counts from now, not from before the handler ran
        return PHASE.compareAndSet(this, HANDLING, READING);
    }

    /** Records that the worker is about to wait for bytes; the deadline counts from here. */
    private void markWaiting() {
        if (deadlineTicker != null) {
            WAITING_SINCE.setOpaque(this, deadlineTicker.nanoTime());
        }
    }

    /**
     * The deadline sweep: closes the connection if no handler runs on it and its worker has waited for
     * bytes for {@code deadlineNanos} or longer.
     *
     * @return true if this call closed it
     */
    boolean expire(long nowNanos, long deadlineNanos) {
        if (phase == READING
                && nowNanos - (long) WAITING_SINCE.getOpaque(this) >= deadlineNanos
                && PHASE.compareAndSet(this, READING, CLOSED)) {
            closeSocket();
            return true;
        }
        return false;
    }

    /** A stop's first step: close the connection if no handler runs on it. */
    void closeIfReading() {
        if (PHASE.compareAndSet(this, READING, CLOSED)) {
            closeSocket();
        }
    }

    /** A stop's last resort: close the connection and interrupt the thread serving it. */
    void forceClose() {
        phase = CLOSED;
        closeSocket();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public Socket socket() {
        return socket;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void recordTransfer(long read, long written) {
        if (read > 0) {
            bytesRead.add(read);
        }
        if (written > 0) {
            bytesWritten.add(written);
        }
        if (read > 0 || written > 0) {
            activity.touch();
        }
    }

    @Override
    public void close() {
        phase = CLOSED;
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket fails only if it is already broken; either way it is released
        }
    }

    @Override
    public String toString() {
        return "connection from " + socket.getRemoteSocketAddress();
    }

    /** Counts what is read and reports it to the idle reaper. */
    private final class CountingInput extends InputStream {
        private final InputStream in;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            markWaiting();
            int b = in.read();
            if (b >= 0) {
                bytesRead.increment();
                activity.touch();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            markWaiting();
            int n = in.read(b, off, len);
            if (n > 0) {
                bytesRead.add(n);
                activity.touch();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() {
            PooledConnection.this.close();
        }
    }

    /** Counts what is written and reports it to the idle reaper once it is written. */
    private final class CountingOutput extends OutputStream {
        private final OutputStream out;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytesWritten.increment();
            activity.touch();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (len > 0) {
                bytesWritten.add(len);
                activity.touch();
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            PooledConnection.this.close();
        }
    }
}
