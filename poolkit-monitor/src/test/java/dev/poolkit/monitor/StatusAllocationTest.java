package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bar: reading a status allocates nothing, measured with the JVM's per-thread allocation counter. */
class StatusAllocationTest {

    @Test
    @DisplayName("status(), latency(), uptime(), downtime(), isRise(), isFall() and message() allocate nothing")
    void statusReads_allocateNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(hotspot.isThreadAllocatedMemorySupported());
        hotspot.setThreadAllocatedMemoryEnabled(true);

        Fixture fx = Fixture.create();
        Monitor m = fx.monitor("db").healthCheck(ctx -> {}).build();
        m.start();
        for (int i = 0; i < 5; i++) {
            fx.step(Duration.ofSeconds(1)); // OK with non-zero times and latency objects
        }
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long tid = Thread.currentThread().threadId();
            long before = hotspot.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1_000_000; i++) {
                sink += m.status().ordinal();
                sink += m.latency().getNano();
                sink += m.uptime().getSeconds();
                sink += m.downtime().getSeconds();
                sink += m.isRise() ? 1 : 0;
                sink += m.isFall() ? 1 : 0;
                sink += m.message().length();
            }
            long allocated = hotspot.getThreadAllocatedBytes(tid) - before;
            if (round == 2) {
                // a million reads of seven values; the counter itself may cost a few bytes
                assertThat(allocated).as("bytes allocated by 7,000,000 reads").isLessThan(1024);
            }
        }
        assertThat(sink).isNotZero();
        m.stop();
    }
}
