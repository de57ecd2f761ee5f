package dev.poolkit.pool.testing;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.PoolTimeoutException;
import dev.poolkit.pool.ResourceCreationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PoolListener} that records every event as a line of text, so that a test can assert the
 * exact sequence: {@code created <resource>}, {@code creationFailed <cause>}, {@code destroyed
 * <resource> <reason> [<cause>]}, {@code timedOut <timeout ms>}, {@code leak <resource>}. Thread-safe.
 *
 * @param <T> the type of resource
 */
public final class RecordingListener<T> implements PoolListener<T> {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void created(T resource, Duration took) {
        events.add("created " + resource);
    }

    @Override
    public void creationFailed(ResourceCreationException failure, Duration took) {
        events.add("creationFailed " + failure.getCause());
    }

    @Override
    public void destroyed(T resource, DestroyReason reason, Throwable cause) {
        events.add("destroyed " + resource + " " + reason + (cause == null ? "" : " " + cause));
    }

    @Override
    public void acquireTimedOut(PoolTimeoutException timeout) {
        events.add("timedOut " + timeout.timeout().toMillis());
    }

    @Override
    public void leakSuspected(T resource, Duration heldFor, Throwable acquiredAt) {
        events.add("leak " + resource);
    }

    /**
     * Returns the events so far.
     *
     * @return the events, oldest first
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Forgets the events so far. */
    public void clear() {
        events.clear();
    }
}
