/**
 * poolkit's resource pools. {@code dev.poolkit.pool} is the API of exclusive-use pools, {@code
 * dev.poolkit.pool.keyed} that of keyed pools, {@code dev.poolkit.pool.shared} that of the registry of
 * shared resources. The engine package {@code dev.poolkit.pool.internal} is exported only to poolkit's
 * own modules, which share its argument checks; it is not API.
 */
module dev.poolkit.pool {
    exports dev.poolkit.pool;
    exports dev.poolkit.pool.keyed;
    exports dev.poolkit.pool.shared;
    exports dev.poolkit.pool.internal to
            dev.poolkit.monitor,
            dev.poolkit.net;
}
