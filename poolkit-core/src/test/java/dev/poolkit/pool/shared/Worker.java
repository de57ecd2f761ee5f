package dev.poolkit.pool.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shared test resource in go-pooler's example form: {@link #close()} marks it closed, and {@link
 * #ping} fails once it is closed or marked broken. Counts its closes, so that a test sees a double
 * close. Thread-safe.
 */
final class Worker implements Reusable {

    private final String key;
    private final int id;
    private final AtomicInteger closes = new AtomicInteger();
    private volatile boolean broken;

    Worker(String key, int id) {
        this.key = key;
        this.id = id;
    }

    String key() {
        return key;
    }

    int id() {
        return id;
    }

    /** Makes every later ping fail. */
    void breakIt() {
        broken = true;
    }

    boolean closed() {
        return closes.get() > 0;
    }

    int closes() {
        return closes.get();
    }

    @Override
    public void ping(Duration timeout) throws Exception {
        if (closed()) {
            throw new IllegalStateException("worker is closed");
        }
        if (broken) {
            throw new IllegalStateException("worker " + key + " is broken");
        }
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "Worker[" + key + "#" + id + "]";
    }
}
