package dev.poolkit.cli.shell;

import dev.poolkit.cli.HelpOption;
import dev.poolkit.cli.UsageException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poolkit shell}: the interactive {@link Shell} on the terminal, against the admin endpoint
 * of a running {@code poolkit proxy}. Exit 0 at {@code exit} or end of input, 1 with one line when
 * the endpoint cannot be reached or refuses the token, 2 for a malformed {@code --admin}.
 */
@Command(
        name = "shell",
        sortOptions = false,
        description = {
            "Interactive shell on a running proxy's admin endpoint: golib's monitor commands (list, info,"
                    + " status, start, stop, restart), hosts, pools, enable/disable HOST, help, exit.",
            "Tab completes commands, monitor names and hosts; history is kept in --history."
        })
public final class RemoteShellCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(
            names = "--admin",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:9900",
            description = "The admin endpoint (default: ${DEFAULT-VALUE}); HOST:PORT means http://HOST:PORT.")
    String admin;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:POOLKIT_ADMIN_TOKEN}",
            description = "The endpoint's bearer token (default: the POOLKIT_ADMIN_TOKEN environment variable).")
    String token;

    @Option(
            names = "--history",
            paramLabel = "FILE",
            defaultValue = "${sys:user.home}/.poolkit_history",
            description = "The history file (default: ~/.poolkit_history).")
    Path history;

    /** Creates the command; picocli sets its options from the command line. */
    public RemoteShellCommand() {}

    @Override
    public Integer call() throws Exception {
        AdminClient client;
        try {
            client = AdminClient.create(admin, Optional.ofNullable(token), AdminClient.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        try (client) {
            // Asked before the terminal is taken over, so that a dead endpoint or a refused token
            // is one plain line and exit 1.
            Map<String, String> commands = Shell.remoteCommands(client);
            try (Terminal terminal =
                    TerminalBuilder.builder().name("poolkit").system(true).build()) {
                return Shell.create(
                                client,
                                commands,
                                terminal,
                                Optional.of(history),
                                spec.commandLine().getErr())
                        .run();
            }
        }
    }
}
