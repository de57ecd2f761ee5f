package dev.poolkit.net.tunnel;

import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both sides of a tunnel have in common: the pooled connections by ID, the lifecycle, and
 * NodePass's error counter. The two sides are {@link TunnelServerPool} and {@link TunnelClientPool}.
 *
 * <p>Thread-safe: every method may be called from any thread, platform or virtual.
 */
public abstract sealed class TunnelPool implements AutoCloseable permits TunnelClientPool, TunnelServerPool {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelPool.class);

    /** "Tunnel client 'name'" or "Tunnel server 'name'": the start of every log line and message. */
    final String label;

    final String name;
    final ConnectionQueue queue;
    /** Sockets between connect (or accept) and pooling, so that close() can abort them. */
    final Set<Socket> establishing = ConcurrentHashMap.newKeySet();

    final AtomicLong discarded = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    final ReentrantLock lifecycle = new ReentrantLock();
    private volatile boolean started;
    volatile boolean closed;

    TunnelPool(String side, String name, int capacity) {
        this.name = name;
        this.label = "Tunnel " + side + " '" + name + "'";
        this.queue = new ConnectionQueue(capacity);
    }

    /**
     * Marks the pool started, for {@code start()}: the caller holds {@link #lifecycle}.
     *
     * @return false if it already was
     * @throws IllegalStateException if the pool was closed
     */
    final boolean markStarted() {
        if (closed) {
            throw new IllegalStateException(label + " is closed");
        }
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    /**
     * Marks the pool closed, for {@code close()}.
     *
     * @return false if it already was
     */
    final boolean markClosed() {
        lifecycle.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * The second half of {@code close()}: closes every pooled connection and every socket still
     * being set up (a second sweep catches one that a set-up added while the first ran).
     */
    final void closeConnections() {
        establishing.forEach(TunnelPool::closeQuietly);
        ConnectionQueue.closeAll(queue.close());
        establishing.forEach(TunnelPool::closeQuietly);
        LOG.info("{}: closed", label);
    }

    /**
     * Checks a connection about to be handed out; a dead one is closed and counted.
     *
     * @return true if it is alive and may be handed out
     */
    final boolean alive(TunnelConnection connection) {
        if (connection.probe()) {
            return true;
        }
        connection.close();
        discarded.incrementAndGet();
        errors.incrementAndGet();
        LOG.debug("{}: discarded dead connection {}", label, connection.id());
        return false;
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing: nothing more to do
        }
    }

    /**
     * Returns the pool's name.
     *
     * @return the name from the pool's configuration
     */
    public final String name() {
        return name;
    }

    /**
     * Returns whether the pool works: true after {@code start()}, false again after {@link #close()}
     * (NodePass's {@code Ready()} stays true after close).
     *
     * @return true while started and not closed
     */
    public final boolean ready() {
        return started && !closed;
    }

    /**
     * Returns the number of pooled connections (NodePass's {@code Active()}).
     *
     * @return connections ready to be handed out
     */
    public final int active() {
        return queue.size();
    }

    /**
     * Returns the IDs of the pooled connections.
     *
     * @return the IDs, oldest first; a snapshot
     */
    public final List<String> ids() {
        return queue.ids();
    }

    /**
     * Closes every pooled connection (their peers read the end of the stream); the pool keeps
     * running: a client pool refills at its next cycle, a server pool keeps accepting.
     */
    public final void flush() {
        List<TunnelConnection> all = queue.drain();
        ConnectionQueue.closeAll(all);
        LOG.debug("{}: flushed {} connections", label, all.size());
    }

    /** Counts an error observed by the application (NodePass's {@code AddError()}). */
    public final void addError() {
        errors.incrementAndGet();
    }

    /**
     * Returns the errors since the last {@link #resetErrors()}: the pool's own failures (failed
     * dials or handshakes, dead connections, accept errors) and {@link #addError()} calls.
     *
     * @return the count
     */
    public final long errorCount() {
        return errors.get();
    }

    /** Sets the error count back to zero. */
    public final void resetErrors() {
        errors.set(0);
    }

    /**
     * Stops the pool and closes every connection it pooled or was setting up; see the subclass for
     * exactly what stops. Idempotent; never throws.
     */
    @Override
    public abstract void close();
}
