package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy-on-write list of {@link CheckListener}s, shared by {@link Monitor} and {@link MonitorPool}:
 * telling them is a plain array walk on the check path; adding and removing are rare and copy.
 */
final class CheckListeners {

    private static final Logger LOG = LoggerFactory.getLogger(CheckListeners.class);
    private static final CheckListener[] NONE = new CheckListener[0];

    private final ReentrantLock lock = new ReentrantLock();
    private volatile CheckListener[] listeners = NONE;

    void add(CheckListener listener) {
        requireNonNull(listener, "listener");
        lock.lock();
        try {
            CheckListener[] l = Arrays.copyOf(listeners, listeners.length + 1);
            l[l.length - 1] = listener;
            listeners = l;
        } finally {
            lock.unlock();
        }
    }

    void remove(CheckListener listener) {
        lock.lock();
        try {
            List<CheckListener> l = new ArrayList<>(Arrays.asList(listeners));
            l.remove(listener);
            listeners = l.toArray(NONE);
        } finally {
            lock.unlock();
        }
    }

    /** Tells every listener; one that throws is logged at WARN and does not stop the others. */
    void tell(Monitor monitor) {
        for (CheckListener l : listeners) {
            try {
                l.onCheck(monitor);
            } catch (RuntimeException e) {
                LOG.warn("Monitor '{}': check listener failed", monitor.name(), e);
            }
        }
    }
}
