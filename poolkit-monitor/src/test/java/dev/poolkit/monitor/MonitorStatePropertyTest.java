package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of golib's state machine over random counts, results and check times. */
class MonitorStatePropertyTest {

    private static MonitorConfig counts(int fallWarn, int fallKo, int riseKo, int riseWarn) {
        return MonitorConfig.builder()
                .fallCountWarn(fallWarn)
                .fallCountKo(fallKo)
                .riseCountKo(riseKo)
                .riseCountWarn(riseWarn)
                .build();
    }

    @Property(tries = 300)
    void everyIntervalIsCreditedOnce_upPlusDownIsElapsed(
            @ForAll @Size(max = 60) List<Boolean> results,
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 5_000_000_000L) Long> gaps,
            @ForAll @IntRange(min = 1, max = 4) int fallWarn,
            @ForAll @IntRange(min = 1, max = 4) int fallKo,
            @ForAll @IntRange(min = 1, max = 4) int riseKo,
            @ForAll @IntRange(min = 1, max = 4) int riseWarn) {
        MonitorConfig cfg = counts(fallWarn, fallKo, riseKo, riseWarn);
        long created = 42;
        long now = created;
        MonitorState s = MonitorState.initial(created);
        for (int i = 0; i < results.size(); i++) {
            now += i < gaps.size() ? gaps.get(i) : 1_000_000L;
            s = s.next(results.get(i), "fail", 0, now, cfg);
            long up = s.uptime().toNanos();
            long down = s.downtime().toNanos();
            assertThat(up + down).isEqualTo(now - created);
            assertThat(s.riseTime().toNanos() + s.fallTime().toNanos()).isLessThanOrEqualTo(up + down);
            assertThat(s.rise() && s.fall())
                    .as("never rising and falling at once")
                    .isFalse();
            assertThat(s.message()).isEqualTo(results.get(i) ? "" : "fail");
        }
    }

    @Property(tries = 200)
    void okToKo_takesExactlyFallWarnPlusFallKoFailures(
            @ForAll @IntRange(min = 1, max = 10) int fallWarn,
            @ForAll @IntRange(min = 1, max = 10) int fallKo,
            @ForAll @IntRange(min = 1, max = 10) int riseKo,
            @ForAll @IntRange(min = 1, max = 10) int riseWarn) {
        MonitorConfig cfg = counts(fallWarn, fallKo, riseKo, riseWarn);
        MonitorState s = MonitorState.initial(0);
        long t = 0;
        int successes = 0;
        while (s.status() != Status.OK) {
            s = s.next(true, "", 0, ++t, cfg);
            successes++;
        }
        assertThat(successes).isEqualTo(riseKo + riseWarn);
        int failures = 0;
        while (s.status() != Status.KO) {
            s = s.next(false, "x", 0, ++t, cfg);
            failures++;
        }
        assertThat(failures).isEqualTo(fallWarn + fallKo);
    }

    @Property(tries = 200)
    void anInterruptedRiseStartsOver(
            @ForAll @IntRange(min = 2, max = 10) int riseKo, @ForAll @IntRange(min = 1, max = 50) int rounds) {
        MonitorConfig cfg = counts(1, 1, riseKo, 1);
        MonitorState s = MonitorState.initial(0);
        long t = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < riseKo - 1; i++) {
                s = s.next(true, "", 0, ++t, cfg);
            }
            s = s.next(false, "x", 0, ++t, cfg);
            assertThat(s.status()).isEqualTo(Status.KO);
        }
    }
}
