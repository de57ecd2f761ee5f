package dev.poolkit.cli.tunnel;

import dev.poolkit.cli.HelpOption;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.cli.admin.MetricsRoutes;
import dev.poolkit.net.HostAndPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code poolkit tunnel server|client}: NodePass's job as a command, a TCP tunnel between two
 * machines over pre-warmed (TLS) connections from poolkit-net's tunnel pools. The subcommands are
 * {@link TunnelServerCommand} and {@link TunnelClientCommand}; this class holds what they share.
 */
@Command(
        name = "tunnel",
        description = {
            "A TCP tunnel over pre-warmed (TLS) connections: 'tunnel client' listens for local clients and"
                    + " relays each over a ready tunnel connection to 'tunnel server', which relays it to the target.",
            "See docs/tunnel.md for the control protocol and what happens when either side restarts."
        },
        subcommands = {TunnelServerCommand.class, TunnelClientCommand.class})
public final class TunnelCommand implements Runnable {

    @CommandLine.Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    /** Creates the command; picocli sets its options from the command line. */
    public TunnelCommand() {}

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: server or client");
    }

    /** Parses {@code host:port} to dial, or fails with a usage error naming the option. */
    static HostAndPort target(CommandSpec spec, String option, String text) {
        try {
            return HostAndPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Parses {@code host:port} to listen on (port 0 allowed), or fails with a usage error naming the option. */
    static InetSocketAddress listen(CommandSpec spec, String option, String text) {
        try {
            return HostAndPort.parseListenAddress(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** The control address when none is given: the same host, the next port. */
    static int nextPort(CommandSpec spec, String option, int port) {
        if (port == 0 || port == 65_535) {
            throw new ParameterException(
                    spec.commandLine(), "--control must be given when " + option + " has port " + port);
        }
        return port + 1;
    }

    /** Starts one end of the tunnel with the registry its metrics go to. */
    @FunctionalInterface
    interface Starter<T extends TunnelEnd> {
        T start(MeterRegistry registry) throws IOException;
    }

    /**
     * Runs a subcommand: starts its end, the admin endpoint if {@code admin} is given ({@code
     * /metrics}, {@code /health}), prints {@code banner} (and the admin URL) on standard output, and
     * serves until the JVM is asked to stop.
     */
    static <T extends TunnelEnd> int serve(
            CommandSpec spec, String admin, Starter<T> starter, Function<T, String> banner) throws IOException {
        InetSocketAddress adminAddress = admin == null ? null : listen(spec, "--admin", admin);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        T end = starter.start(registry);
        AdminServer adminServer;
        try {
            adminServer = admin(adminAddress, registry, end.health());
        } catch (IOException | RuntimeException e) {
            end.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(banner.apply(end) + (adminServer == null ? "" : ", admin " + adminServer.url()));
        return runUntilStopped(out, adminServer, end);
    }

    /** Starts the admin endpoint with {@code /metrics} and {@code health}, if an address was given. */
    static AdminServer admin(InetSocketAddress address, PrometheusMeterRegistry registry, AdminRoute health)
            throws IOException {
        if (address == null) {
            return null;
        }
        List<AdminRoute> routes = new ArrayList<>(MetricsRoutes.of(registry));
        routes.add(health);
        return AdminServer.start(AdminConfig.of(address), routes);
    }

    /** Runs until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes {@code running}. */
    static int runUntilStopped(PrintWriter out, AutoCloseable... running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    for (AutoCloseable closeable : running) {
                        if (closeable != null) {
                            try {
                                closeable.close();
                            } catch (Exception e) {
                                // stopping anyway
                            }
                        }
                    }
                    stopped.countDown();
                },
                "poolkit-tunnel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
