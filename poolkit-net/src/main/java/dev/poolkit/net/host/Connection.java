package dev.poolkit.net.host;

import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One lease of a pooled connection to a host, from {@link HostPool#acquire()} or {@link
 * dev.poolkit.net.service.Service#getConnection()} until it is given back: the socket and its
 * streams, the host, and when it was leased.
 *
 * <p><b>Giving it back.</b> Exactly one of these ends the lease:
 *
 * <ul>
 *   <li>{@link #release(Throwable, double)}, pooly's {@code Release(err, score)}: a fatal error
 *       (see {@link HostPoolConfig#fatalErrors()}) closes the connection and scores the host {@code
 *       0}; otherwise the connection goes back to the pool and the host gets {@code score}. {@link
 *       #release()} is {@code release(null, HOST_UP)}.
 *   <li>{@link #discard(Throwable, double)}: the work is done but the connection must not be reused
 *       (its protocol state is unknown, as for a relayed TCP session); it is closed, and the host is
 *       scored as by {@code release}.
 *   <li>{@link #close()} (try-with-resources): if neither of the above came first, discards the
 *       connection and scores the host by the last I/O error its streams threw: {@code 0} after
 *       one, {@code 1} otherwise, as pooly's HTTP transport does on close. After a release it does
 *       nothing.
 * </ul>
 *
 * <p>Releasing a second time throws {@link IllegalStateException}: unlike a core {@link Lease}, a
 * connection is the caller's contract with a service that scores hosts from it, and a second
 * release is a bug to report. A connection that saw an I/O error or the end of its input stream,
 * or whose socket its holder closed, is never reused, whatever the release says.
 *
 * <p><b>Scoring early.</b> {@link #report(double)} gives the host its outcome now, while the lease
 * goes on; the release that ends the lease then scores nothing. A TCP proxy reports success as soon
 * as it has its backend connection and discards the connection when the session ends.
 *
 * <p>A connection is meant for one thread at a time; it may be handed to another thread. Its
 * streams refuse to work once it is given back, so a stale reference can never read or write
 * somebody else's lease.
 */
public final class Connection implements AutoCloseable {

    private static final int RELEASED = 1;
    private static final int REPORTED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Connection.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HostPool pool;
    private final Lease<PooledSocket> lease;
    private final PooledSocket resource;
    private final long leasedAtNanos;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    // Written and read by the holder's thread.
    private IOException ioFailure;
    private InputStream input;
    private OutputStream output;

    Connection(HostPool pool, Lease<PooledSocket> lease, long leasedAtNanos) {
        this.pool = pool;
        this.lease = lease;
        this.resource = lease.get();
        this.leasedAtNanos = leasedAtNanos;
    }

    /**
     * Returns the address of the host this connection goes to (pooly's {@code Address()}).
     *
     * @return the host pool's address, as given (possibly unresolved)
     */
    public InetSocketAddress address() {
        return pool.address();
    }

    /**
     * Returns the socket, for its options (a read timeout for one request, for example). Read and
     * write through {@link #input()} and {@link #output()}: only they return a byte a liveness probe
     * read ahead, and record I/O errors for {@link #close()}. Closing the socket ends its reuse.
     *
     * @return the connected socket
     * @throws IllegalStateException if the connection was given back
     */
    public Socket socket() {
        checkActive();
        return resource.socket;
    }

    /**
     * Returns the stream to read the host's answers from. It is not buffered; its {@code close()}
     * closes the socket.
     *
     * @return the input stream of this lease
     * @throws IllegalStateException if the connection was given back (its methods throw it too,
     *     once it is)
     */
    public InputStream input() {
        checkActive();
        InputStream in = input;
        if (in == null) {
            in = new LeaseInput();
            input = in;
        }
        return in;
    }

    /**
     * Returns the stream to write requests to. It is not buffered; its {@code close()} closes the
     * socket.
     *
     * @return the output stream of this lease
     * @throws IllegalStateException if the connection was given back (its methods throw it too,
     *     once it is)
     */
    public OutputStream output() {
        checkActive();
        OutputStream out = output;
        if (out == null) {
            out = new LeaseOutput();
            output = out;
        }
        return out;
    }

    /**
     * Returns how long the connection has been leased.
     *
     * @return the time since the lease began, by the pool's ticker
     */
    public Duration leasedFor() {
        return Duration.ofNanos(pool.nanoTime() - leasedAtNanos);
    }

    /**
     * Returns the last I/O error that {@link #input()} or {@link #output()} threw during this lease.
     *
     * @return the error, or empty if there was none
     */
    public Optional<IOException> ioFailure() {
        return Optional.ofNullable(ioFailure);
    }

    /**
     * Returns whether the connection is still leased (not yet released, discarded or closed).
     *
     * @return true until the lease ends
     */
    public boolean isActive() {
        return ((int) STATE.getVolatile(this) & RELEASED) == 0;
    }

    /**
     * Gives the host the outcome of this connection now, without ending the lease: the service rates
     * the host and feeds its strategy at once, and the release or discard that ends the lease later
     * scores nothing. For work whose success is known long before the connection is done with (a
     * proxy's backend connection is established; the session may last for hours).
     *
     * @param score the outcome in {@code [0, 1]}: {@code HostScore.HOST_UP}, {@code HOST_DOWN} or a
     *     graded score
     * @throws IllegalArgumentException if {@code score} is outside {@code [0, 1]} or NaN
     * @throws IllegalStateException if the connection was already reported or given back
     */
    public void report(double score) {
        checkScore(score);
        for (; ; ) {
            int s = (int) STATE.getVolatile(this);
            if ((s & RELEASED) != 0) {
                throw new IllegalStateException(describe() + " was already released");
            }
            if ((s & REPORTED) != 0) {
                throw new IllegalStateException(describe() + " was already reported");
            }
            if (STATE.compareAndSet(this, s, s | REPORTED)) {
                break;
            }
        }
        pool.scored(this, score, pool.nanoTime() - leasedAtNanos);
    }

    /**
     * Gives the connection back for reuse and scores its host {@code HOST_UP}: {@code release(null,
     * 1.0)}.
     *
     * @throws IllegalStateException if the connection was already given back
     */
    public void release() {
        end(null, 1.0, false);
    }

    /**
     * pooly's {@code Release(err, score)}: gives the connection back, and scores its host.
     *
     * <p>If {@code error} is fatal ({@link HostPoolConfig#fatalErrors()}: by default an I/O error,
     * a read timeout included), the connection is closed and the host scored {@code 0}. Otherwise
     * the connection goes back to the pool (unless it is broken: see the class description) and
     * the host gets {@code score}. If the connection was {@linkplain #report(double) reported}, the
     * host is not scored again. Never blocks on other callers.
     *
     * @param error what went wrong with the request, or {@code null} if nothing did; a non-fatal
     *     error (the server answered with an error) leaves the connection usable
     * @param score the outcome in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code score} is outside {@code [0, 1]} or NaN; the
     *     connection stays leased, so the caller can release it properly
     * @throws IllegalStateException if the connection was already given back
     */
    public void release(Throwable error, double score) {
        checkScore(score);
        end(error, score, false);
    }

    /**
     * Ends the lease without reusing the connection, and scores its host {@code HOST_UP}: {@code
     * discard(null, 1.0)}.
     *
     * @throws IllegalStateException if the connection was already given back
     */
    public void discard() {
        end(null, 1.0, true);
    }

    /**
     * Ends the lease and closes the connection even if it is fine ("done, do not reuse"), and scores
     * its host as {@link #release(Throwable, double)} does: {@code 0} for a fatal error, {@code
     * score} otherwise, nothing if the connection was reported. The pool dials a replacement when it
     * is below {@code minIdle}.
     *
     * @param error what went wrong, or {@code null}
     * @param score the outcome in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code score} is outside {@code [0, 1]} or NaN; the
     *     connection stays leased
     * @throws IllegalStateException if the connection was already given back
     */
    public void discard(Throwable error, double score) {
        checkScore(score);
        end(error, score, true);
    }

    /**
     * Ends the lease because the host failed while the work went on (a backend that reset a relayed
     * session): the connection is closed and the host scored {@code 0}, even if the connection was
     * {@linkplain #report(double) reported} already. A report says the host was there when the work
     * began; this is what a proxy learns later, and the host's score must hear of it.
     *
     * @param error what the host did wrong, or {@code null}
     * @throws IllegalStateException if the connection was already given back
     */
    public void fail(Throwable error) {
        int before = markReleased();
        finish(error, 0.0, true, before);
        if ((before & REPORTED) != 0) {
            pool.scored(this, 0.0, pool.nanoTime() - leasedAtNanos);
        }
    }

    /**
     * Ends the lease if nothing else did, as {@code discard(ioFailure().orElse(null), 1.0)}: the
     * connection is closed, and its host scored {@code 0} after an I/O error (fatal by default) and
     * {@code 1} otherwise. Does nothing if the connection was already given back, so that
     * try-with-resources can wrap an explicit release.
     */
    @Override
    public void close() {
        if (isActive()) {
            try {
                IOException failure = ioFailure;
                end(failure, 1.0, true);
            } catch (IllegalStateException raced) {
                // given back meanwhile by another thread: nothing left to do
            }
        }
    }

    private void end(Throwable error, double score, boolean discard) {
        finish(error, score, discard, markReleased());
    }

    private int markReleased() {
        for (; ; ) {
            int before = (int) STATE.getVolatile(this);
            if ((before & RELEASED) != 0) {
                throw new IllegalStateException(describe() + " was already released");
            }
            if (STATE.compareAndSet(this, before, before | RELEASED | REPORTED)) {
                return before;
            }
        }
    }

    private void finish(Throwable error, double score, boolean discard, int before) {
        boolean fatal = error != null && pool.isFatal(error);
        long heldNanos = pool.nanoTime() - leasedAtNanos;
        if (!fatal && !discard && ioFailure == null && resource.reusable()) {
            lease.release();
            pool.ended(this, heldNanos, HostPool.Outcome.RETURNED);
        } else {
            if (error != null) {
                lease.invalidate(error);
            } else {
                lease.invalidate();
            }
            pool.ended(this, heldNanos, fatal ? HostPool.Outcome.FATAL : HostPool.Outcome.DISCARDED);
        }
        if ((before & REPORTED) == 0) {
            pool.scored(this, fatal ? 0.0 : score, heldNanos);
        }
    }

    private static void checkScore(double score) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "score must be between 0 and 1, but was %s", score));
        }
    }

    private void checkActive() {
        if (!isActive()) {
            throw new IllegalStateException(describe() + " was released");
        }
    }

    private String describe() {
        return "Connection to " + SocketAddresses.describe(pool.address()) + " (pool '" + pool.name() + "')";
    }

    @Override
    public String toString() {
        return describe() + (isActive() ? "" : ", released");
    }

    /** The input of one lease: refuses to work after it, records I/O errors. */
    private final class LeaseInput extends InputStream {
        @Override
        public int read() throws IOException {
            checkActive();
            try {
                return resource.input.read();
            } catch (IOException e) {
                ioFailure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkActive();
            try {
                return resource.input.read(buffer, offset, length);
            } catch (IOException e) {
                ioFailure = e;
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            checkActive();
            return resource.input.available();
        }

        @Override
        public void close() throws IOException {
            if (isActive()) {
                resource.input.close();
            }
        }
    }

    /** The output of one lease: refuses to work after it, records I/O errors. */
    private final class LeaseOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            checkActive();
            try {
                resource.output.write(b);
            } catch (IOException e) {
                ioFailure = e;
                throw e;
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            checkActive();
            try {
                resource.output.write(buffer, offset, length);
            } catch (IOException e) {
                ioFailure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            checkActive();
            try {
                resource.output.flush();
            } catch (IOException e) {
                ioFailure = e;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (isActive()) {
                resource.output.close();
            }
        }
    }
}
