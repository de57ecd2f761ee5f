package dev.poolkit.pool.testing;

import java.io.File;
import java.util.Optional;

/** Finds programs that some tests run (python3, promtool); such a test skips with a message when one is missing. */
public final class ExternalTool {

    private ExternalTool() {}

    /**
     * Finds an executable on the {@code PATH}.
     *
     * @param name the program's file name, for example {@code "python3"}
     * @return its path, or empty if it is not installed
     */
    public static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return Optional.of(candidate.getPath());
            }
        }
        return Optional.empty();
    }
}
