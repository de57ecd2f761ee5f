package dev.poolkit.cli;

import dev.poolkit.cli.demo.DemoCommand;
import dev.poolkit.cli.proxy.ProxyCommand;
import dev.poolkit.cli.shell.RemoteShellCommand;
import dev.poolkit.cli.simulate.SimulateCommand;
import dev.poolkit.cli.tunnel.TunnelCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code poolkit} command: the entry point of the executable jar that {@code bin/poolkit}
 * runs. Subcommands live in sub-packages, one per subcommand.
 *
 * <p>Exit codes: 0 success, 1 a runtime failure (a port in use, a backend that cannot be reached),
 * 2 a usage error (an unknown option, a bad address, an invalid config file). Errors are one line on
 * standard error naming the problem; {@code --verbose} adds the stack trace.
 */
@Command(
        name = "poolkit",
        mixinStandardHelpOptions = true,
        versionProvider = PoolkitCommand.Version.class,
        description =
                "Pooling toolkit for the JVM: a TCP load-balancing proxy with health-checked, pre-warmed backend pools.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            ProxyCommand.class,
            RemoteShellCommand.class,
            SimulateCommand.class,
            TunnelCommand.class,
        })
public final class PoolkitCommand implements Runnable {

    /** Exit code of a usage error. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a runtime failure. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors and debug logging.")
    boolean verbose;

    /** Creates the command; picocli sets its options from the command line. */
    public PoolkitCommand() {}

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command with the given streams; what {@link #main} and the tests call.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new PoolkitCommand());
        commandLine.setOut(out).setErr(err);
        commandLine.setParameterExceptionHandler(PoolkitCommand::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, isVerbose(cmd)));
        return commandLine.execute(args);
    }

    private static boolean isVerbose(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return ((PoolkitCommand) root.getCommand()).verbose;
    }

    /** One line naming the problem and where to read more; exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        if (isVerbose(cmd)) {
            e.printStackTrace(err);
        }
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof UsageException) {
            err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        } else {
            err.println(name + ": " + describe(e));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        return e instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** The message, or the exception's type where it has none (a bare NullPointerException). */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PoolkitCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "poolkit " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
