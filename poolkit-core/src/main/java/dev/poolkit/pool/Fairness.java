package dev.poolkit.pool;

/**
 * How a pool shares its resources between callers that wait for one and callers that are running
 * (a thread that has just returned a resource and asks again, or one that arrives). Waiters are
 * served among themselves in arrival order in both modes; the modes differ only in whether a running
 * caller may take an idle resource while others wait. Nothing differs while nobody waits.
 */
public enum Fairness {
    /**
     * First come, first served, always: a returned resource goes straight to the longest waiter
     * (hand-off), and a caller that finds anybody waiting queues behind them. Every wait is about as
     * long as the others, but once callers outnumber resources every acquire that waits costs a
     * thread switch, which caps throughput with platform threads on few cores.
     */
    STRICT,
    /**
     * Running callers first, with a bound on the wait; the default. While the longest waiter has
     * waited less than {@link PoolConfig#fairnessThreshold()}, a returned resource goes back to the
     * idle set and a running caller may take it (the releasing thread usually takes its own resource
     * straight back), and the longest waiter is woken to compete for it. Once the longest waiter has waited that long,
     * the pool behaves as {@link #STRICT}: returns hand off to the queue's head and arriving callers
     * queue, until the head has waited less than the threshold again. As Go's {@code sync.Mutex} does
     * with its normal and starvation modes.
     */
    BOUNDED
}
