package dev.poolkit.pool;

/** The shared listener that ignores everything; an enum so that there is exactly one. */
enum NoopListener implements PoolListener<Object> {
    INSTANCE
}
