package dev.poolkit.pool.internal;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Lease;

/**
 * The lease handed out by {@link FairPool}: the slot plus the state word it was leased at. Small and
 * final so that, when the caller's use does not let it escape, the JIT scalar-replaces it and an
 * acquire/release cycle allocates nothing.
 */
final class SlotLease<T> implements Lease<T> {

    private final FairPool<T> pool;
    private final Slot<T> slot;
    private final long gen;

    SlotLease(FairPool<T> pool, Slot<T> slot, long gen) {
        this.pool = pool;
        this.slot = slot;
        this.gen = gen;
    }

    @Override
    public T get() {
        if (slot.gen() != gen) {
            throw new IllegalStateException("Pool '" + pool.name() + "': lease is no longer active");
        }
        return slot.resource;
    }

    @Override
    public void release() {
        pool.release(slot, gen);
    }

    @Override
    public void invalidate() {
        end(null);
    }

    @Override
    public void invalidate(Throwable cause) {
        end(requireNonNull(cause, "cause"));
    }

    private void end(Throwable cause) {
        if (pool.endLease(slot, gen)) {
            pool.invalidated(slot, cause);
        } else {
            pool.countDoubleRelease();
        }
    }

    @Override
    public boolean isActive() {
        return slot.gen() == gen;
    }

    @Override
    public String toString() {
        return "Lease[pool=" + pool.name() + ", active=" + isActive() + "]";
    }
}
