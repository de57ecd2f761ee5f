package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The adaptive capacity and interval, cycle by cycle, against the traces of reference §5.3 and
 * NP-10/NP-11. The client's manager runs on the test thread ({@link ManualScheduler}, a direct
 * executor) and dials a real server pool; time is a {@link FakeClock} that the test moves by
 * exactly one interval per cycle.
 */
@Timeout(60)
class TunnelAdaptiveTraceTest {

    private TunnelServerPool server;
    private TunnelClientPool client;
    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @BeforeEach
    void startServer() {
        server = TunnelTestKit.startServer(
                listener(), TunnelServerConfig.builder().name("server").build());
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private void client(int minCapacity, int maxCapacity, int minIntervalMs, int maxIntervalMs) {
        client = TunnelClientPool.builder(clientFor(address(server))
                        .minCapacity(minCapacity)
                        .maxCapacity(maxCapacity)
                        .minInterval(Duration.ofMillis(minIntervalMs))
                        .maxInterval(Duration.ofMillis(maxIntervalMs))
                        .build())
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .build();
        client.start();
    }

    /** One cycle: the first runs at start, each later one exactly one interval after the previous. */
    private Step cycle(int n) {
        if (n > 1) {
            clock.advance(client.interval());
        }
        assertThat(scheduler.runDue()).as("cycle %d runs once", n).isEqualTo(1);
        return new Step(client.capacity(), client.interval().toMillis(), client.active());
    }

    /** The consumer of the traces: takes every pooled connection, pairing it with the server's end. */
    private void drain() throws InterruptedException {
        while (client.active() > 0) {
            TunnelConnection serverEnd = server.take(Duration.ofSeconds(10));
            TunnelConnection clientEnd = client.get(serverEnd.id());
            assertThat(clientEnd).isNotNull();
            serverEnd.close();
            clientEnd.close();
        }
    }

    private record Step(int capacity, long intervalMs, int active) {}

    @Test
    void trace_min1max5_noConsumer() {
        client(1, 5, 100, 300);
        List<Step> steps = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            steps.add(cycle(n));
        }
        assertThat(steps)
                .containsExactly(
                        new Step(2, 100, 1),
                        new Step(2, 100, 2),
                        new Step(1, 200, 2),
                        new Step(1, 300, 2),
                        new Step(1, 300, 2),
                        new Step(1, 300, 2),
                        new Step(1, 300, 2));
        assertThat(client.stats().dials()).isEqualTo(2);
    }

    @Test
    void np10_min1max5_consumerDrainsEveryCycle_capacityGrowsToMax() throws InterruptedException {
        client(1, 5, 100, 300);
        List<Integer> capacities = new ArrayList<>();
        List<Long> intervals = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            Step step = cycle(n);
            capacities.add(step.capacity());
            intervals.add(step.intervalMs());
            drain();
        }
        assertThat(capacities).containsExactly(2, 3, 4, 5, 5);
        assertThat(intervals).containsOnly(100L);
        assertThat(client.stats().dials()).as("1 + 2 + 3 + 4 + 5").isEqualTo(15);
    }

    @Test
    void trace_min2max10_drainDuringCycles1to4_thenStop() throws InterruptedException {
        client(2, 10, 500, 1500);
        List<Step> steps = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            steps.add(cycle(n));
            if (n <= 4) {
                drain();
            }
        }
        assertThat(steps.stream().map(Step::capacity)).containsExactly(3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 2, 2);
        assertThat(steps.stream().map(Step::intervalMs))
                .containsExactly(500L, 500L, 500L, 500L, 500L, 600L, 700L, 800L, 900L, 1000L, 1100L, 1200L);
        assertThat(steps.subList(5, 12)).allSatisfy(s -> assertThat(s.active()).isEqualTo(7));
        // Capacity shrinking never closes pooled connections (the server pools each just after sending its ID).
        Awaits.await().until(() -> server.active() == 7);
        assertThat(server.stats().discarded()).isZero();
    }

    @Test
    void np11_interval_reaches300ByCycle4_andNeverDecreasesBelowCapacity5() throws InterruptedException {
        client(1, 4, 100, 300);
        List<Long> intervals = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            intervals.add(cycle(n).intervalMs());
        }
        assertThat(intervals).containsExactly(100L, 100L, 200L, 300L);
        // Drained every cycle from now on: idle 0 is never below capacity*2/10 = 0 while capacity <= 4.
        for (int n = 5; n <= 12; n++) {
            drain();
            Step step = cycle(n);
            assertThat(step.capacity()).isLessThanOrEqualTo(4);
            assertThat(step.intervalMs()).as("cycle %d", n).isEqualTo(300L);
        }
        assertThat(client.capacity()).isEqualTo(4);
    }

    @Test
    void interval_decreasesOnceCapacityReaches5() throws InterruptedException {
        client(5, 5, 100, 300);
        List<Long> intervals = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            intervals.add(cycle(n).intervalMs());
        }
        for (int n = 5; n <= 7; n++) {
            drain();
            intervals.add(cycle(n).intervalMs());
        }
        // idle 5 > 5*8/10 = 4 raises it; idle 0 < 5*2/10 = 1 lowers it, floored at the minimum.
        assertThat(intervals).containsExactly(100L, 200L, 300L, 300L, 200L, 100L, 100L);
    }

    @Test
    void nextCycle_notBeforeTheInterval() {
        client(1, 1, 1000, 1000);
        cycle(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(scheduler.runDue()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(scheduler.runDue()).isOne();
    }

    @Test
    void close_cancelsTheNextCycle() {
        client(1, 2, 100, 100);
        cycle(1);
        Awaits.await().until(() -> server.active() == 1);
        client.close();
        clock.advance(Duration.ofSeconds(10));
        assertThat(scheduler.runDue()).isZero();
        assertThat(client.stats().dials()).isEqualTo(1);
    }
}
