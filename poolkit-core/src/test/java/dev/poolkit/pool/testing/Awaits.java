package dev.poolkit.pool.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility with a short poll interval, so that tests wait for conditions, never for fixed times. */
public final class Awaits {

    private Awaits() {}

    /** @return a condition factory polling every 2 ms for up to 30 s */
    public static ConditionFactory await() {
        return Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(Duration.ofSeconds(30));
    }
}
