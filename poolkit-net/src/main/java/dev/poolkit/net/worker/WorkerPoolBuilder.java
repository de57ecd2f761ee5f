package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;

/**
 * Builds a {@link WorkerPool}: the {@link WorkerPoolConfig} settings plus the time source and the
 * scheduler for its housekeeping. Obtained from {@link WorkerPool#forMessages} or {@link
 * WorkerPool#forSessions}; not thread-safe.
 */
public final class WorkerPoolBuilder extends WorkerPoolConfig.Settings<WorkerPoolBuilder> {

    private final MessageHandler messageHandler;
    private final SessionHandler sessionHandler;
    private Scheduler scheduler;
    private Ticker ticker = Ticker.system();

    WorkerPoolBuilder(MessageHandler messageHandler, SessionHandler sessionHandler) {
        this.messageHandler = messageHandler;
        this.sessionHandler = sessionHandler;
    }

    /**
     * Sets the scheduler for the pool's housekeeping: idle-worker reaping ({@link ThreadMode#PLATFORM})
     * and the client deadline sweep (message form). The pool does not close a scheduler it is given.
     * By default the pool runs one daemon thread of its own while it is started, named {@code
     * poolkit-worker-<name>-housekeeper}; a virtual-thread session pool needs none.
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
     * Sets the time source the client deadline is measured on. Defaults to {@link Ticker#system()}.
     *
     * @param ticker the time source
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public WorkerPoolBuilder ticker(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "ticker");
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
        return new WorkerPool(toConfig(), messageHandler, sessionHandler, scheduler, ticker);
    }
}
