package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of golib's state machine over random counts, results and check times (QuickTheories:
 * a failing case is shrunk and printed, with the seed to replay it).
 */
class MonitorStatePropertyTest {

    /** The four rise/fall counts, printed by name in a falsifying example. */
    record Counts(int fallWarn, int fallKo, int riseKo, int riseWarn) {
        MonitorConfig config() {
            return MonitorConfig.builder()
                    .fallCountWarn(fallWarn)
                    .fallCountKo(fallKo)
                    .riseCountKo(riseKo)
                    .riseCountWarn(riseWarn)
                    .build();
        }
    }

    private static Gen<Counts> counts(int max) {
        return lists().of(integers().between(1, max))
                .ofSize(4)
                .map(c -> new Counts(c.get(0), c.get(1), c.get(2), c.get(3)));
    }

    @Test
    void everyIntervalIsCreditedOnce_upPlusDownIsElapsed() {
        qt().withExamples(300)
                .forAll(
                        lists().of(booleans().all()).ofSizeBetween(0, 60),
                        lists().of(longs().between(0, 5_000_000_000L)).ofSizeBetween(0, 60),
                        counts(4))
                .checkAssert((results, gaps, counts) -> {
                    MonitorConfig cfg = counts.config();
                    long created = 42;
                    long now = created;
                    MonitorState s = MonitorState.initial(created);
                    for (int i = 0; i < results.size(); i++) {
                        now += i < gaps.size() ? gaps.get(i) : 1_000_000L;
                        s = s.next(results.get(i), "fail", 0, now, cfg);
                        long up = s.uptime().toNanos();
                        long down = s.downtime().toNanos();
                        assertThat(up + down).isEqualTo(now - created);
                        assertThat(s.riseTime().toNanos() + s.fallTime().toNanos())
                                .isLessThanOrEqualTo(up + down);
                        assertThat(s.rise() && s.fall())
                                .as("never rising and falling at once")
                                .isFalse();
                        assertThat(s.message()).isEqualTo(results.get(i) ? "" : "fail");
                    }
                });
    }

    @Test
    void okToKo_takesExactlyFallWarnPlusFallKoFailures() {
        qt().withExamples(200).forAll(counts(10)).checkAssert(counts -> {
            MonitorConfig cfg = counts.config();
            MonitorState s = MonitorState.initial(0);
            long t = 0;
            int successes = 0;
            while (s.status() != Status.OK) {
                s = s.next(true, "", 0, ++t, cfg);
                successes++;
            }
            assertThat(successes).isEqualTo(counts.riseKo() + counts.riseWarn());
            int failures = 0;
            while (s.status() != Status.KO) {
                s = s.next(false, "x", 0, ++t, cfg);
                failures++;
            }
            assertThat(failures).isEqualTo(counts.fallWarn() + counts.fallKo());
        });
    }

    @Test
    void anInterruptedRiseStartsOver() {
        qt().withExamples(200)
                .forAll(integers().between(2, 10), integers().between(1, 50))
                .checkAssert((riseKo, rounds) -> {
                    MonitorConfig cfg = new Counts(1, 1, riseKo, 1).config();
                    MonitorState s = MonitorState.initial(0);
                    long t = 0;
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < riseKo - 1; i++) {
                            s = s.next(true, "", 0, ++t, cfg);
                        }
                        s = s.next(false, "x", 0, ++t, cfg);
                        assertThat(s.status()).isEqualTo(Status.KO);
                    }
                });
    }

    @Test
    void aFailingProperty_isReportedShrunk() {
        // the harness itself: a false claim must fail with the smallest counterexample
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> qt().withExamples(200)
                        .forAll(lists().of(integers().between(0, 100)).ofSizeBetween(0, 20))
                        .check(l -> l.stream().mapToInt(Integer::intValue).sum() < 50))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s)");
    }
}
