package dev.poolkit.pool;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.FairPool;
import java.util.concurrent.Executor;

/**
 * Builds a {@link Pool}: the {@link PoolConfig} settings plus the runtime collaborators (ticker,
 * scheduler, executor, listener). Obtained from {@link Pool#builder(ResourceFactory)}; not
 * thread-safe.
 *
 * <p>The scheduler decides <em>when</em> background work happens (refill, expiry, validation, leak
 * checks) and never runs anything that blocks; the executor runs every call into the factory ({@code
 * create}, {@code isValid}, {@code destroy}). So one scheduler thread can serve thousands of pools
 * while their factories block on the network.
 *
 * {@snippet class=dev.poolkit.pool.ExamplesTest region=builder}
 *
 * @param <T> the type of resource
 */
public final class PoolBuilder<T> extends PoolConfig.Settings<PoolBuilder<T>> {

    private final ResourceFactory<T> factory;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Executor executor;
    private PoolListener<? super T> listener = PoolListener.noop();

    PoolBuilder(ResourceFactory<T> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /**
     * Sets the time source for every age and interval the pool measures (idle time, lifetime, leaks,
     * validation, back-off). Blocking waits ({@code acquire}'s and {@code close}'s timeouts) always use
     * real time, since a thread can only park in real time. Defaults to {@link Ticker#system()}.
     *
     * @param ticker the time source
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public PoolBuilder<T> ticker(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Sets the scheduler that times background work. The pool does not close a scheduler it is
     * given. By default the pool shares one daemon thread, {@code poolkit-scheduler}, with every other
     * poolkit component of the process that uses the default; the thread starts with the first of
     * them and stops when the last one closes.
     *
     * @param scheduler the scheduler; its tasks from this pool never block
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public PoolBuilder<T> scheduler(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Sets the executor that runs every {@link ResourceFactory#create() create}, {@link
     * ResourceFactory#isValid(Object, java.time.Duration) isValid} and {@link
     * ResourceFactory#destroy(Object, DestroyReason) destroy}, for callers and for background work
     * alike. The pool does not shut down an executor it is given. By default each call runs on a
     * virtual thread of its own, named {@code poolkit-pool-<name>-<n>}. An executor that runs tasks
     * on the calling thread ({@code Runnable::run}) is allowed (tests use it), but then an acquire
     * timeout no longer bounds a creation or validation.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public PoolBuilder<T> executor(Executor executor) {
        this.executor = requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Sets the listener that observes creations, destructions, timeouts and leaks. Defaults to
     * {@link PoolListener#noop()}, which costs nothing.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public PoolBuilder<T> listener(PoolListener<? super T> listener) {
        this.listener = requireNonNull(listener, "listener");
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
        return new FairPool<>(factory, toConfig(), ticker, scheduler, executor, listener);
    }
}
