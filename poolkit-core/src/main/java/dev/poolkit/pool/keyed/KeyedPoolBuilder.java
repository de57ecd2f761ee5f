package dev.poolkit.pool.keyed;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.PoolListener;
import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.KeyedFairPool;
import java.util.concurrent.Executor;

/**
 * Builds a {@link KeyedPool}: the {@link KeyedPoolConfig} settings plus the runtime collaborators,
 * which every key's pool shares (one ticker, one scheduler, one executor, one listener). Obtained from
 * {@link KeyedPool#builder(KeyedResourceFactory)}; not thread-safe.
 *
 * {@snippet class=dev.poolkit.pool.keyed.KeyedExamplesTest region=pool}
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
public final class KeyedPoolBuilder<K, T> extends KeyedPoolConfig.Settings<KeyedPoolBuilder<K, T>> {

    private final KeyedResourceFactory<K, T> factory;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Executor executor;
    private PoolListener<? super T> listener = PoolListener.noop();

    KeyedPoolBuilder(KeyedResourceFactory<K, T> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /**
     * Sets the time source of every key's pool, as {@link dev.poolkit.pool.PoolBuilder#ticker} does.
     * Defaults to {@link Ticker#system()}.
     *
     * @param ticker the time source
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public KeyedPoolBuilder<K, T> ticker(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Sets the scheduler that times the background work of every key's pool and the removal of idle
     * keys. The pool does not close a scheduler it is given. By default the keyed pool holds one
     * handle on the shared {@code poolkit-scheduler} thread for all its keys.
     *
     * @param scheduler the scheduler; the pool's tasks on it never block
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public KeyedPoolBuilder<K, T> scheduler(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Sets the executor that runs every factory call of every key, and the removal of idle keys. The
     * pool does not shut down an executor it is given. By default each call runs on a virtual thread
     * of its own, named {@code poolkit-keyed-<name>-<n>}.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public KeyedPoolBuilder<K, T> executor(Executor executor) {
        this.executor = requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Sets the listener of every key's pool. Defaults to {@link PoolListener#noop()}, which costs
     * nothing.
     *
     * @param listener the listener; it is not told the key
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public KeyedPoolBuilder<K, T> listener(PoolListener<? super T> listener) {
        this.listener = requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Builds and starts the keyed pool. No key has a pool yet; each is created on its key's first
     * acquire.
     *
     * @return the keyed pool
     * @throws NullPointerException if a setting is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it and its value
     */
    public KeyedPool<K, T> build() {
        return new KeyedFairPool<>(factory, toConfig(), ticker, scheduler, executor, listener);
    }
}
