package dev.poolkit.net.tunnel;

import java.io.File;
import java.util.Optional;

/** Finds programs that some tests run (python3, promtool); such a test skips with a message when one is missing. */
final class ExternalTool {

    private ExternalTool() {}

    static Optional<String> onPath(String name) {
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
