package dev.poolkit.net.worker;

/** Which kind of thread serves a {@link WorkerPool}'s connections. */
public enum ThreadMode {

    /**
     * Pooled platform threads, as pool-manager's goroutine workers: {@code minWorkers} wait idle from
     * {@link WorkerPool#start()}, more are started while every worker is busy (up to {@code
     * maxWorkers}), and idle workers above {@code minWorkers} are stopped every {@code reapInterval}.
     */
    PLATFORM,

    /**
     * A new virtual thread for every connection, never pooled: {@code maxWorkers} is a permit count
     * (how many connections are served at once), a worker ends with its connection, and there is
     * nothing to keep idle or reap, so {@code minWorkers} must be 0 and {@code reapInterval} is not
     * used. To a client both modes behave the same.
     */
    VIRTUAL
}
