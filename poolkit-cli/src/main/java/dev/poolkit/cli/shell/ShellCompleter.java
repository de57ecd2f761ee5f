package dev.poolkit.cli.shell;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the first word with command names, the arguments of the monitor commands with monitor
 * names, and the argument of {@code enable}/{@code disable} with hosts. Names and hosts are asked
 * of the endpoint at each completion, so they follow the running proxy. Thread-safe if the suppliers are.
 */
final class ShellCompleter implements Completer {

    private static final Set<String> HOST_COMMANDS = Set.of("enable", "disable");
    /** Commands that take no argument at all. */
    private static final Set<String> NO_ARGUMENTS = Set.of("list", "hosts", "pools", "help", "exit");

    private final List<String> commands;
    private final Supplier<List<String>> monitors;
    private final Supplier<List<String>> hosts;

    ShellCompleter(List<String> commands, Supplier<List<String>> monitors, Supplier<List<String>> hosts) {
        this.commands = List.copyOf(commands);
        this.monitors = monitors;
        this.hosts = hosts;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        String command = line.words().get(0);
        if (HOST_COMMANDS.contains(command)) {
            if (line.wordIndex() == 1) {
                hosts.get().forEach(h -> candidates.add(new Candidate(h)));
            }
        } else if (commands.contains(command) && !NO_ARGUMENTS.contains(command)) {
            monitors.get().forEach(m -> candidates.add(new Candidate(m)));
        }
    }
}
