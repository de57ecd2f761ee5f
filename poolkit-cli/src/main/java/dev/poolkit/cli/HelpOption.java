package dev.poolkit.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help} for a subcommand, as a picocli mixin ({@code @Mixin HelpOption help;}):
 * picocli's {@code mixinStandardHelpOptions} would add a {@code --version} that subcommands have
 * nothing to print for.
 */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    /** Creates the mixin; picocli sets it from the command line. */
    public HelpOption() {}
}
