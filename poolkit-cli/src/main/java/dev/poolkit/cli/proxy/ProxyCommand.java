package dev.poolkit.cli.proxy;

import dev.poolkit.balance.strategy.StrategyRegistry;
import dev.poolkit.cli.HelpOption;
import dev.poolkit.cli.UsageException;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.config.Durations;
import dev.poolkit.net.HostAndPort;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poolkit proxy}: runs the load-balancing TCP proxy until SIGTERM or SIGINT, then drains and
 * exits 0.
 */
@Command(
        name = "proxy",
        sortOptions = false,
        description = {
            "Runs a load-balancing TCP proxy: each client session gets a pre-warmed connection to a backend"
                    + " the strategy picks; health monitors take failed backends out of rotation and back.",
            "Stops on SIGTERM or SIGINT: no new clients, open sessions drain for up to --drain, then exit 0."
        },
        footer = {
            "",
            "Options override the config file. Durations are written 250ms, 5s, 1m30s.",
            "Example:",
            "  poolkit proxy --listen 127.0.0.1:6380 \\",
            "      --backend 127.0.0.1:6379 --backend 127.0.0.1:6381 --admin 127.0.0.1:9900"
        })
public final class ProxyCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            converter = ListenConverter.class,
            description = "Where clients connect (port 0 picks a free one). Required here or in the config file.")
    InetSocketAddress listen;

    @Option(
            names = "--backend",
            paramLabel = "HOST:PORT",
            converter = BackendConverter.class,
            description = "A backend; repeat for more. Replaces the config file's backends.")
    List<HostAndPort> backends = new ArrayList<>();

    @Option(
            names = "--strategy",
            paramLabel = "NAME",
            description = "How a backend is picked (default: " + ProxyConfig.DEFAULT_STRATEGY
                    + "); one of: ${COMPLETION-CANDIDATES}, or a form such as softmax(0.3).",
            completionCandidates = Strategies.class)
    String strategy;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            converter = ListenConverter.class,
            description = "Serve the admin endpoint (/metrics, /health, /hosts, /pools, /monitors) here.")
    InetSocketAddress admin;

    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            defaultValue = "${env:POOLKIT_ADMIN_TOKEN}",
            description =
                    "Require 'Authorization: Bearer TOKEN' on the admin endpoint (default: $POOLKIT_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML config file (see docs/proxy.md).")
    Path config;

    @Option(
            names = "--drain",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long open sessions may go on after SIGTERM or SIGINT (default: 10s).")
    Duration drain;

    /** Creates the command; picocli sets its options. */
    public ProxyCommand() {}

    @Override
    public Integer call() throws Exception {
        ProxyConfig proxyConfig = config();
        PrintWriter out = spec.commandLine().getOut();
        Proxy proxy = Proxy.start(proxyConfig, ProxyMetrics.newRegistry());
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        out.println("poolkit proxy: listening on " + describe(proxy.address()) + " for "
                + String.join(
                        ", ",
                        proxyConfig.backends().stream()
                                .map(HostAndPort::toString)
                                .toList())
                + proxy.adminUrl().map(u -> "; admin endpoint " + u).orElse(""));
        out.flush();
        stop.await();
        out.println("poolkit proxy: stopping; draining open sessions for up to "
                + Durations.format(proxyConfig.drainTimeout()));
        out.flush();
        boolean drained = proxy.stop(proxyConfig.drainTimeout());
        out.println(
                "poolkit proxy: stopped" + (drained ? "" : " (sessions still open after the drain time were closed)"));
        out.flush();
        return 0;
    }

    private static String describe(InetSocketAddress address) {
        return dev.poolkit.net.SocketAddresses.describe(address.getAddress().getHostAddress(), address.getPort());
    }

    /** The options over the config file over the defaults. */
    ProxyConfig config() {
        ProxyConfig.Builder b = ProxyConfig.builder();
        if (config != null) {
            ProxyConfigReader.read(config, b);
        }
        if (listen != null) {
            b.listen(listen);
        }
        if (!backends.isEmpty()) {
            b.backends(backends);
        }
        if (strategy != null) {
            try {
                StrategyRegistry.factory(strategy);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--strategy: " + e.getMessage());
            }
            b.strategy(strategy);
        }
        if (admin != null) {
            b.admin(Optional.of(b.admin()
                    .map(a -> new AdminConfig(admin, a.token(), a.maxBodyBytes()))
                    .orElse(AdminConfig.of(admin))));
        }
        if (adminToken != null && !adminToken.isBlank()) {
            if (b.admin().isEmpty()) {
                throw new UsageException("--admin-token needs an admin endpoint: give --admin HOST:PORT");
            }
            b.admin(Optional.of(b.admin().get().withToken(adminToken)));
        }
        if (drain != null) {
            b.drainTimeout(drain);
        }
        if (b.listen() == null) {
            throw new UsageException("--listen HOST:PORT is required (or 'listen' in the config file)");
        }
        if (b.backends().isEmpty()) {
            throw new UsageException("at least one --backend HOST:PORT is required (or 'backends' in the config file)");
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The strategy names for the help text. */
    static final class Strategies extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Strategies() {
            super(StrategyRegistry.names());
        }
    }

    /** {@code HOST:PORT} to listen on; port 0 allowed. */
    public static final class ListenConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        /** Creates the converter. */
        public ListenConverter() {}

        @Override
        public InetSocketAddress convert(String value) {
            try {
                return HostAndPort.parseListenAddress(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code HOST:PORT} of a backend. */
    static final class BackendConverter implements CommandLine.ITypeConverter<HostAndPort> {
        @Override
        public HostAndPort convert(String value) {
            try {
                return HostAndPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration such as {@code 5s}. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        /** Creates the converter. */
        public DurationConverter() {}

        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
