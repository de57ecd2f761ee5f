package dev.poolkit.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscountTest {
    /**
     * The answer is the last step at which the shape, computed as a selection computes it, is still
     * at least the threshold: the step after it is below, across discounts from fast to very slow.
     */
    @Test
    void lastStepAtLeast_isTheLastStepWhoseShapeReachesTheThreshold() {
        AtomicSplitMix random = new AtomicSplitMix(3);
        for (double gamma : new double[] {0.5, 0.9, 0.99, 0.999, 0.99999}) {
            Discount discount = new Discount(gamma);
            for (int k = 0; k < 20_000; k++) {
                double evidence = Math.exp(random.nextUnit() * Math.log(2000)) - 1;
                double shape = 1 + evidence * random.nextOpenUnit();
                long step = discount.lastStepAtLeast(evidence, shape);
                assertThat(step).isNotNegative();
                assertThat(1.0 + evidence * discount.pow(step))
                        .as("gamma %s evidence %s shape %s", gamma, evidence, shape)
                        .isGreaterThanOrEqualTo(shape);
                assertThat(1.0 + evidence * discount.pow(step + 1)).isLessThan(shape);
            }
        }
    }

    @Test
    void lastStepAtLeast_edges() {
        Discount discount = new Discount(0.99);
        assertThat(discount.lastStepAtLeast(5, 1.0)).isEqualTo(Long.MAX_VALUE);
        assertThat(discount.lastStepAtLeast(0, 1.0)).isEqualTo(Long.MAX_VALUE);
        assertThat(discount.lastStepAtLeast(5, 6.5)).isEqualTo(-1);
        assertThat(discount.lastStepAtLeast(5, 6.0)).isZero();
        assertThat(new Discount(1.0).lastStepAtLeast(5, 3)).isEqualTo(Long.MAX_VALUE);
    }
}
