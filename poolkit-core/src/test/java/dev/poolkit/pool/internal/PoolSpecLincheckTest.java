package dev.poolkit.pool.internal;

import dev.poolkit.pool.Fairness;
import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.PoolStats;
import dev.poolkit.pool.PoolTimeoutException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of the pool's non-blocking operations against a sequential specification ({@link
 * Model}), in both fairness modes (STRICT on the LIFO store, BOUNDED on the FIFO one, so that both
 * stores take part too), with Lincheck's model checker: random scenarios of {@code
 * acquire(Duration.ZERO)}, {@code tryAcquire}, {@code release}, {@code invalidate}, {@code resize} and
 * {@code stats} on a pool of two, two threads in parallel between a sequential start and end, every
 * interleaving the checker explores compared with what some sequential order of the same calls gives.
 *
 * <p>What the specification cannot say, and where it is checked instead:
 *
 * <ul>
 *   <li><b>A blocking {@code acquire}</b>: a sequential specification of a call that waits for another
 *       thread's release would wait forever, so every acquire here has a zero timeout and nobody ever
 *       queues; that is also why both modes must give the same results here. The queue, hand-off and
 *       barging are model-checked in {@link PoolQueueLincheckTest} and hammered in {@code
 *       PoolStressTest}.
 *   <li><b>A shrink racing a release</b> is not linearizable, by design: a release that began before
 *       the shrink publishes its resource and then checks for surplus (so that no return can slip
 *       past a shrink), so for a moment a surplus resource is idle and another thread can lease it;
 *       the pool then shrinks when that lease ends. So {@code resize} and {@code release} are one
 *       non-parallel group here (never run at the same time), and {@link PoolLincheckTest} checks
 *       the outcome of those races. A release after the shrink retires the surplus unseen, which the
 *       scenario {@link #shrinkThenReturn()} checks (without that check a concurrent {@code
 *       tryAcquire} leased it).
 *   <li><b>{@code stats()} as a whole</b> reads its gauges one after another, lock-free, so a
 *       snapshot taken while two other calls change two gauges need not be one the pool ever was in.
 *       The operation returns one gauge, {@code idle}, which each call changes at most once; the rest
 *       of the snapshot is checked by {@link #quiescent()} after each scenario.
 * </ul>
 *
 * <p>Threads are placed on LIFO stripes by the number at the end of their name, as in {@link
 * PoolLincheckTest}: Lincheck runs the start, the end and the first parallel thread on one thread and
 * the second parallel thread on another, so two stripes take part.
 */
@Tag("lincheck")
@Timeout(120)
class PoolSpecLincheckTest {

    /**
     * Scenarios per mode, and interleavings explored per scenario (down from 8 and 40: the run time
     * is mostly Lincheck's fixed cost per test, and every scenario mixes all six operations on two
     * places, so a few already cover each pair of racing operations).
     */
    private static final int SCENARIOS = 6;

    private static final int INVOCATIONS = 25;

    /** Lincheck's thread ids: the start is 0, the parallel threads 1 and 2, the end 3. */
    private static final int THREAD_IDS = 4;

    @Test
    void strict_operations_areLinearizable() {
        check(Strict.class);
    }

    @Test
    void bounded_operations_areLinearizable() {
        check(Bounded.class);
    }

    private static void check(Class<? extends Operations> operations) {
        new ModelCheckingOptions()
                .iterations(SCENARIOS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Model.class)
                .addCustomScenario(shrinkThenReturn())
                .check(operations);
    }

    /**
     * The race random scenarios rarely build: one thread leases both resources, shrinks the pool to
     * one and returns a lease while the other thread tries to lease; the return must not hand the
     * surplus resource to it.
     */
    private static ExecutionScenario shrinkThenReturn() {
        return CustomScenarioDSLKt.scenario(scenario -> {
            scenario.parallel(parallel -> {
                parallel.thread(thread -> {
                    thread.actor(operation("acquire"), 1);
                    thread.actor(operation("acquire"), 1);
                    thread.actor(operation("resize"), 1);
                    thread.actor(operation("release"), 1);
                    return Unit.INSTANCE;
                });
                parallel.thread(thread -> {
                    thread.actor(operation("tryAcquire"), 2);
                    thread.actor(operation("idle"));
                    return Unit.INSTANCE;
                });
                return Unit.INSTANCE;
            });
            scenario.post(thread -> {
                thread.actor(operation("idle"));
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    private static KFunction<?> operation(String name) {
        for (Method method : Operations.class.getMethods()) {
            if (method.getName().equals(name)) {
                return ReflectJvmMapping.getKotlinFunction(method);
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** STRICT pool under test. */
    public static final class Strict extends Operations {
        public Strict() {
            super(Fairness.STRICT);
        }
    }

    /** BOUNDED pool under test; the threshold is never reached, so running callers may always bypass. */
    public static final class Bounded extends Operations {
        public Bounded() {
            super(Fairness.BOUNDED);
        }
    }

    /**
     * The operations on a real pool of two, empty at first, with nothing in the background (a
     * direct executor, a scheduler that never runs). Each Lincheck thread keeps its own leases and
     * releases its oldest first.
     */
    @Param(name = "thread", gen = ThreadIdGen.class)
    public abstract static class Operations {
        private final FairPool<Integer> pool;
        private final List<List<Lease<Integer>>> leases = new ArrayList<>();

        Operations(Fairness fairness) {
            pool = PoolLincheckTest.pool(
                    fairness == Fairness.STRICT ? IdleOrder.LIFO : IdleOrder.FIFO,
                    fairness,
                    PoolLincheckTest.BY_NAME_SUFFIX);
            for (int i = 0; i < THREAD_IDS; i++) {
                leases.add(new ArrayList<>());
            }
        }

        @Operation
        public boolean acquire(@Param(name = "thread") int thread) throws InterruptedException {
            try {
                leases.get(thread).add(pool.acquire(Duration.ZERO));
                return true;
            } catch (PoolTimeoutException e) {
                return false;
            }
        }

        @Operation
        public boolean tryAcquire(@Param(name = "thread") int thread) {
            Optional<Lease<Integer>> lease = pool.tryAcquire();
            lease.ifPresent(leases.get(thread)::add);
            return lease.isPresent();
        }

        @Operation(nonParallelGroup = "shrink")
        public boolean release(@Param(name = "thread") int thread) {
            List<Lease<Integer>> mine = leases.get(thread);
            if (mine.isEmpty()) {
                return false;
            }
            mine.remove(0).release();
            return true;
        }

        @Operation
        public boolean invalidate(@Param(name = "thread") int thread) {
            List<Lease<Integer>> mine = leases.get(thread);
            if (mine.isEmpty()) {
                return false;
            }
            mine.remove(0).invalidate();
            return true;
        }

        @Operation(nonParallelGroup = "shrink")
        public void resize(@Param(gen = IntGen.class, conf = "1:2") int maxSize) {
            pool.resize(maxSize);
        }

        @Operation
        public int idle() {
            return pool.stats().idle();
        }

        /** After each scenario, with every thread done: the whole snapshot adds up. */
        @Validate
        public void quiescent() {
            PoolStats stats = pool.stats();
            int held = 0;
            for (List<Lease<Integer>> mine : leases) {
                held += mine.size();
            }
            if (stats.leased() != held
                    || stats.size() != stats.idle() + stats.leased()
                    || stats.created() - stats.destroyed() != stats.size()
                    || stats.waiting() != 0) {
                throw new AssertionError("with " + held + " leases held: " + stats);
            }
        }
    }

    /** What the counts of a pool of two must be, one call at a time. */
    public static final class Model {
        private int maxSize = 2;
        private int size;
        private int idle;
        private final int[] held = new int[THREAD_IDS];

        public boolean acquire(int thread) {
            if (idle > 0) {
                idle--;
            } else if (size < maxSize) {
                size++;
            } else {
                return false;
            }
            held[thread]++;
            return true;
        }

        public boolean tryAcquire(int thread) {
            if (idle == 0) {
                return false;
            }
            idle--;
            held[thread]++;
            return true;
        }

        public boolean release(int thread) {
            if (held[thread] == 0) {
                return false;
            }
            held[thread]--;
            if (size > maxSize) {
                size--;
            } else {
                idle++;
            }
            return true;
        }

        public boolean invalidate(int thread) {
            if (held[thread] == 0) {
                return false;
            }
            held[thread]--;
            size--;
            return true;
        }

        public void resize(int newMaxSize) {
            maxSize = newMaxSize;
            while (size > maxSize && idle > 0) {
                size--;
                idle--;
            }
        }

        public int idle() {
            return idle;
        }

        // Lincheck compares states of the specification to prune equivalent orders.
        @Override
        public boolean equals(Object o) {
            return o instanceof Model m
                    && m.maxSize == maxSize
                    && m.size == size
                    && m.idle == idle
                    && Arrays.equals(m.held, held);
        }

        @Override
        public int hashCode() {
            return Objects.hash(maxSize, size, idle, Arrays.hashCode(held));
        }
    }
}
