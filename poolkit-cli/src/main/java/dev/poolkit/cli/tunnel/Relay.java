package dev.poolkit.cli.tunnel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Copies bytes both ways between two connections until both directions have ended: the end of one
 * side's input is passed on as a half-close of the other's output (TLS 1.3 sends close_notify and
 * keeps reading), so a client that shuts down its sending side still receives the whole answer. An
 * error in either direction closes both connections. Each direction copies in 16 KiB writes and
 * blocks on a full socket buffer, which is the back-pressure: no byte is buffered beyond one chunk.
 */
final class Relay {

    private static final int CHUNK = 16 * 1024;

    /** One side: the socket (for half-close) and its streams (a tunnel connection's own input first). */
    record End(Socket socket, InputStream in, OutputStream out) implements Closeable {
        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private Relay() {}

    /**
     * Relays between {@code a} and {@code b}: {@code a} to {@code b} on {@code executor}, {@code b}
     * to {@code a} on the caller's thread; returns when that direction has ended. Both are closed
     * once both directions have.
     *
     * @param executor runs the second direction; if it refuses (shutting down), both are closed
     * @param a one side
     * @param b the other side
     * @param aToB told the byte count of every write from {@code a} to {@code b}
     * @param bToA likewise, the other way
     */
    static void run(Executor executor, End a, End b, LongConsumer aToB, LongConsumer bToA) {
        AtomicInteger open = new AtomicInteger(2);
        Runnable done = () -> {
            if (open.decrementAndGet() == 0) {
                a.close();
                b.close();
            }
        };
        try {
            executor.execute(() -> copy(a, b, aToB, done));
        } catch (RejectedExecutionException e) {
            a.close();
            b.close();
            return;
        }
        copy(b, a, bToA, done);
    }

    private static void copy(End from, End to, LongConsumer counted, Runnable done) {
        byte[] buffer = new byte[CHUNK];
        try {
            int n;
            while ((n = from.in().read(buffer)) >= 0) {
                to.out().write(buffer, 0, n);
                to.out().flush();
                counted.accept(n);
            }
            to.socket().shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // one direction failed (a reset, a closed peer): the whole connection is over
            from.close();
            to.close();
        } finally {
            done.run();
        }
    }
}
