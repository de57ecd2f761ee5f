package dev.poolkit.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.sim.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress reporter on a fake clock: bar and line modes, throttling, the estimate of the time left. */
class ProgressTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StringWriter text = new StringWriter();

    private Progress progress(Progress.Mode mode) {
        return new Progress(new PrintWriter(text), mode, 100, now::get, Map.of("a", 10L, "b", 30L), 100);
    }

    private static Simulator.Progress run(String scenario) {
        return new Simulator.Progress(scenario, "ucb1", 1, 1);
    }

    @Test
    void bar_redrawnInPlace_throttled_finishedAt100() {
        Progress p = progress(Progress.Mode.BAR);
        p.accept(run("a")); // within the first interval: not drawn
        assertThat(text.toString()).isEmpty();
        now.addAndGet(Progress.BAR_INTERVAL.toNanos());
        p.accept(run("b")); // 40 of 100 done after 0.1 s
        String first = "[##########--------------]  40%  ucb1 on b  0:00 elapsed, about 0:00 left";
        assertThat(text.toString()).isEqualTo("\r" + first);
        now.addAndGet(Duration.ofSeconds(75).toNanos());
        p.finish();
        String last = "[########################]  100%  done in 1:15";
        // spaces cover what is left of the longer line before
        assertThat(text.toString()).endsWith("\r" + last + " ".repeat(first.length() - last.length()) + "\n");
    }

    @Test
    void lines_oneEveryInterval_withEstimate() {
        Progress p = progress(Progress.Mode.LINES);
        now.addAndGet(Progress.BAR_INTERVAL.toNanos());
        p.accept(run("a"));
        assertThat(text.toString()).isEmpty(); // lines wait for the longer interval
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        p.accept(run("b"));
        assertThat(text.toString())
                .isEqualTo("simulate: 40%, ucb1 on b, 0:20 elapsed, about 0:30 left" + System.lineSeparator());
    }

    @Test
    void off_writesNothing() {
        Progress p = progress(Progress.Mode.OFF);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        p.accept(run("a"));
        p.finish();
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void clock_minutesAndHours() {
        assertThat(Progress.clock(Duration.ofSeconds(59).toNanos())).isEqualTo("0:59");
        assertThat(Progress.clock(Duration.ofSeconds(3_725).toNanos())).isEqualTo("1:02:05");
        assertThat(Progress.clock(-5)).isEqualTo("0:00");
    }
}
