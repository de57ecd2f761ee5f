package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.PoolInvariants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random sequences of acquire, tryAcquire, release, invalidate, double release, resize and close,
 * run against a real pool and against a plain model of what its counts must be, with QuickTheories,
 * in both fairness modes (one thread never waits for another, so both must match the same model).
 * A failure is shrunk to the shortest sequence that shows it and printed with the seed that
 * reproduces it ({@code qt().withFixedSeed(seed)}).
 */
class PoolModelPropertyTest {

    /** Sequences per run; jqwik ran 400. */
    private static final int EXAMPLES = 1_000;

    enum Kind {
        ACQUIRE,
        TRY_ACQUIRE,
        RELEASE,
        INVALIDATE,
        RELEASE_AGAIN,
        RESIZE,
        CLOSE
    }

    record Op(Kind kind, int arg) {
        @Override
        public String toString() {
            return kind == Kind.ACQUIRE || kind == Kind.TRY_ACQUIRE || kind == Kind.CLOSE
                    ? kind.name()
                    : kind + "(" + arg + ")";
        }
    }

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

    static Gen<List<Op>> operations() {
        Gen<Integer> index = integers().between(0, 9);
        Gen<Op> op = Generate.frequency(
                Pair.of(5, Generate.constant(new Op(Kind.ACQUIRE, 0))),
                Pair.of(2, Generate.constant(new Op(Kind.TRY_ACQUIRE, 0))),
                Pair.of(4, index.map(i -> new Op(Kind.RELEASE, i))),
                Pair.of(1, index.map(i -> new Op(Kind.INVALIDATE, i))),
                Pair.of(1, index.map(i -> new Op(Kind.RELEASE_AGAIN, i))),
                Pair.of(1, integers().between(1, 5).map(n -> new Op(Kind.RESIZE, n))),
                Pair.of(1, Generate.constant(new Op(Kind.CLOSE, 0))));
        return lists().of(op).ofSizeBetween(1, 80);
    }

    @ParameterizedTest
    @EnumSource(Fairness.class)
    void randomOperations_matchModel(Fairness fairness) {
        qt().withExamples(EXAMPLES).forAll(operations()).checkAssert(ops -> run(ops, fairness));
    }

    private static void run(List<Op> ops, Fairness fairness) {
        FakeClock clock = new FakeClock();
        CountingFactory factory = new CountingFactory();
        Pool<Resource> pool = Pool.builder(factory)
                .name("model")
                .maxSize(3)
                .fairness(fairness)
                .ticker(clock)
                .scheduler(new ManualScheduler(clock))
                .executor(Runnable::run)
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
                assertThat(factory.live()).isEqualTo(model.size);
                PoolInvariants.assertCounters(stats);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            pool.close();
            held.forEach(Lease::release);
        }
        assertThat(factory.live()).isZero();
    }

    private static void apply(
            Op op, Pool<Resource> pool, Model model, List<Lease<Resource>> held, List<Lease<Resource>> done)
            throws InterruptedException {
        switch (op.kind()) {
            case ACQUIRE -> {
                if (model.closed) {
                    assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolClosedException.class);
                } else if (model.idle > 0 || model.size < model.maxSize) {
                    take(pool.acquire(Duration.ZERO), model, held);
                } else {
                    assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolTimeoutException.class);
                }
            }
            case TRY_ACQUIRE -> {
                if (model.closed) {
                    assertThatThrownBy(pool::tryAcquire).isInstanceOf(PoolClosedException.class);
                    return;
                }
                Optional<Lease<Resource>> lease = pool.tryAcquire();
                assertThat(lease.isPresent())
                        .as("tryAcquire with %d idle", model.idle)
                        .isEqualTo(model.idle > 0);
                lease.ifPresent(l -> take(l, model, held));
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

    private static void take(Lease<Resource> lease, Model model, List<Lease<Resource>> held) {
        lease.get().use();
        held.add(lease);
        if (model.idle > 0) {
            model.idle--;
        } else {
            model.size++;
        }
        model.leased++;
    }
}
