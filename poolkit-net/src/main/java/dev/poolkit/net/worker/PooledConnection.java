package dev.poolkit.net.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * An accepted socket while a {@link WorkerPool} serves it: the counting streams, the idle reaper's
 * registration, and the phase that lets {@link WorkerPool#stop} close a connection that is between
 * messages at once while a running handler is given time to finish. Thread-safe.
 */
final class PooledConnection implements ClientConnection, IdleReaper.Client {

    /** Waiting for or reading a message: no handler runs, so a stop may close it at once. */
    static final int READING = 0;
    /** A handler runs (a session's whole life). */
    static final int HANDLING = 1;
    /** Closed; no handler will be called again. */
    static final int CLOSED = 2;

    private static final VarHandle PHASE;
    private static final IdleReaper.Registration UNWATCHED = () -> {};

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(PooledConnection.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    private final IdleReaper reaper; // null when no reaper watches the pool's connections
    private final LongAdder bytesRead;
    private final LongAdder bytesWritten;
    private final InputStream input;
    private final OutputStream output;
    private volatile IdleReaper.Registration activity = UNWATCHED;
    private volatile Thread thread;

    @SuppressWarnings("unused") // accessed through PHASE
    private volatile int phase = READING;

    PooledConnection(Socket socket, IdleReaper reaper, LongAdder bytesRead, LongAdder bytesWritten) throws IOException {
        this.socket = socket;
        this.reaper = reaper;
        this.bytesRead = bytesRead;
        this.bytesWritten = bytesWritten;
        this.input = new CountingInput(socket.getInputStream());
        this.output = new CountingOutput(socket.getOutputStream());
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

    /** @return true if the handler may run: the connection was not closed by a stop meanwhile */
    boolean beginHandling() {
        return PHASE.compareAndSet(this, READING, HANDLING);
    }

    /** @return true if the worker may read the next message */
    boolean endHandling() {
        return PHASE.compareAndSet(this, HANDLING, READING);
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
            int b = in.read();
            if (b >= 0) {
                bytesRead.increment();
                activity.touch();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
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
