package dev.poolkit.pool.internal;

/**
 * Where a {@link FairPool} asks for room beyond its own {@code maxSize}: the seam through which
 * several pools share one limit (a keyed pool's {@code maxTotal}, see {@link SharedCapacity}). A
 * plain pool has {@link #UNLIMITED}, whose methods do nothing and, once inlined, cost nothing.
 *
 * <p>The pool calls {@link #take} before it adds a place and {@link #give} after it gave one up, so
 * the places of all pools that share a capacity never add up to more than it allows. {@link #take}
 * runs under the pool's lock (or, for the background refill, under no lock) and must not call back
 * into any pool; {@link #give} and {@link #idled} run under no lock and may.
 */
interface Capacity {

    /** The capacity of a pool that shares nothing: always room, nothing to tell. */
    Capacity UNLIMITED = new Capacity() {
        @Override
        public void attach(FairPool<?> pool) {}

        @Override
        public boolean take(int callers) {
            return true;
        }

        @Override
        public void untake() {}

        @Override
        public void give() {}

        @Override
        public void idled() {}

        @Override
        public void demandChecked(int callers) {}
    };

    /** Called once, first thing in the pool's constructor, before the pool can call anything else. */
    void attach(FairPool<?> pool);

    /**
     * Takes room for one more place of the pool.
     *
     * @param callers how many callers of the pool wait for a place now, the one asking included (0
     *     for the background refill); a refusal with callers asks to be remembered for them
     * @return whether the pool may add the place; if it then does not, it calls {@link #untake}
     */
    boolean take(int callers);

    /** Gives back room that {@link #take} granted and the pool did not use; under the pool's lock. */
    void untake();

    /** A place of the pool is gone (its resource retired, or its creation failed). */
    void give();

    /** The pool published idle resources; another pool may need the room one of them takes. */
    void idled();

    /**
     * Tells, under the pool's lock, how many callers of the pool wait now, so that requests made for
     * callers that have gone (timed out, served otherwise) are forgotten.
     *
     * @param callers the pool's waiting callers
     */
    void demandChecked(int callers);
}
