package dev.poolkit.monitor;

/** Opens the package-private test fixture to tests in sub-packages. */
public final class FixtureAccess {

    private FixtureAccess() {}

    /** See {@link Fixture#poolkitThreads()}. */
    public static java.util.Set<String> poolkitThreads() {
        return Fixture.poolkitThreads();
    }

    /** See {@link Fixture#assertNoPoolkitThreads()}. */
    public static void assertNoPoolkitThreads() {
        Fixture.assertNoPoolkitThreads();
    }
}
