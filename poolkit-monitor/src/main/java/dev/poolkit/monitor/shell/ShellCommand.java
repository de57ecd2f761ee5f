package dev.poolkit.monitor.shell;

import java.util.List;

/**
 * One operator command (golib's shell command): a name, a one-line description and an action that
 * writes to an output and an error stream. Thread-safe if the streams are.
 */
public interface ShellCommand {

    /**
     * Returns the command's name, the word an operator types.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the one-line description shown in help.
     *
     * @return the description
     */
    String description();

    /**
     * Runs the command.
     *
     * @param out where normal output goes
     * @param err where errors and non-OK statuses go
     * @param args the arguments (monitor names; empty means all monitors)
     * @throws java.io.UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    void run(Appendable out, Appendable err, List<String> args);
}
