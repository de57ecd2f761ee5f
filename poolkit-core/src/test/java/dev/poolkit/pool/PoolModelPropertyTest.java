package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of acquire, release, invalidate, double release, resize and close, run against a
 * real pool and against a plain model of what its counts must be; jqwik shrinks a failure to the
 * shortest sequence that shows it.
 */
class PoolModelPropertyTest {

    enum Kind {
        ACQUIRE,
        RELEASE,
        INVALIDATE,
        RELEASE_AGAIN,
        RESIZE,
        CLOSE
    }

    record Op(Kind kind, int arg) {}

    /** What the pool's counts must be; single-threaded, so exact. */
    static final class Model {
        int maxSize = 3;
        int size;
        int idle;
        int leased;
        long doubleReleases;
        boolean closed;

        void returned() {
            leased--;
            if (closed || size > maxSize) {
                size--;
            } else {
                idle++;
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 9);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(new Op(Kind.ACQUIRE, 0))),
                Tuple.of(4, index.map(i -> new Op(Kind.RELEASE, i))),
                Tuple.of(1, index.map(i -> new Op(Kind.INVALIDATE, i))),
                Tuple.of(1, index.map(i -> new Op(Kind.RELEASE_AGAIN, i))),
                Tuple.of(1, Arbitraries.integers().between(1, 5).map(n -> new Op(Kind.RESIZE, n))),
                Tuple.of(1, Arbitraries.just(new Op(Kind.CLOSE, 0))));
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 400)
    void randomOperations_matchModel(@ForAll("operations") List<Op> ops) throws Exception {
        FakeClock clock = new FakeClock();
        CountingFactory factory = new CountingFactory();
        Pool<Resource> pool = Pool.builder(factory)
                .name("model")
                .maxSize(3)
                .clock(clock)
                .scheduler(new ManualScheduler(clock))
                .build();
        Model model = new Model();
        List<Lease<Resource>> held = new ArrayList<>();
        List<Lease<Resource>> done = new ArrayList<>();
        try {
            for (Op op : ops) {
                apply(op, pool, model, held, done);
                PoolStats stats = pool.stats();
                assertThat(stats.size()).as("size after %s", op).isEqualTo(model.size);
                assertThat(stats.idle()).as("idle after %s", op).isEqualTo(model.idle);
                assertThat(stats.leased()).as("leased after %s", op).isEqualTo(model.leased);
                assertThat(stats.maxSize()).isEqualTo(model.maxSize);
                assertThat(stats.doubleReleases()).isEqualTo(model.doubleReleases);
                assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.size());
                assertThat(factory.live()).isEqualTo(model.size);
            }
        } finally {
            pool.close();
            held.forEach(Lease::release);
        }
        assertThat(factory.live()).isZero();
    }

    private static void apply(
            Op op, Pool<Resource> pool, Model model, List<Lease<Resource>> held, List<Lease<Resource>> done)
            throws Exception {
        switch (op.kind()) {
            case ACQUIRE -> {
                if (model.closed) {
                    assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolClosedException.class);
                } else if (model.idle > 0 || model.size < model.maxSize) {
                    Lease<Resource> lease = pool.acquire(Duration.ZERO);
                    lease.get().use();
                    held.add(lease);
                    if (model.idle > 0) {
                        model.idle--;
                    } else {
                        model.size++;
                    }
                    model.leased++;
                } else {
                    assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
                }
            }
            case RELEASE, INVALIDATE -> {
                if (held.isEmpty()) {
                    return;
                }
                Lease<Resource> lease = held.remove(op.arg() % held.size());
                lease.get().done();
                if (op.kind() == Kind.RELEASE) {
                    lease.release();
                    model.returned();
                } else {
                    lease.invalidate();
                    model.leased--;
                    model.size--;
                }
                done.add(lease);
            }
            case RELEASE_AGAIN -> {
                if (done.isEmpty()) {
                    return;
                }
                done.get(op.arg() % done.size()).release();
                model.doubleReleases++;
            }
            case RESIZE -> {
                if (model.closed) {
                    assertThatThrownBy(() -> pool.resize(op.arg())).isInstanceOf(PoolClosedException.class);
                    return;
                }
                pool.resize(op.arg());
                model.maxSize = op.arg();
                while (model.size > model.maxSize && model.idle > 0) {
                    model.idle--;
                    model.size--;
                }
            }
            case CLOSE -> {
                pool.close();
                model.closed = true;
                model.size -= model.idle;
                model.idle = 0;
            }
        }
    }
}
