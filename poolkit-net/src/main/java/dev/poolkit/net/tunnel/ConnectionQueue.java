package dev.poolkit.net.tunnel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pooled connections of one tunnel pool, by ID and in arrival order, bounded.
 *
 * <p>NodePass keeps a channel of IDs and a separate map of connections, and enqueues the ID before
 * it stores the connection, so a concurrent getter can take an ID whose connection is not there yet
 * and drop it; removing one ID also rebuilds the channel and loses the order of the rest. Here one
 * insertion-ordered map under one lock holds both: an ID is visible exactly when its connection is,
 * removal by ID keeps the order of the others, and everything is O(1).
 *
 * <p>IDs that are promised but not yet pooled (a server writing an ID to its client) are
 * <em>reserved</em>: a new ID is unique among pooled and reserved ones, and a reservation holds a
 * place, so the connection it belongs to always fits.
 *
 * <p>Thread-safe.
 */
final class ConnectionQueue {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final LinkedHashMap<String, TunnelConnection> pooled = new LinkedHashMap<>();
    private final Set<String> reserved = new HashSet<>();
    private boolean closed;

    ConnectionQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Reserves a fresh random ID that is neither pooled nor reserved.
     *
     * @return the ID, or null if the queue is closed or full
     */
    String reserve() {
        lock.lock();
        try {
            if (closed || pooled.size() + reserved.size() >= capacity) {
                return null;
            }
            String id;
            do {
                id = TunnelIds.next();
            } while (pooled.containsKey(id) || reserved.contains(id));
            reserved.add(id);
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Gives up a reservation whose connection failed. */
    void unreserve(String id) {
        lock.lock();
        try {
            reserved.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pools a connection under its ID, ending the ID's reservation if it has one.
     *
     * @return false if the queue is closed, full, or already holds that ID; the caller still owns
     *     the connection then
     */
    boolean offer(TunnelConnection connection) {
        String id = connection.id();
        lock.lock();
        try {
            boolean wasReserved = reserved.remove(id);
            if (closed || pooled.containsKey(id) || (!wasReserved && pooled.size() + reserved.size() >= capacity)) {
                return false;
            }
            pooled.put(id, connection);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the connection with that ID, or null. Never blocks on anything but the lock. */
    TunnelConnection remove(String id) {
        lock.lock();
        try {
            return pooled.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the oldest connection, or null if none is pooled. */
    TunnelConnection poll() {
        lock.lock();
        try {
            return pollFirst();
        } finally {
            lock.unlock();
        }
    }

    private TunnelConnection pollFirst() {
        Iterator<TunnelConnection> first = pooled.values().iterator();
        if (!first.hasNext()) {
            return null;
        }
        TunnelConnection connection = first.next();
        first.remove();
        return connection;
    }

    /**
     * Removes and returns the oldest connection, waiting for one.
     *
     * @param timeoutNanos the longest wait, or a negative value to wait without limit
     * @return the connection, or null if the wait timed out or the queue was closed (check {@link
     *     #isClosed()})
     */
    TunnelConnection take(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (!closed && pooled.isEmpty()) {
                if (timeoutNanos < 0) {
                    notEmpty.await();
                } else if (remaining <= 0) {
                    return null;
                } else {
                    remaining = notEmpty.awaitNanos(remaining);
                }
            }
            return closed ? null : pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of pooled connections. */
    int size() {
        lock.lock();
        try {
            return pooled.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the pooled IDs, oldest first. */
    List<String> ids() {
        lock.lock();
        try {
            return List.copyOf(pooled.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Removes every pooled connection and returns them, for the caller to close. */
    List<TunnelConnection> drain() {
        lock.lock();
        try {
            List<TunnelConnection> all = new ArrayList<>(pooled.values());
            pooled.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later offer and reservation, wakes every waiter, and returns what was pooled. */
    List<TunnelConnection> close() {
        lock.lock();
        try {
            closed = true;
            reserved.clear();
            notEmpty.signalAll();
            return drain();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    static void closeAll(List<TunnelConnection> connections) {
        connections.forEach(TunnelConnection::close);
    }
}
