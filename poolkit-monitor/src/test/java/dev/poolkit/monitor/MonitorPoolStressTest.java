package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Concurrent adds, replacements, removals and reads on a running pool; fixed operation counts. */
class MonitorPoolStressTest {

    @Test
    @Timeout(60)
    @DisplayName("4 writers and 2 readers on a running pool: no failure, every replaced monitor stopped")
    void concurrentWritersAndReaders_consistent() throws Exception {
        Fixture fx = Fixture.create(); // monitors never tick: only the pool's bookkeeping is stressed
        MonitorPool pool = MonitorPool.create();
        Monitor seed = fx.monitor("seed")
                .config(MonitorConfig.builder().name("seed").build())
                .build();
        pool.add(seed);
        pool.start();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Queue<Monitor> all = new ConcurrentLinkedQueue<>();
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    gate.await();
                    for (int i = 0; i < 2_000; i++) {
                        String name = "m" + (i % 16);
                        Monitor m = fx.monitor(name)
                                .config(MonitorConfig.builder().name(name).build())
                                .build();
                        all.add(m);
                        if ((i + writer) % 7 == 0) {
                            pool.remove(name).ifPresent(Monitor::stop);
                        } else {
                            pool.add(m);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    gate.await();
                    for (int i = 0; i < 2_000; i++) {
                        List<String> names = pool.names();
                        assertThat(names).doesNotHaveDuplicates();
                        pool.walk((n, m) -> n.equals(m.name()));
                        pool.toText();
                        pool.isRunning();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        gate.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(50));
        }
        assertThat(failures).isEmpty();
        // every monitor still in the pool runs (added to a running pool); every other one is stopped
        for (Monitor m : all) {
            boolean inPool = pool.get(m.name()).filter(p -> p == m).isPresent();
            assertThat(m.isRunning())
                    .as("monitor %s, in pool: %s", m.name(), inPool)
                    .isEqualTo(inPool);
        }
        pool.close();
        assertThat(fx.scheduler.pending()).isZero();
    }
}
