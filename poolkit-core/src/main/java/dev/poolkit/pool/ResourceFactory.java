package dev.poolkit.pool;

import java.time.Duration;

/**
 * Creates, checks and destroys the resources that a {@link Pool} holds.
 *
 * <p>The pool calls these methods on its executor ({@link PoolBuilder#executor}, by default a
 * virtual thread per call), outside of any lock, possibly several at once, so implementations must be
 * thread-safe. They may block (a connect, a validation query, a graceful close): a caller's acquire
 * timeout bounds how long the caller waits, not how long the call runs. Closing the pool interrupts
 * running {@code create} and {@code isValid} calls; a call should then return or throw promptly
 * (blocking I/O on a virtual thread does). An {@link Error} thrown by a method is handled like an
 * exception. <b>Callbacks must not re-enter the pool that calls them</b> (acquiring from it inside
 * {@code create} can deadlock a full pool).
 *
 * {@snippet class=dev.poolkit.pool.ExamplesTest region=factory}
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
     *     {@link ResourceCreationException} for a waiting caller, or retries with back-off in the
     *     background
     */
    T create() throws Exception;

    /**
     * Checks whether a resource is still usable, without a deadline of its own. Only called by the
     * default {@link #isValid(Object, Duration)}.
     *
     * @param resource the resource, not in use by anyone during the call
     * @return true if the resource may be handed out; the default returns true
     * @throws Exception if the check fails; treated as {@code false}
     */
    default boolean isValid(T resource) throws Exception {
        return true;
    }

    /**
     * Checks whether a resource is still usable. Called on idle resources by background validation
     * and, if configured, before a resource that has been idle for a while is handed out. A resource
     * found invalid (or for which this method throws, or which overruns {@code timeout}) is destroyed
     * with {@link DestroyReason#VALIDATION_FAILED}. When the timeout passes the pool interrupts the
     * call and counts it as failed; a check should also bound its own I/O by {@code timeout} (a
     * socket read timeout). The default calls {@link #isValid(Object)}.
     *
     * @param resource the resource, not in use by anyone during the call
     * @param timeout the pool's {@code validationTimeout}
     * @return true if the resource may be handed out
     * @throws Exception if the check fails; treated as {@code false}
     */
    default boolean isValid(T resource, Duration timeout) throws Exception {
        return isValid(resource);
    }

    /**
     * Destroys a resource without being told why. Only called by the default {@link #destroy(Object,
     * DestroyReason)}.
     *
     * @param resource the resource to release
     * @throws Exception if destruction fails; the pool logs it, counts it in
     *     {@link PoolStats#destroyFailures()} and forgets the resource
     */
    default void destroy(T resource) throws Exception {}

    /**
     * Destroys a resource the pool no longer keeps. Called exactly once per created resource, after
     * the pool has let go of it (its place may already hold a new resource). The default calls
     * {@link #destroy(Object)}.
     *
     * @param resource the resource to release
     * @param reason why the pool destroys it
     * @throws Exception if destruction fails; the pool logs it, counts it in
     *     {@link PoolStats#destroyFailures()} and forgets the resource
     */
    default void destroy(T resource, DestroyReason reason) throws Exception {
        destroy(resource);
    }
}
