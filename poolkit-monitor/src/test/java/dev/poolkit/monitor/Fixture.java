package dev.poolkit.monitor;

import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Deterministic time for monitors: a fake clock, a manual scheduler, checks run inline. */
final class Fixture {

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);

    Monitor.Builder monitor(String infoName) {
        return Monitor.builder(Info.of(infoName))
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run);
    }

    /** Advances the clock and runs what became due. */
    int step(Duration d) {
        clock.advance(d);
        return scheduler.runDue();
    }

    /** Advances in small steps up to {@code total}, running due work at each step. */
    void run(Duration total, Duration step) {
        for (long done = 0; done < total.toNanos(); done += step.toNanos()) {
            step(step);
        }
    }

    /** A health check that plays a script: true = success, false = failure "fail", then repeats the last. */
    static final class Script implements HealthCheck {
        private final Deque<Object> results = new ArrayDeque<>();
        final List<Long> calls = new ArrayList<>();
        private final FakeClock clock;
        private Object last = Boolean.TRUE;

        Script(FakeClock clock, Object... results) {
            this.clock = clock;
            for (Object r : results) {
                this.results.add(r);
            }
        }

        @Override
        public void check(CheckContext context) throws Exception {
            calls.add(clock.nanoTime());
            Object r = results.isEmpty() ? last : results.poll();
            last = r;
            if (r instanceof Exception e) {
                throw e;
            }
            if (r instanceof String s) {
                throw new IllegalStateException(s);
            }
            if (!(Boolean) r) {
                throw new IllegalStateException("fail");
            }
        }
    }

    private Fixture() {}

    static Fixture create() {
        return new Fixture();
    }
}
