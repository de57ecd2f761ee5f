package dev.poolkit.monitor;

import org.awaitility.core.ConditionFactory;

/** Opens the package-private test fixture to tests in sub-packages. */
public final class FixtureAccess {

    private FixtureAccess() {}

    public static ConditionFactory await() {
        return Fixture.await();
    }

    public static void assertNoPoolkitThreads() {
        Fixture.assertNoPoolkitThreads();
    }
}
