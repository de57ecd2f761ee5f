package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;

/**
 * Builds a {@link WorkerPool}: the {@link WorkerPoolConfig} settings plus the scheduler for idle
 * worker reaping. Obtained from {@link WorkerPool#forMessages} or {@link WorkerPool#forSessions}; not
 * thread-safe.
 */
public final class WorkerPoolBuilder extends WorkerPoolConfig.Settings<WorkerPoolBuilder> {

    private final MessageHandler messageHandler;
    private final SessionHandler sessionHandler;
    private Scheduler scheduler;

    WorkerPoolBuilder(MessageHandler messageHandler, SessionHandler sessionHandler) {
        this.messageHandler = messageHandler;
        this.sessionHandler = sessionHandler;
    }

    /**
     * Sets the scheduler that runs idle-worker reaping ({@link ThreadMode#PLATFORM} only). The pool
     * does not close a scheduler it is given. By default the pool runs one daemon thread of its own
     * while it is started, named {@code poolkit-worker-<name>-cleaner}.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public WorkerPoolBuilder scheduler(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Builds the pool, stopped: call {@link WorkerPool#start()} before submitting connections.
     *
     * @return the pool
     * @throws NullPointerException if a setting is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it and its value
     */
    public WorkerPool build() {
        return new WorkerPool(toConfig(), messageHandler, sessionHandler, scheduler);
    }
}
