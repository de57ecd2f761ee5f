package dev.poolkit.pool.shared;

import java.time.Duration;

/**
 * A resource that a {@link SharedResourceRegistry} can health-check and close by itself (go-pooler's
 * {@code Reusable}): the default {@link SharedResourceFactory#ping} and {@link
 * SharedResourceFactory#close} call these methods when the resource implements this interface.
 *
 * <p>Implementations must be thread-safe: the registry pings a resource while callers use it.
 */
public interface Reusable extends AutoCloseable {

    /**
     * Checks that the resource still works, within {@code timeout}.
     *
     * @param timeout how long the check may take; the registry interrupts it after that and treats it
     *     as failed
     * @throws Exception if the resource is broken; the registry then closes and removes it
     */
    void ping(Duration timeout) throws Exception;

    /**
     * Closes the resource; called once, when the registry removes it.
     *
     * @throws Exception if closing fails; the registry logs it and counts it in {@link
     *     RegistryStats#closeFailures()}
     */
    @Override
    void close() throws Exception;
}
