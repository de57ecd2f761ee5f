package dev.poolkit.pool.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A gate that callbacks under test pass through: while it is shut, {@link #pass()} blocks (a factory
 * that hangs in a connect, a validation query that never answers); {@link #open()} lets every
 * blocked and later caller through. Counts the callers that arrived, so that a test can wait until a
 * callback is really blocked before it acts. Thread-safe.
 *
 * {@snippet :
 * Gate gate = Gate.blocking();
 * ResourceFactory<Object> factory = () -> {
 *     gate.pass(); // blocks until the test opens the gate
 *     return new Object();
 * };
 * // ... start an acquire on another thread, then:
 * Awaits.await().until(() -> gate.arrivals() == 1);
 * gate.open();
 * }
 */
public final class Gate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final AtomicInteger blocked = new AtomicInteger();
    private boolean open;
    private boolean ignoreInterrupts;

    private Gate(boolean open) {
        this.open = open;
    }

    /**
     * Returns a shut gate.
     *
     * @return a gate that blocks callers until {@link #open()}
     */
    public static Gate blocking() {
        return new Gate(false);
    }

    /**
     * Returns an open gate, to be {@link #shut shut} later.
     *
     * @return a gate that lets callers through
     */
    public static Gate passing() {
        return new Gate(true);
    }

    /**
     * Makes {@link #pass()} keep waiting when interrupted (a factory call that ignores interrupts);
     * the interrupt status is restored when the gate opens.
     *
     * @return this gate
     */
    public Gate ignoringInterrupts() {
        lock.lock();
        try {
            ignoreInterrupts = true;
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * Counts the caller, then blocks while the gate is shut.
     *
     * @throws InterruptedException if interrupted while blocked (unless {@link #ignoringInterrupts()})
     */
    public void pass() throws InterruptedException {
        arrivals.incrementAndGet();
        boolean interrupted = false;
        lock.lock();
        try {
            blocked.incrementAndGet();
            while (!open) {
                try {
                    opened.await();
                } catch (InterruptedException e) {
                    if (!ignoreInterrupts) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
        } finally {
            blocked.decrementAndGet();
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets every blocked and later caller through. */
    public void open() {
        lock.lock();
        try {
            open = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes later callers block again. */
    public void shut() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many callers arrived at the gate, through or not.
     *
     * @return the count since the gate was created
     */
    public int arrivals() {
        return arrivals.get();
    }

    /**
     * Returns how many callers are blocked at the gate now.
     *
     * @return the count
     */
    public int blocked() {
        return blocked.get();
    }
}
