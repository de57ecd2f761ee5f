package dev.poolkit.cli.tunnel;

import picocli.CommandLine.Option;

/** The options both {@code tunnel server} and {@code tunnel client} take, as a picocli mixin. */
final class EndOptions {

    @Option(
            names = "--admin",
            paramLabel = "ADDR",
            description = "Serve /metrics (Prometheus text) and /health (200 while the control connection"
                    + " between client and server is up, else 503) here.")
    String admin;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "tunnel",
            description = "The tunnel's name in logs and metrics (default: ${DEFAULT-VALUE}).")
    String name;
}
