package dev.poolkit.pool;

/**
 * Creates, checks and destroys the resources that a {@link Pool} holds.
 *
 * <p>The pool calls these methods outside of any lock, possibly from several threads at once and
 * from its background thread, so implementations must be thread-safe. <b>Callbacks must not
 * re-enter the pool that calls them</b> (acquiring from it inside {@code create} can deadlock a
 * full pool).
 *
 * @param <T> the type of resource
 */
public interface ResourceFactory<T> {

    /**
     * Creates a new resource. Called when a caller needs one and the pool is below its
     * {@code maxSize}, and in the background to keep {@code minIdle} resources ready.
     *
     * @return the new resource; never {@code null} (a null is reported as a
     *     {@link ResourceCreationException})
     * @throws Exception if the resource cannot be created; the pool wraps it in a
     *     {@link ResourceCreationException} for the caller, or retries with back-off in the background
     */
    T create() throws Exception;

    /**
     * Checks whether a resource is still usable. Called on idle resources by background validation
     * and, if configured, before a resource that has been idle for a while is handed out. A resource
     * found invalid (or for which this method throws) is destroyed.
     *
     * @param resource the resource, not in use by anyone during the call
     * @return true if the resource may be handed out; the default returns true
     * @throws Exception if the check fails; treated as {@code false}
     */
    default boolean isValid(T resource) throws Exception {
        return true;
    }

    /**
     * Destroys a resource the pool no longer keeps (invalid, expired, idle too long, surplus after a
     * shrink, or the pool closed). Called exactly once per created resource.
     *
     * @param resource the resource to release
     * @throws Exception if destruction fails; the pool logs it, counts it and forgets the resource
     */
    default void destroy(T resource) throws Exception {}
}
