package dev.poolkit.monitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.ExternalTool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' {@code promtool check metrics} on scrape text, for any module's metrics tests.
 * promtool ships in the Debian package {@code prometheus}; where it is not on the {@code PATH}, the
 * calling test is skipped (a JUnit assumption) with a message saying so.
 *
 * {@snippet :
 * Promtool.assertCheckMetricsClean(registry.scrape()); // fails on any lint finding, skips without promtool
 * }
 *
 * <p>Thread-safe (stateless).
 */
public final class Promtool {

    /** The assumption message of a test skipped because promtool is missing. */
    public static final String MISSING =
            "promtool is not on the PATH (install the Debian package 'prometheus' to run this test)";

    private Promtool() {}

    /**
     * Finds promtool on the {@code PATH}.
     *
     * @return its path, or empty if it is not installed
     */
    public static Optional<String> find() {
        return ExternalTool.onPath("promtool");
    }

    /**
     * Asserts that {@code promtool check metrics} accepts the text without a finding; skips the
     * calling test (with {@link #MISSING}) when promtool is not installed.
     *
     * @param scrape Prometheus text exposition, such as {@code PrometheusMeterRegistry.scrape()}
     * @throws AssertionError if promtool reports a problem or does not finish within 30 s; the
     *     message holds promtool's output and the text
     * @throws org.opentest4j.TestAbortedException if promtool is not installed
     */
    public static void assertCheckMetricsClean(String scrape) {
        Optional<String> promtool = find();
        Assumptions.assumeTrue(promtool.isPresent(), MISSING);
        try {
            Process p = new ProcessBuilder(promtool.get(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(scrape.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertThat(ended).as("promtool finished within 30 s").isTrue();
            assertThat(p.exitValue())
                    .as("promtool output:%n%s%nscrape:%n%s", output, scrape)
                    .isZero();
            assertThat(output).as("promtool findings for:%n%s", scrape).isBlank();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + promtool.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for promtool", e);
        }
    }
}
