package dev.poolkit.cli.tunnel;

import dev.poolkit.cli.HelpOption;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.net.tunnel.ClientAllowList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code poolkit tunnel server}: accepts the client's tunnel and control connections and relays to the target. */
@Command(
        name = "server",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Accepts pre-warmed tunnel connections and the control connection from 'poolkit tunnel client',"
                    + " and relays every connection the client pairs to the target.",
        },
        footerHeading = "%n",
        footer = {
            "Runs until stopped (Ctrl-C). Exit status: 1 an address cannot be bound, 2 a bad argument.",
            "Example: poolkit tunnel server --listen 0.0.0.0:7000 --target 127.0.0.1:6379 --tls self-signed"
                    + " --allow 192.0.2.0/24"
        })
public final class TunnelServerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "ADDR",
            description = "Where tunnel connections are accepted, host:port.")
    private String listen;

    @Option(
            names = "--target",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Where each relayed connection goes.")
    private String target;

    @Option(
            names = "--control",
            paramLabel = "ADDR",
            description = "Where the client's control connection is accepted (default: the --listen host, port + 1).")
    private String control;

    @Option(
            names = "--tls",
            paramLabel = "MODE",
            defaultValue = "none",
            description = "none (the default), self-signed (a certificate generated at start, or --cert/--key) or"
                    + " verified (--cert and --key, which the client verifies).")
    private String tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "The server's certificate chain, PEM (with --key).")
    private Path cert;

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description = "The server's private key, unencrypted PEM (with --cert).")
    private Path key;

    @Option(
            names = "--allow",
            paramLabel = "CIDR",
            split = ",",
            description = "Client addresses accepted: IP literals or CIDR ranges; repeatable or comma-separated."
                    + " Default: any.")
    private List<String> allow = new ArrayList<>();

    @Mixin
    private EndOptions end;

    /** Creates the command; picocli sets its options from the command line. */
    public TunnelServerCommand() {}

    @Override
    public Integer call() throws IOException {
        TunnelServer.Settings settings = settings();
        return TunnelCommand.serve(
                spec,
                end.admin,
                registry -> TunnelServer.start(settings, registry),
                server -> String.format(
                        "poolkit tunnel server: tunnel connections on %s, control on %s, target %s, TLS %s",
                        SocketAddresses.describe(server.tunnelAddress()),
                        SocketAddresses.describe(server.controlAddress()),
                        settings.target(),
                        tls));
    }

    /** Checks every option; nothing is bound yet. */
    TunnelServer.Settings settings() {
        InetSocketAddress listenAddress = TunnelCommand.listen(spec, "--listen", listen);
        HostAndPort targetAddress = TunnelCommand.target(spec, "--target", target);
        InetSocketAddress controlAddress = control != null
                ? TunnelCommand.listen(spec, "--control", control)
                : InetSocketAddress.createUnresolved(
                        listenAddress.getHostString(),
                        TunnelCommand.nextPort(spec, "--listen", listenAddress.getPort()));
        ClientAllowList allowList;
        try {
            allowList = allow.isEmpty() ? ClientAllowList.allowAll() : ClientAllowList.of(allow);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--allow: " + e.getMessage());
        }
        return new TunnelServer.Settings(
                end.name,
                listenAddress,
                controlAddress,
                targetAddress,
                tlsConfig(listenAddress),
                allowList,
                TunnelServer.DEFAULT_PAIR_TIMEOUT);
    }

    private Optional<TlsServerConfig> tlsConfig(InetSocketAddress listenAddress) {
        TlsMode mode;
        try {
            mode = TlsMode.parse(tls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--tls must be none, self-signed or verified, but was '" + tls + "'");
        }
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key must be given together");
        }
        switch (mode) {
            case NONE -> {
                if (cert != null) {
                    throw new ParameterException(
                            spec.commandLine(), "--cert and --key need --tls self-signed or verified");
                }
                return Optional.empty();
            }
            case VERIFIED -> {
                if (cert == null) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--tls verified needs --cert and --key (a certificate the client trusts)");
                }
                return Optional.of(pem());
            }
            default -> {
                if (cert != null) {
                    return Optional.of(pem());
                }
                List<String> names = new ArrayList<>(List.of("localhost"));
                String host = listenAddress.getHostString();
                if (!host.equals("0.0.0.0") && !host.equals("::") && !names.contains(host)) {
                    names.add(host);
                }
                return Optional.of(TlsServerConfig.of(
                        SelfSignedCertificate.generate("poolkit tunnel", names.toArray(String[]::new))));
            }
        }
    }

    private TlsServerConfig pem() {
        try {
            return TlsServerConfig.builder().pemFiles(cert, key).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--cert/--key: " + e.getMessage());
        }
    }
}
