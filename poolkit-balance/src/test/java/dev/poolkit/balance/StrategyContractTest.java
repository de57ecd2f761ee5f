package dev.poolkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.sim.ManualTicker;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every registered strategy keeps. */
class StrategyContractTest {
    private final ManualTicker clock = new ManualTicker();

    static Stream<String> names() {
        return StrategyRegistry.names().stream();
    }

    private Strategy create(String name, long seed) {
        return StrategyRegistry.factory(name).create(new SplittableRandom(seed), clock);
    }

    private List<Host> hosts(int n) {
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(Host.of("h" + i, clock));
        }
        return hosts;
    }

    /** Runs {@code steps} selections with Bernoulli feedback; returns the chosen indexes. */
    private List<Integer> drive(Strategy strategy, List<Host> hosts, long seed, int steps) {
        SplittableRandom env = new SplittableRandom(seed);
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            clock.advance(1_000_000);
            for (Host h : hosts) {
                h.score().refresh();
            }
            Host host = strategy.select(hosts);
            int index = hosts.indexOf(host);
            picks.add(index);
            double reward = env.nextDouble() < 0.3 + 0.2 * index ? 1.0 : 0.0;
            host.begin();
            host.end();
            host.score().rate(reward);
            strategy.feedback(host, reward, Duration.ofNanos(1_000_000));
        }
        return picks;
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_emptyList_rejectedWithValue(String name) {
        Strategy strategy = create(name, 1);
        assertThatThrownBy(() -> strategy.select(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("candidates must not be empty, but was []");
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_null_rejected(String name) {
        Strategy strategy = create(name, 1);
        assertThatThrownBy(() -> strategy.select(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @MethodSource("names")
    void feedback_rewardOutsideUnitInterval_rejectedWithValue(String name) {
        Strategy strategy = create(name, 1);
        List<Host> hosts = hosts(3);
        Host host = strategy.select(hosts);
        assertThatThrownBy(() -> strategy.feedback(host, 1.5, Duration.ofNanos(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reward must be between 0 and 1, but was 1.5");
    }

    @ParameterizedTest
    @MethodSource("names")
    void feedback_nullLatency_rejected(String name) {
        Strategy strategy = create(name, 1);
        Host host = strategy.select(hosts(3));
        assertThatThrownBy(() -> strategy.feedback(host, 1.0, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("latency");
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_singleHost_returnsIt(String name) {
        Strategy strategy = create(name, 1);
        List<Host> hosts = hosts(1);
        for (int i = 0; i < 100; i++) {
            Host host = strategy.select(hosts);
            assertThat(host).isSameAs(hosts.get(0));
            strategy.feedback(host, i % 2, Duration.ofNanos(1000));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_sameSeed_sameSequence(String name) {
        List<Integer> first = drive(create(name, 99), hosts(5), 7, 2000);
        List<Integer> second = drive(create(name, 99), hosts(5), 7, 2000);
        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_alwaysAmongCandidates_andNameMatchesRegistry(String name) {
        Strategy strategy = create(name, 5);
        assertThat(strategy.name()).isEqualTo(name);
        List<Integer> picks = drive(strategy, hosts(4), 3, 500);
        assertThat(picks).allMatch(i -> i >= 0 && i < 4);
    }

    @ParameterizedTest
    @MethodSource("names")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void select_concurrentPlatformAndVirtualThreads_noFailures(String name) throws Exception {
        Strategy strategy = StrategyRegistry.factory(name).create(new SplittableRandom(1), Ticker.system());
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hosts.add(Host.of("h" + i, Ticker.system()));
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        int threads = 8;
        int ops = 20_000;
        try (ExecutorService platform = Executors.newFixedThreadPool(threads / 2);
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                ExecutorService executor = t % 2 == 0 ? platform : virtual;
                int seed = t;
                executor.submit(() -> {
                    SplittableRandom env = new SplittableRandom(seed);
                    try {
                        start.await();
                        for (int i = 0; i < ops; i++) {
                            Host host = strategy.select(hosts);
                            host.begin();
                            host.end();
                            double reward = env.nextDouble() < 0.5 ? 1.0 : 0.0;
                            host.score().rate(reward);
                            strategy.feedback(host, reward, Duration.ofNanos(1000));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(failures).isEmpty();
        assertThat(hosts).allMatch(h -> h.outstanding() == 0);
    }

    @ParameterizedTest
    @MethodSource("names")
    void select_afterWarmUp_allocatesNothing(String name) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        Strategy strategy = create(name, 1);
        List<Host> hosts = List.copyOf(hosts(10));
        for (Host h : hosts) {
            strategy.feedback(h, 1.0, Duration.ofNanos(1000)); // attach per-host state and rings
            strategy.feedback(h, 0.0, Duration.ofNanos(1000));
        }
        for (int i = 0; i < 20_000; i++) {
            strategy.select(hosts);
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        Host sink = null;
        for (int i = 0; i < 10_000; i++) {
            sink = strategy.select(hosts);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(sink).isNotNull();
        // The counter itself may report a few bytes; 10,000 selections allocating would be >= 160 KB.
        assertThat(allocated).as("bytes allocated by 10,000 selections").isLessThan(1024);
    }
}
