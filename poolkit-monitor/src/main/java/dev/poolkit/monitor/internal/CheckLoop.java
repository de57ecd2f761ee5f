package dev.poolkit.monitor.internal;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.SharedScheduler;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one monitor: the periodic check loop, the check-timeout watchdog and the stop
 * protocol. It knows nothing of statuses or encodings; its {@link Host} (the monitor) runs the
 * state machine when a result comes in. Not API.
 *
 * <h2>Notes</h2>
 *
 * <ul>
 *   <li>One {@link Run} per start-to-stop period. A tick on the scheduler only hands the check to
 *       the executor (by default a new virtual thread), so a slow check never blocks the scheduler
 *       thread that every monitor shares.
 *   <li>The next tick is armed when a check ends, with the delay the host returns, so lateness does
 *       not accumulate and there is never more than one check in flight per monitor.
 *   <li>Every transition of a run ({@code active}, the in-flight check, the next tick, the watchdog)
 *       happens under {@link #lock}; the user's check runs outside it. A result is recorded only if
 *       its run is still active, so nothing is recorded after {@link #stop()} returns.
 *   <li>Whatever a check throws, {@link VirtualMachineError}s included, is a failed check: a loop
 *       must keep its schedule whatever its check does (GM-10). A virtual-machine error is logged at
 *       ERROR the first time only, because a check that overflows its stack does so at every tick.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class CheckLoop {

    private static final Logger LOG = LoggerFactory.getLogger(CheckLoop.class);

    /** The failure message of a check run without a health check, kept verbatim from golib. */
    public static final String MISSING_HEALTHCHECK = "missing healthcheck";

    /** What the loop needs from its monitor. */
    public interface Host {
        /**
         * Returns the monitor's name, for logs and thread names.
         *
         * @return the name
         */
        String name();

        /**
         * Returns the current check timeout.
         *
         * @return the timeout, positive
         */
        Duration checkTimeout();

        /**
         * Returns the check to run now.
         *
         * @return the check, or null when none is set
         */
        Probe probe();

        /**
         * Applies one result. Called under the loop's lock, only while the run is active; <b>must not
         * block</b>.
         *
         * @param success whether the check passed
         * @param message the failure message, empty on success
         * @param latencyNanos how long the check took
         * @param endNanos when it ended, on the loop's ticker
         * @return the delay until the next check
         */
        Duration record(boolean success, String message, long latencyNanos, long endNanos);

        /** Called after each recorded result, outside the lock, on the check's thread. */
        void afterCheck();
    }

    /** One health check run. */
    @FunctionalInterface
    public interface Probe {
        /**
         * Runs the check.
         *
         * @param cancellation cancelled at the deadline or on stop
         * @throws Exception if the check failed
         */
        void run(Cancellation cancellation) throws Exception;
    }

    private final Host host;
    private final Ticker ticker;
    private final Scheduler givenScheduler;
    private final Executor givenExecutor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition checkEnded = lock.newCondition();
    private volatile Executor virtualExecutor; // created on first use, named after the monitor
    private volatile boolean vmErrorLogged;

    // guarded by lock
    private Run current;
    private boolean closed;

    /**
     * Creates a stopped loop.
     *
     * @param host the monitor
     * @param ticker the time source of deadlines and latencies
     * @param scheduler where ticks and the watchdog run, or null for the shared scheduler
     * @param executor where checks run, or null for a new virtual thread per check
     */
    public CheckLoop(Host host, Ticker ticker, Scheduler scheduler, Executor executor) {
        this.host = host;
        this.ticker = ticker;
        this.givenScheduler = scheduler;
        this.givenExecutor = executor;
    }

    /**
     * Starts, or restarts, the loop: the first check runs {@code firstDelay} from now.
     *
     * @param firstDelay the delay of the first check
     * @return false if the loop was closed (nothing started)
     * @throws RejectedExecutionException if the scheduler rejected the first tick
     */
    public boolean start(Duration firstDelay) {
        Run previous;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            previous = current;
            current = null;
            if (previous != null) {
                deactivate(previous);
            }
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            finishStop(previous);
        }
        Scheduler scheduler = givenScheduler != null ? givenScheduler : SharedScheduler.acquire();
        Run run = new Run(scheduler, givenScheduler == null);
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = closed;
            if (wasClosed || current != null) {
                run.active = false; // closed, or started concurrently: the other call wins
            } else {
                run.nextTick = scheduler.schedule(run.tick, firstDelay);
                current = run;
            }
        } catch (RejectedExecutionException e) {
            run.active = false;
            throw e;
        } finally {
            lock.unlock();
            if (!run.active) {
                releaseScheduler(run);
            }
        }
        return !wasClosed;
    }

    /**
     * Stops the loop: cancels the next tick and the in-flight check, and waits for that check to end,
     * at most the check timeout. Afterwards no check starts and no result is recorded. Idempotent.
     */
    public void stop() {
        Run run;
        lock.lock();
        try {
            run = current;
            current = null;
            if (run == null) {
                return;
            }
            deactivate(run);
        } finally {
            lock.unlock();
        }
        finishStop(run);
    }

    /** Stops for good: later {@link #start} calls return false. Idempotent. */
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        stop();
    }

    /**
     * Returns whether the loop runs.
     *
     * @return true between a start and a stop
     */
    public boolean isRunning() {
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    // guarded by lock
    private void deactivate(Run run) {
        run.active = false;
        if (run.nextTick != null) {
            run.nextTick.cancel();
        }
        if (run.watchdog != null) {
            run.watchdog.cancel();
            run.watchdogArmed = false;
        }
        if (run.inFlight != null) {
            run.inFlight.cancelByStop();
        }
    }

    private void finishStop(Run run) {
        lock.lock();
        try {
            long waitNanos = host.checkTimeout().toNanos();
            while (run.inFlight != null && run.inFlightThread != Thread.currentThread()) {
                if (waitNanos <= 0) {
                    LOG.warn(
                            "Monitor '{}': health check ignored cancellation; stopped without waiting for it,"
                                    + " its result will be dropped",
                            host.name());
                    break;
                }
                waitNanos = checkEnded.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        releaseScheduler(run);
    }

    private static void releaseScheduler(Run run) {
        if (run.ownsShared && !run.released) {
            run.released = true;
            SharedScheduler.release(run.scheduler);
        }
    }

    /** One start-to-stop period: its scheduler, its pending tick and its in-flight check. */
    private final class Run {
        final Scheduler scheduler;
        final boolean ownsShared;
        final Runnable tick = this::dispatch;
        final Runnable cycle = this::cycle;
        final Runnable watch = this::watchdog;
        // guarded by lock
        boolean active = true;
        boolean watchdogArmed;
        Scheduler.Cancellable watchdog;
        boolean released;
        Scheduler.Cancellable nextTick;
        Cancellation inFlight;
        Thread inFlightThread;

        Run(Scheduler scheduler, boolean ownsShared) {
            this.scheduler = scheduler;
            this.ownsShared = ownsShared;
        }

        /** Runs on the scheduler: hands the check to its executor, never blocks the scheduler. */
        private void dispatch() {
            if (!active) {
                return;
            }
            try {
                executor().execute(cycle);
            } catch (RejectedExecutionException e) {
                LOG.warn("Monitor '{}': executor rejected a check, monitor stopped", host.name());
                stop();
            }
        }

        private void cycle() {
            runCycle(this);
        }

        /**
         * The check-timeout watchdog. Rather than arming and cancelling a timer around every check (two
         * operations on the scheduler's queue per check), one watchdog per run is armed when a check
         * starts and none is pending; when it fires it expires the in-flight check if that check's
         * deadline has passed, re-arms itself for the in-flight check's deadline if not, and goes idle
         * when no check is in flight. Deadlines stay exact; a quick check costs no timer work.
         */
        private void watchdog() {
            Cancellation expired = null;
            lock.lock();
            try {
                Cancellation c = inFlight;
                if (!active || c == null) {
                    watchdogArmed = false;
                    return;
                }
                long left = c.deadlineNanos() - ticker.nanoTime();
                if (left <= 0) {
                    watchdogArmed = false;
                    expired = c;
                } else {
                    watchdog = scheduler.schedule(watch, Duration.ofNanos(left));
                }
            } catch (RejectedExecutionException e) {
                watchdogArmed = false; // the scheduler is closing: stop() cancels the check itself
            } finally {
                lock.unlock();
            }
            if (expired != null) {
                expired.expire();
            }
        }
    }

    private Executor executor() {
        Executor e = givenExecutor;
        return e != null ? e : virtualThreads();
    }

    private Executor virtualThreads() {
        Executor e = virtualExecutor;
        if (e == null) {
            ThreadFactory factory =
                    Thread.ofVirtual().name("poolkit-monitor-" + host.name()).factory();
            e = task -> factory.newThread(task).start();
            virtualExecutor = e;
        }
        return e;
    }

    /**
     * One check: run the user check under its deadline, then, if the run is still active, record the
     * result, arm the next tick, and tell the host. Runs on the executor's thread; the scheduler's
     * thread only hands it over ({@link Run#dispatch()}).
     */
    private void runCycle(Run run) {
        Probe probe = host.probe();
        boolean success;
        String msg;
        long latency;
        long end;
        Cancellation c = null;
        if (probe == null) {
            success = false;
            msg = MISSING_HEALTHCHECK;
            latency = 0;
            end = ticker.nanoTime();
        } else {
            Duration timeout = host.checkTimeout();
            long start = ticker.nanoTime();
            Thread self = Thread.currentThread();
            c = new Cancellation(ticker, start + timeout.toNanos(), self);
            lock.lock();
            try {
                if (!run.active) {
                    return;
                }
                run.inFlight = c;
                run.inFlightThread = self;
                if (!run.watchdogArmed) {
                    run.watchdog = run.scheduler.schedule(run.watch, timeout);
                    run.watchdogArmed = true;
                }
            } catch (RejectedExecutionException e) {
                // the scheduler was closed by a concurrent stop: the check is cancelled already
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                probe.run(c);
            } catch (Throwable t) { // every throwable is a failed check, see the class notes
                failure = t;
            }
            end = ticker.nanoTime();
            String cancelled = c.finish();
            latency = end - start;
            success = failure == null;
            msg = success ? "" : failureMessage(failure, cancelled);
        }
        lock.lock();
        try {
            if (run.inFlight == c) {
                run.inFlight = null;
                run.inFlightThread = null;
            }
            checkEnded.signalAll();
            if (!run.active) {
                return; // stopped while the check ran: the result is dropped
            }
            Duration next = host.record(success, msg, latency, end);
            try {
                run.nextTick = run.scheduler.schedule(run.tick, next);
            } catch (RejectedExecutionException e) {
                LOG.warn("Monitor '{}': scheduler rejected the next check, monitor stopped", host.name());
                run.active = false;
                current = null;
            }
        } finally {
            lock.unlock();
        }
        host.afterCheck();
    }

    private String failureMessage(Throwable failure, String cancelled) {
        if (failure instanceof VirtualMachineError) {
            if (!vmErrorLogged) {
                vmErrorLogged = true;
                LOG.error(
                        "Monitor '{}': health check threw {}; counted as a failed check, the monitor keeps"
                                + " running (logged once)",
                        host.name(),
                        failure.getClass().getName(),
                        failure);
            }
            return failure.getClass().getName();
        }
        if (cancelled != null && causedByInterrupt(failure)) {
            return cancelled;
        }
        String m = failure.getMessage();
        return m != null && !m.isEmpty() ? m : failure.getClass().getName();
    }

    private static boolean causedByInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException
                    || c instanceof InterruptedIOException
                    || c instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
