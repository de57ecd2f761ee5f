package dev.poolkit.cli.simulate;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the process's standard error is connected to, and how wide it is. Stateless. */
final class Terminal {

    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {}

    /**
     * Returns whether standard error is an interactive terminal. On Linux that is where file
     * descriptor 2 points; elsewhere the JDK's {@link Console} is asked, which looks at standard
     * input and output instead (so {@code > file} counts as no terminal there). {@code TERM=dumb}
     * means no terminal everywhere.
     *
     * @return true if a bar redrawn in place would show as one
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // fall back to the console below
            }
        }
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    /**
     * Returns the terminal's width: {@code COLUMNS} when the shell exports it, else 80.
     *
     * @return the number of columns, at least 1
     */
    static int columns() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns > 0 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /** Console.isTerminal() came with JDK 22 (and a console for non-interactive streams with it); release 21 lacks it. */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
