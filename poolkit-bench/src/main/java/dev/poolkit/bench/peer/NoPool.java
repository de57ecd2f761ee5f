package dev.poolkit.bench.peer;

/**
 * The baseline: no pool. Every acquire hands out the same resource and release does nothing, so the
 * benchmark measures its own harness (the call sites, the {@code Blackhole}, the thread start-up of
 * the virtual-thread benchmark).
 */
final class NoPool implements BenchPool<StubResource> {

    private final StubResource resource = new StubResource(0);

    @Override
    public StubResource acquire() {
        return resource;
    }

    @Override
    public Object resource(StubResource handle) {
        return handle;
    }

    @Override
    public void release(StubResource handle) {}

    @Override
    public void close() {}
}
