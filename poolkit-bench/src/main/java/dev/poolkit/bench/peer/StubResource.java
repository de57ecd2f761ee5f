package dev.poolkit.bench.peer;

/**
 * The pooled thing in every benchmark: a plain object with no I/O, so that a benchmark measures the
 * pool and nothing else. Every peer pools instances of this class (HikariCP pools {@link
 * StubConnection}s, which play the same role behind the JDBC interfaces).
 */
public final class StubResource {

    private final int id;

    StubResource(int id) {
        this.id = id;
    }

    /**
     * Returns the number this resource was created with.
     *
     * @return the id
     */
    public int id() {
        return id;
    }

    @Override
    public String toString() {
        return "StubResource[" + id + "]";
    }
}
