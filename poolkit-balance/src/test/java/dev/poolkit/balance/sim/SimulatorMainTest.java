package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulatorMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_printsUsageToStdout_exitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out())
                .startsWith("Usage: SimulatorMain [options]\n")
                .contains("--scenario NAME", "--strategy NAME", "held-out", "thompson-cd", "softmax(T)");
        assertThat(err()).isEmpty();
        out.reset();
        assertThat(run("-h")).isZero();
        assertThat(out()).startsWith("Usage:");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--seeds|abc|--seeds must be an integer >= 1, but was abc",
                "--seeds|0|--seeds must be an integer >= 1, but was 0",
                "--traffic-seeds|-1|--traffic-seeds must be an integer >= 0, but was -1",
                "--threads|2x|--threads must be an integer >= 1, but was 2x",
                "--set|some|--set must be built-in, held-out or all, but was some",
                "--scenario|nowhere|--scenario must be a built-in or held-out scenario (--help lists them), but was"
                        + " nowhere",
                "--strategy|fastest|--strategy must be a registered name or form (--help lists them), but was"
                        + " fastest",
                "--strategy|softmax(0)|--strategy softmax(0): temperature must be > 0, but was 0.0",
            })
    void badArgument_oneLineNamingIt_exitsTwoBeforeAnyWork(String option, String value, String message) {
        // The traffic seeds would take minutes if anything ran before the check.
        assertThat(run("--traffic-seeds", "1000", option, value)).isEqualTo(2);
        assertThat(err()).isEqualTo("SimulatorMain: " + message + " (--help lists the options)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void badArgument_unknownOptionOrMissingValue_exitsTwo() {
        assertThat(run("--sedes", "3")).isEqualTo(2);
        assertThat(err()).isEqualTo("SimulatorMain: unknown option --sedes (--help lists the options)\n");
        err.reset();
        assertThat(run("--seeds")).isEqualTo(2);
        assertThat(err()).isEqualTo("SimulatorMain: --seeds needs a value (--help lists the options)\n");
    }

    @Test
    void badArgument_csvIsAFile_exitsTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThat(run("--csv", file.toString())).isEqualTo(2);
        assertThat(err()).startsWith("SimulatorMain: --csv must be a directory, but was the file ");
    }

    @Test
    void run_chosenScenariosAndStrategies_onlyThoseTables(@TempDir Path dir) throws Exception {
        assertThat(run(
                        "--seeds=3",
                        "--traffic-seeds",
                        "1",
                        "--scenario",
                        "pooly",
                        "--scenario",
                        "close-pair",
                        "--scenario",
                        "fast-failer",
                        "--strategy",
                        "thompson-cd",
                        "--strategy",
                        "epsilon-greedy(0.1,0.01,0.0)",
                        "--threads",
                        "2",
                        "--csv",
                        dir.toString()))
                .isZero();
        assertThat(out())
                .contains("### Cumulative regret, mean ± standard error / p90 over 3 seeds (lower is better)")
                .contains("| strategy | pooly | close-pair |")
                .contains("| thompson-cd | ")
                .contains("| epsilon-greedy(0.1,0.01,0.0) | ")
                .contains("### The default (thompson-cd) against the best strategy of each scenario")
                .contains("| fast-failer | thompson-cd | ")
                .doesNotContain("softmax(0.1) |", "close-arms", "slow-host");
        assertThat(Files.readAllLines(dir.resolve("trials.csv")))
                .hasSize(1 + 2 * (250 + 2000))
                .anyMatch(line -> line.startsWith("pooly,\"epsilon-greedy(0.1,0.01,0.0)\",1,0.500000,"));
        assertThat(Files.readAllLines(dir.resolve("traffic.csv"))).hasSize(1 + 2 * 60 * 11);
    }

    @Test
    void run_progress_oneLinePerScenarioAndStrategyOnStderr() {
        assertThat(run("--seeds", "2", "--scenario", "pooly", "--strategy", "ucb1", "--progress"))
                .isZero();
        assertThat(err()).isEqualTo("pooly ucb1: 2 runs\n");
    }
}
