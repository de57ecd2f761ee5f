package dev.poolkit.cli.tunnel;

import dev.poolkit.cli.HelpOption;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TrustStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code poolkit tunnel client}: serves local clients over pre-warmed tunnel connections to the server. */
@Command(
        name = "client",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Keeps tunnel connections to 'poolkit tunnel server' established ahead of demand (TLS handshake done)"
                    + " and relays every local connection over one of them.",
        },
        footerHeading = "%n",
        footer = {
            "Runs until stopped (Ctrl-C). Exit status: 1 an address cannot be bound, 2 a bad argument.",
            "Example: poolkit tunnel client --server tunnel.example:7000 --listen 127.0.0.1:6379 --tls self-signed"
        })
public final class TunnelClientCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "ADDR",
            description = "The server's tunnel address, host:port.")
    private String server;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "ADDR",
            description = "Where local clients connect, host:port.")
    private String listen;

    @Option(
            names = "--control",
            paramLabel = "ADDR",
            description = "The server's control address (default: the --server host, port + 1).")
    private String control;

    @Option(
            names = "--tls",
            paramLabel = "MODE",
            defaultValue = "none",
            description = "none (the default), self-signed (encrypted, the server's certificate not checked) or"
                    + " verified (checked against --trust, or the JDK's trusted authorities, and --server-name).")
    private String tls;

    @Option(
            names = "--trust",
            paramLabel = "FILE",
            description = "Certificates to trust with --tls verified: PEM, PKCS#12 or JKS.")
    private Path trust;

    @Option(
            names = "--server-name",
            paramLabel = "NAME",
            description =
                    "The name the server's certificate must carry with --tls verified (default: the --server host).")
    private String serverName;

    @Mixin
    private EndOptions end;

    /** Creates the command; picocli sets its options from the command line. */
    public TunnelClientCommand() {}

    @Override
    public Integer call() throws IOException {
        TunnelClient.Settings settings = settings();
        return TunnelCommand.serve(
                spec,
                end.admin,
                registry -> TunnelClient.start(settings, registry),
                client -> String.format(
                        "poolkit tunnel client: local clients on %s, server %s (control %s), TLS %s",
                        SocketAddresses.describe(client.localAddress()), settings.server(), settings.control(), tls));
    }

    /** Checks every option; nothing is bound or dialled yet. */
    TunnelClient.Settings settings() {
        HostAndPort serverAddress = TunnelCommand.target(spec, "--server", server);
        InetSocketAddress listenAddress = TunnelCommand.listen(spec, "--listen", listen);
        HostAndPort controlAddress = control != null
                ? TunnelCommand.target(spec, "--control", control)
                : new HostAndPort(serverAddress.host(), TunnelCommand.nextPort(spec, "--server", serverAddress.port()));
        return new TunnelClient.Settings(
                end.name, serverAddress, controlAddress, listenAddress, tlsConfig(), TunnelClient.DEFAULT_OPEN_TIMEOUT);
    }

    private TlsClientConfig tlsConfig() {
        TlsMode mode;
        try {
            mode = TlsMode.parse(tls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--tls must be none, self-signed or verified, but was '" + tls + "'");
        }
        if (mode != TlsMode.VERIFIED && (trust != null || serverName != null)) {
            throw new ParameterException(spec.commandLine(), "--trust and --server-name need --tls verified");
        }
        if (mode == TlsMode.NONE) {
            return TlsClientConfig.none();
        }
        TlsClientConfig.Builder config = TlsClientConfig.builder().mode(mode);
        if (serverName != null) {
            config.serverName(serverName);
        }
        if (trust != null) {
            try {
                config.trustStore(TrustStores.load(trust, null));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--trust: " + e.getMessage());
            }
        }
        return config.build();
    }
}
