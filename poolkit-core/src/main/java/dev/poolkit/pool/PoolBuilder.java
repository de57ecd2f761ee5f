package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.FairPool;

/**
 * Builds a {@link Pool}: the {@link PoolConfig} settings plus the runtime collaborators (ticker and
 * scheduler). Obtained from {@link Pool#builder(ResourceFactory)}; not thread-safe.
 *
 * @param <T> the type of resource
 */
public final class PoolBuilder<T> extends PoolConfig.Settings<PoolBuilder<T>> {

    private final ResourceFactory<T> factory;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;

    PoolBuilder(ResourceFactory<T> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /**
     * Sets the time source for every timeout, age and interval. Defaults to {@link Ticker#system()}.
     *
     * @param ticker the time source
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public PoolBuilder<T> clock(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "clock");
        return this;
    }

    /**
     * Sets the scheduler for background work (refill, expiry, validation, leak checks). The pool does
     * not close a scheduler it is given. By default the pool runs one daemon thread of its own, named
     * {@code poolkit-pool-<name>}, and stops it on close.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public PoolBuilder<T> scheduler(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Builds and starts the pool; background refill to {@code minIdle} begins at once.
     *
     * @return the pool
     * @throws NullPointerException if a setting is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it and its value
     */
    public Pool<T> build() {
        return new FairPool<>(factory, toConfig(), ticker, scheduler);
    }
}
