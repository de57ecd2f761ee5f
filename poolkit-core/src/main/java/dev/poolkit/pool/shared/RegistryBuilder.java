package dev.poolkit.pool.shared;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.SingleFlightRegistry;
import java.util.concurrent.Executor;

/**
 * Builds a {@link SharedResourceRegistry}: the {@link RegistryConfig} settings plus the runtime
 * collaborators. Obtained from {@link SharedResourceRegistry#builder(SharedResourceFactory)}; not
 * thread-safe.
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
public final class RegistryBuilder<K, T> extends RegistryConfig.Settings<RegistryBuilder<K, T>> {

    private final SharedResourceFactory<K, T> factory;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Executor executor;

    RegistryBuilder(SharedResourceFactory<K, T> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /**
     * Sets the time source that {@link RegistryStats#waitDuration()} is measured with; blocking waits
     * use real time. Defaults to {@link Ticker#system()}.
     *
     * @param ticker the time source
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public RegistryBuilder<K, T> ticker(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Sets the scheduler that times the health check and the ping timeouts. The registry does not close
     * a scheduler it is given; by default it shares the {@code poolkit-scheduler} thread.
     *
     * @param scheduler the scheduler; the registry's tasks on it never block
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public RegistryBuilder<K, T> scheduler(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Sets the executor that runs every factory call ({@code create}, {@code ping}, and the {@code
     * close} of a resource that failed its health check). The registry does not shut down an executor
     * it is given. By default each call runs on a virtual thread of its own, named {@code
     * poolkit-registry-<name>-<n>}.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public RegistryBuilder<K, T> executor(Executor executor) {
        this.executor = requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Builds and starts the registry; the health check runs every {@code healthCheckInterval} from now.
     *
     * @return the registry, empty
     * @throws NullPointerException if a setting is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it and its value
     */
    public SharedResourceRegistry<K, T> build() {
        return new SingleFlightRegistry<>(factory, toConfig(), ticker, scheduler, executor);
    }
}
