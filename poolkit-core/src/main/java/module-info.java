/**
 * poolkit's resource pools. Only {@code dev.poolkit.pool} is API; the engine in
 * {@code dev.poolkit.pool.internal} is not exported.
 */
module dev.poolkit.pool {
    exports dev.poolkit.pool;
}
