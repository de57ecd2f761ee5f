package dev.poolkit.pool.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that poolkit components leave no thread behind. Every background thread poolkit starts is
 * named {@code poolkit-<component>-<name>[-n]} (style.md §2), so a live thread with that prefix after
 * {@code close()} is a leak.
 */
public final class Threads {

    private Threads() {}

    /**
     * Returns the names of live platform threads that start with {@code prefix}.
     *
     * @param prefix the name prefix, for example {@code "poolkit-pool-db"}
     * @return the names, possibly empty
     */
    public static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** Waits (up to {@link Awaits}' bound) until no live thread is named {@code poolkit-...}. */
    public static void assertNoPoolkitThreads() {
        assertNoThreadsNamed("poolkit-");
    }

    /**
     * Waits (up to {@link Awaits}' bound) until no live thread's name starts with {@code prefix}.
     *
     * @param prefix the name prefix
     */
    public static void assertNoThreadsNamed(String prefix) {
        Awaits.await().untilAsserted(() -> assertThat(threadsNamed(prefix)).isEmpty());
    }
}
