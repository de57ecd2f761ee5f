package dev.poolkit.cli.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.cli.admin.MonitorRoutes;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import dev.poolkit.pool.testing.Awaits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ShellTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    record Session(String transcript, String err, Shell shell) {}

    private Session run(AdminServer server, Optional<String> token, Optional<Path> history, String... lines)
            throws Exception {
        byte[] input = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (AdminClient client = AdminClient.create(server.url(), token, Duration.ofSeconds(10));
                Terminal terminal =
                        new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(input), output, UTF_8)) {
            Attributes attributes = terminal.getAttributes();
            attributes.setLocalFlag(Attributes.LocalFlag.ECHO, false);
            attributes.setOutputFlag(Attributes.OutputFlag.OPOST, false);
            terminal.setAttributes(attributes);
            Shell shell = Shell.connect(client, terminal, history, new PrintWriter(err, true));
            assertThat(shell.run()).isZero();
            terminal.flush();
            return new Session(output.toString(UTF_8), err.toString(), shell);
        }
    }

    // ---------------------------------------------------------------- the six monitor commands

    /** db: running, its check passes (OK); cache: never started (KO); old: closed. */
    private MonitorPool monitors() {
        MonitorPool pool = MonitorPool.create();
        toClose.add(pool);
        pool.add(Monitor.builder(Info.of("db"))
                .config(MonitorConfig.builder()
                        .name("db")
                        .intervalCheck(Duration.ofMillis(20))
                        .data(Map.of("port", 5432, "host", "db.local"))
                        .build())
                .healthCheck(ctx -> {})
                .build());
        pool.add(Monitor.builder(Info.of("cache"))
                .config(MonitorConfig.builder()
                        .name("cache")
                        .intervalCheck(Duration.ofHours(1))
                        .build())
                .healthCheck(ctx -> {
                    throw new IllegalStateException("unreachable");
                })
                .build());
        Monitor old = Monitor.builder(Info.of("old"))
                .config(MonitorConfig.builder().name("old").build())
                .healthCheck(ctx -> {})
                .build();
        pool.add(old);
        old.close();
        pool.get("db").orElseThrow().start();
        Awaits.await().until(() -> pool.get("db").orElseThrow().status() == Status.OK);
        return pool;
    }

    private AdminServer server(AdminConfig config, List<AdminRoute> routes) throws IOException {
        AdminServer server = AdminServer.start(config, routes);
        toClose.add(server);
        return server;
    }

    @Test
    void monitorCommands_outputByteIdenticalToTheLocalShellCommands() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        Map<String, ShellCommand> local = new LinkedHashMap<>();
        MonitorCommands.of(pool).forEach(c -> local.put(c.name(), c));
        List<String> lines = List.of(
                "list",
                "list db",
                "info",
                "info cache nosuch",
                "status",
                "status db",
                "status cache",
                "stop cache",
                "start cache old",
                "restart db",
                "stop",
                "start",
                "restart");
        for (String line : lines) {
            Session session = run(server, Optional.empty(), Optional.empty(), line);
            List<String> words = List.of(line.split(" "));
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            local.get(words.get(0)).run(out, err, words.subList(1, words.size()));
            assertThat(out.length() + err.length()).as(line).isPositive();
            assertThat(session.transcript()).as(line).isEqualTo(Shell.PROMPT + out + Shell.PROMPT);
            assertThat(session.err()).as(line).isEqualTo(err.toString());
        }
    }

    @Test
    void monitorCommands_golibText() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        Session session = run(server, Optional.empty(), Optional.empty(), "list", "info db", "status");
        assertThat(session.transcript())
                .isEqualTo(Shell.PROMPT + "db\ncache\nold\n"
                        + Shell.PROMPT + "db\n\thost: db.local\n\tport: 5432\n\n"
                        + Shell.PROMPT + "OK - db\n"
                        + Shell.PROMPT);
        // golib's initial message, typo included
        assertThat(session.err()).isEqualTo("KO - cache: no healcheck still run\nKO - old: no healcheck still run\n");
    }

    @Test
    void help_listsTheEndpointsCommandsThenTheShells() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        Session session = run(server, Optional.empty(), Optional.empty(), "help", "exit", "list");
        assertThat(session.transcript())
                .isEqualTo(Shell.PROMPT
                        + "Commands:\n"
                        + "  list     Print the monitors' List\n"
                        + "  info     Print information about monitors (leave args empty to print info for all monitors)\n"
                        + "  status   Print status & message for monitor (leave args empty to print status of all monitors)\n"
                        + "  start    Starting monitor (leave args empty to start all monitors)\n"
                        + "  stop     Stopping monitor (leave args empty to stop all monitors)\n"
                        + "  restart  Restarting monitor (leave args empty to restart all monitors)\n"
                        + "  hosts    Print every backend: state, monitor, score, share of traffic, requests, failures\n"
                        + "  pools    Print every backend's connection pool: size, idle, leased, waiting, totals\n"
                        + "  enable   Put a backend back into rotation: enable HOST:PORT\n"
                        + "  disable  Take a backend out of rotation: disable HOST:PORT\n"
                        + "  help     Print this list of commands\n"
                        + "  exit     Leave the shell (Ctrl-D does too)\n"
                        + Shell.PROMPT); // exit: "list" is never run
        assertThat(session.err()).isEmpty();
    }

    @Test
    void unknownCommandOrBlankLine_oneLineAndTheShellGoesOn() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        Session session = run(server, Optional.empty(), Optional.empty(), "frobnicate now", "   ", "list");
        assertThat(session.err()).isEqualTo("unknown command 'frobnicate'; type 'help' for the list\n");
        assertThat(session.transcript())
                .isEqualTo(Shell.PROMPT + Shell.PROMPT + Shell.PROMPT + "db\ncache\nold\n" + Shell.PROMPT);
    }
}
