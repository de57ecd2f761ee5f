package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AtomicSplitMixTest {
    @Test
    void localSeed_sameNumberAndSeed_sameStream() {
        assertThat(new AtomicSplitMix(7).localSeed(12)).isEqualTo(new AtomicSplitMix(7).localSeed(12));
        assertThat(new AtomicSplitMix(7).localSeed(12)).isNotEqualTo(new AtomicSplitMix(8).localSeed(12));
    }

    @Test
    void localSeed_neverMeetsTheSharedSequenceOrItself() {
        AtomicSplitMix random = new AtomicSplitMix(42);
        Set<Long> seen = new HashSet<>();
        for (long n = 0; n < 100_000; n++) {
            assertThat(seen.add(random.localSeed(n))).as("stream %d", n).isTrue();
        }
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(random.nextLong())).as("output %d", i).isTrue();
        }
    }

    @Test
    void localSeed_leavesTheSharedStateAlone() {
        AtomicSplitMix used = new AtomicSplitMix(3);
        AtomicSplitMix untouched = new AtomicSplitMix(3);
        used.localSeed(0);
        used.localSeed(99);
        assertThat(used.nextLong()).isEqualTo(untouched.nextLong());
    }

    @Test
    void localSeed_streamBits_areBalanced() {
        AtomicSplitMix random = new AtomicSplitMix(1);
        int n = 200_000;
        long ones = 0;
        for (long s = 0; s < n; s++) {
            ones += Long.bitCount(AtomicSplitMix.localLong(random.localSeed(s)));
        }
        // 64 n fair bits: mean 32 n, standard deviation 4 sqrt(n) (about 1,789); 6 standard deviations.
        assertThat((double) ones).isCloseTo(32.0 * n, within(6 * 4 * Math.sqrt(n)));
    }
}
