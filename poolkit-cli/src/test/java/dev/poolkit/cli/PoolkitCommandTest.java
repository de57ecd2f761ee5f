package dev.poolkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The top-level command: help, version, and the one-line usage errors with exit code 2. {@link
 * #run} runs any command line for the subcommands' tests.
 */
public class PoolkitCommandTest {

    /**
     * What one run printed and returned.
     *
     * @param exitCode the exit code
     * @param out what went to standard output
     * @param err what went to standard error
     */
    public record Run(int exitCode, String out, String err) {}

    /**
     * Runs {@code poolkit} with a command line, capturing both streams.
     *
     * @param args the command line
     * @return the exit code and the output
     */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PoolkitCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void help_printsUsageToStdout_exit0() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: poolkit ").contains("--verbose");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void version_printsVersionAndJava_exit0() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("poolkit ")
                .contains("Java " + Runtime.version().feature());
    }

    @Test
    void unknownOption_oneLine_exit2() {
        Run run = run("--frobnicate");
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .isEqualTo("poolkit: Unknown option: '--frobnicate' (see 'poolkit --help')" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noSubcommand_oneLine_exit2() {
        Run run = run();
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .isEqualTo("poolkit: a subcommand is required (see 'poolkit --help')" + System.lineSeparator());
    }

    @Test
    void describe_messageOrTypeName() {
        assertThat(PoolkitCommand.describe(new IllegalStateException("port 80 in use")))
                .isEqualTo("port 80 in use");
        assertThat(PoolkitCommand.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
