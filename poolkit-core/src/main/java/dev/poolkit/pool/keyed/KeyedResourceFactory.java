package dev.poolkit.pool.keyed;

import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.ResourceFactory;
import java.time.Duration;

/**
 * Creates, checks and destroys the resources of a {@link KeyedPool}, knowing the key each one is for
 * (the host to connect to, the tenant's database).
 *
 * <p>The same rules as for {@link ResourceFactory} apply: the pool calls these methods on its executor,
 * outside of any lock, possibly several at once, so implementations must be thread-safe; they may
 * block; closing the pool interrupts running {@code create} and {@code isValid} calls. <b>Callbacks
 * must not re-enter the pool that calls them.</b>
 *
 * {@snippet class=dev.poolkit.pool.keyed.KeyedExamplesTest region=factory}
 *
 * @param <K> the type of key
 * @param <T> the type of resource
 */
@FunctionalInterface
public interface KeyedResourceFactory<K, T> {

    /**
     * Creates a new resource for {@code key}.
     *
     * @param key the key the resource is for
     * @return the new resource; never {@code null} (a null is reported as a {@link
     *     dev.poolkit.pool.ResourceCreationException})
     * @throws Exception if the resource cannot be created; a waiting caller gets it as the cause of a
     *     {@link dev.poolkit.pool.ResourceCreationException}
     */
    T create(K key) throws Exception;

    /**
     * Checks whether a resource is still usable; see {@link ResourceFactory#isValid(Object, Duration)}.
     *
     * @param key the key the resource was created for
     * @param resource the resource, not in use by anyone during the call
     * @param timeout the per-key {@code validationTimeout}
     * @return true if the resource may be handed out; the default returns true
     * @throws Exception if the check fails; treated as {@code false}
     */
    default boolean isValid(K key, T resource, Duration timeout) throws Exception {
        return true;
    }

    /**
     * Destroys a resource the pool no longer keeps; called exactly once per created resource. A
     * resource retired so that another key can use its place under {@code maxTotal} is destroyed
     * with {@link DestroyReason#SHRUNK}.
     *
     * @param key the key the resource was created for
     * @param resource the resource to release
     * @param reason why the pool destroys it
     * @throws Exception if destruction fails; the pool logs it and counts it in {@link
     *     dev.poolkit.pool.PoolStats#destroyFailures()}
     */
    default void destroy(K key, T resource, DestroyReason reason) throws Exception {}
}
