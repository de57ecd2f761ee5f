package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawOrderTest {
    @Test
    void mask_coversEveryIndex() {
        assertThat(DrawOrder.mask(1)).isZero();
        assertThat(DrawOrder.mask(2)).isEqualTo(1);
        assertThat(DrawOrder.mask(10)).isEqualTo(15);
        assertThat(DrawOrder.mask(16)).isEqualTo(15);
        assertThat(DrawOrder.mask(17)).isEqualTo(31);
        assertThat(DrawOrder.mask(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void key_maxOfKeys_isTheIndexOfTheHighestDraw() {
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 10_000; round++) {
            int n = 1 + random.nextInt(200);
            long mask = DrawOrder.mask(n);
            long best = Long.MIN_VALUE;
            int expected = 0;
            double expectedDraw = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double draw = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 3));
                if (draw > expectedDraw) {
                    expectedDraw = draw;
                    expected = i;
                }
                best = Math.max(best, DrawOrder.key(draw, i, mask));
            }
            assertThat(DrawOrder.index(best, mask)).isEqualTo(expected);
        }
    }

    @Test
    void key_equalDraws_goToTheFirstCandidate() {
        long mask = DrawOrder.mask(5);
        long best = Long.MIN_VALUE;
        for (int i = 0; i < 5; i++) {
            best = Math.max(best, DrawOrder.key(i == 0 ? -2.0 : 1.25, i, mask));
        }
        assertThat(DrawOrder.index(best, mask)).isEqualTo(1);
    }
}
