package dev.poolkit.cli.shell;

import static dev.poolkit.cli.testing.TestProxies.address;
import static dev.poolkit.cli.testing.TestProxies.adminUrl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.cli.PoolkitCommand;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import dev.poolkit.cli.admin.MonitorRoutes;
import dev.poolkit.cli.proxy.Proxy;
import dev.poolkit.cli.testing.TestProxies;
import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.net.service.Service;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.Parser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poolkit shell} driven with scripted input on a dumb JLine terminal with explicit streams,
 * against a real admin endpoint on loopback.
 */
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

    /**
     * A dumb terminal over the given streams, as scripted input gets. Echo is off (the typed line is
     * not repeated) and so is output processing (a newline stays one byte), so that the output
     * is the prompts and exactly what the commands printed.
     */
    static Terminal dumbTerminal(byte[] input, ByteArrayOutputStream output) throws IOException {
        Terminal terminal =
                new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(input), output, UTF_8);
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        attributes.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        terminal.setAttributes(attributes);
        return terminal;
    }

    record Session(String transcript, String err, Shell shell) {}

    private Session run(AdminServer server, Optional<String> token, Optional<Path> history, String... lines)
            throws Exception {
        return run(server.url(), token, history, lines);
    }

    private Session run(String url, Optional<String> token, Optional<Path> history, String... lines) throws Exception {
        byte[] input = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        // the client stays open after the session, for the completion tests
        AdminClient client = AdminClient.create(url, token, Duration.ofSeconds(10));
        toClose.add(client);
        try (Terminal terminal = dumbTerminal(input, output)) {
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
        assertSameAsLocal(
                server.url(),
                pool,
                List.of(
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
                        "restart"));
    }

    /**
     * Runs each line in a shell on the endpoint, then the local shell command on the same monitors
     * (in that order, so that a command that changes them sees the same state both times).
     */
    private void assertSameAsLocal(String url, MonitorPool pool, List<String> lines) throws Exception {
        Map<String, ShellCommand> local = new LinkedHashMap<>();
        MonitorCommands.of(pool).forEach(c -> local.put(c.name(), c));
        for (String line : lines) {
            Session session = run(url, Optional.empty(), Optional.empty(), line);
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

    // ---------------------------------------------------------------- hosts, pools, enable, disable

    private LoopbackServer backend() {
        LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
        toClose.add(server);
        return server;
    }

    /** The real proxy over {@code backends}, settled: every monitor OK, every backend enabled. */
    private Proxy proxy(Optional<String> token, LoopbackServer... backends) throws IOException {
        Proxy proxy = TestProxies.start(0, token, List.of(backends));
        toClose.add(proxy);
        return proxy;
    }

    @Test
    void monitorCommands_onTheProxy_outputByteIdenticalToTheLocalShellCommands() throws Exception {
        Proxy proxy = proxy(Optional.empty(), backend(), backend());
        String first = proxy.monitors().names().get(0);
        // read-only: a stop or restart would change what the proxy's own listener acts on
        assertSameAsLocal(
                adminUrl(proxy),
                proxy.monitors(),
                List.of("list", "info", "info " + first, "status", "status " + first + " nosuch"));
    }

    @Test
    void hostsAndPools_tablesFromTheJson() throws Exception {
        LoopbackServer a = backend();
        LoopbackServer b = backend();
        Proxy proxy = proxy(Optional.empty(), a, b);
        Service service = proxy.service();
        service.getConnection().release();
        service.getConnection().release();
        // scores are recomputed every 100 ms: wait for the one that counts these two trials
        Awaits.await().until(() -> service.hosts().stream().allMatch(h -> h.score() == 1.0));
        // b's monitor is gone: the table says so
        proxy.monitors().remove(address(b).toString()).orElseThrow().close();
        String ha = address(a).toString();
        String hb = address(b).toString();
        String pad = " ".repeat(ha.length() - "HOST".length());
        String padB = " ".repeat(ha.length() - hb.length());

        Session session = run(adminUrl(proxy), Optional.empty(), Optional.empty(), "hosts", "pools");

        assertThat(session.transcript())
                .isEqualTo(Shell.PROMPT
                        + "service 'proxy', strategy round-robin, listening on "
                        + SocketAddresses.describe(proxy.address()) + "\n"
                        + "HOST" + pad
                        + "  STATE    MONITOR  SCORE  SHARE  OUTSTANDING  REQUESTS  GET FAILS  FAILURES\n"
                        + ha + "  enabled  OK       1.000  50.0%            0         1          0         0\n"
                        + hb + padB + "  enabled  none     1.000  50.0%            0         1          0         0\n"
                        + Shell.PROMPT
                        + "HOST" + pad
                        + "  SIZE  IDLE  LEASED  WAITING  MAX  MIN IDLE  CREATED  DESTROYED  TIMEOUTS  DIAL FAILS\n"
                        + ha
                        + "     1     1       0        0    4         0        1          0         0           0\n"
                        + hb + padB
                        + "     1     1       0        0    4         0        1          0         0           0\n"
                        + Shell.PROMPT);
        assertThat(session.err()).isEmpty();
    }

    @Test
    void disableEnable_takeTheBackendOutOfRotationAndBack() throws Exception {
        LoopbackServer a = backend();
        LoopbackServer b = backend();
        Proxy proxy = proxy(Optional.empty(), a, b);
        Service service = proxy.service();
        String ha = address(a).toString();

        Session off = run(adminUrl(proxy), Optional.empty(), Optional.empty(), "disable " + ha);
        assertThat(off.transcript()).isEqualTo(Shell.PROMPT + "Disabled backend '" + ha + "'\n" + Shell.PROMPT);
        assertThat(service.hosts())
                .filteredOn(h -> h.host().equals(ha))
                .singleElement()
                .satisfies(h -> assertThat(h.enabled()).isFalse());
        for (int i = 0; i < 4; i++) {
            var connection = service.getConnection();
            assertThat(connection.address().getPort()).isEqualTo(b.port());
            connection.release();
        }
        Session on = run(adminUrl(proxy), Optional.empty(), Optional.empty(), "enable " + ha);
        assertThat(on.transcript()).isEqualTo(Shell.PROMPT + "Enabled backend '" + ha + "'\n" + Shell.PROMPT);
        assertThat(service.hosts()).allSatisfy(h -> assertThat(h.enabled()).isTrue());
    }

    @Test
    void disable_unknownHostOrNoArgument_oneLine() throws Exception {
        Proxy proxy = proxy(Optional.empty(), backend());
        Session session = run(
                adminUrl(proxy),
                Optional.empty(),
                Optional.empty(),
                "disable 127.0.0.1:1",
                "enable",
                "disable a b",
                "pools");
        assertThat(session.err())
                .isEqualTo("error: no backend '127.0.0.1:1'\n"
                        + "usage: enable HOST:PORT\n"
                        + "usage: disable HOST:PORT\n");
        assertThat(session.transcript()).startsWith(Shell.PROMPT + Shell.PROMPT + Shell.PROMPT + Shell.PROMPT + "HOST");
        assertThat(proxy.service().hosts())
                .allSatisfy(h -> assertThat(h.enabled()).isTrue());
    }

    @Test
    void hosts_endpointWithoutHostRoutes_errorLineAndTheShellGoesOn() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        Session session = run(server, Optional.empty(), Optional.empty(), "hosts", "list");
        assertThat(session.err()).isEqualTo("error: no such endpoint: /hosts\n");
        assertThat(session.transcript()).isEqualTo(Shell.PROMPT + Shell.PROMPT + "db\ncache\nold\n" + Shell.PROMPT);
    }

    // ---------------------------------------------------------------- completion and history

    private static List<String> complete(Shell shell, String line) {
        LineReader reader = shell.reader();
        List<Candidate> candidates = new ArrayList<>();
        shell.completer()
                .complete(
                        reader,
                        reader.getParser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
                        candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void completion_commandsMonitorNamesAndHosts() throws Exception {
        LoopbackServer a = backend();
        LoopbackServer b = backend();
        Proxy proxy = proxy(Optional.of("t0k"), a, b);
        Shell shell = run(adminUrl(proxy), Optional.of("t0k"), Optional.empty()).shell();
        String ha = address(a).toString();
        String hb = address(b).toString();

        assertThat(complete(shell, ""))
                .containsExactly(
                        "list", "info", "status", "start", "stop", "restart", "hosts", "pools", "enable", "disable",
                        "help", "exit");
        // the proxy names each monitor after its backend
        assertThat(complete(shell, "status ")).containsExactly(ha, hb);
        assertThat(complete(shell, "restart " + ha + " ")).containsExactly(ha, hb);
        assertThat(complete(shell, "disable ")).containsExactly(ha, hb);
        assertThat(complete(shell, "enable 127")).containsExactly(ha, hb);
        assertThat(complete(shell, "enable x ")).isEmpty();
        assertThat(complete(shell, "hosts ")).isEmpty();
        assertThat(complete(shell, "list ")).isEmpty();
        assertThat(complete(shell, "frob ")).isEmpty();
    }

    @Test
    void completion_endpointGone_noCandidatesNoError() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        Shell shell = run(server, Optional.empty(), Optional.empty()).shell();
        server.close();
        assertThat(complete(shell, "status ")).isEmpty();
        assertThat(complete(shell, "disable ")).isEmpty();
        assertThat(complete(shell, "st")).contains("status", "start", "stop");
    }

    @Test
    void history_keptInTheFileAndReadBackNextSession(@TempDir Path dir) throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        Path file = dir.resolve("history");
        run(server, Optional.empty(), Optional.of(file), "list", "status db", "", "hosts");
        assertThat(Files.readAllLines(file))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).matches("\\d+:(list|status db|hosts)"));

        Session next = run(server, Optional.empty(), Optional.of(file), "info");
        List<String> entries = new ArrayList<>();
        next.shell().reader().getHistory().forEach(e -> entries.add(e.line()));
        assertThat(entries).containsExactly("list", "status db", "hosts", "info");
    }

    // ---------------------------------------------------------------- token and failures

    @Test
    void token_accepted_commandsRun() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT).withToken("s3cret"), MonitorRoutes.of(monitors()));
        Session session = run(server, Optional.of("s3cret"), Optional.empty(), "list");
        assertThat(session.transcript()).isEqualTo(Shell.PROMPT + "db\ncache\nold\n" + Shell.PROMPT);
    }

    @Test
    void endpointGoneMidSession_errorLineAndTheShellGoesOn() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT), MonitorRoutes.of(monitors()));
        byte[] input = "list\nhelp\n".getBytes(UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (AdminClient client = AdminClient.create(server.url(), Optional.empty(), Duration.ofSeconds(10));
                Terminal terminal = dumbTerminal(input, output)) {
            Shell shell = Shell.connect(client, terminal, Optional.empty(), new PrintWriter(err, true));
            server.close();
            assertThat(shell.run()).isZero();
        }
        assertThat(err.toString())
                // a refused connect, or a kept-alive connection found closed: either way one line
                .startsWith("error: cannot reach the admin endpoint at " + server.url() + ": ")
                .endsWith("\n")
                .hasLineCount(1);
        assertThat(output.toString(UTF_8)).startsWith(Shell.PROMPT + Shell.PROMPT + "Commands:\n");
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static int command(StringWriter out, StringWriter err, String... args) {
        return PoolkitCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void command_unreachableEndpoint_oneLineExit1() throws Exception {
        String url = closedPortUrl();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(command(out, err, "shell", "--admin", url)).isEqualTo(1);
        assertThat(err.toString())
                .matches("poolkit shell: cannot reach the admin endpoint at \\Q" + url
                        + "\\E: (connection refused|Connection refused)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void command_tokenRefusedOrMissing_oneLineExit1() throws Exception {
        AdminServer server = server(AdminConfig.of(ANY_PORT).withToken("s3cret"), MonitorRoutes.of(monitors()));
        StringWriter err = new StringWriter();
        assertThat(command(new StringWriter(), err, "shell", "--admin", server.url(), "--token", "guess"))
                .isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("poolkit shell: the admin endpoint at " + server.url() + " refused the token (401)\n");
        StringWriter none = new StringWriter();
        String hostPort = server.url().substring("http://".length());
        assertThat(command(new StringWriter(), none, "shell", "--admin", hostPort, "--token", ""))
                .isEqualTo(1);
        assertThat(none.toString())
                .isEqualTo("poolkit shell: the admin endpoint at " + server.url()
                        + " requires a token (401); give --token\n");
    }

    @Test
    void command_badAdminUrl_usageExit2() {
        StringWriter err = new StringWriter();
        assertThat(command(new StringWriter(), err, "shell", "--admin", "ftp://127.0.0.1:9900/x"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("poolkit shell: --admin must be an http URL such as http://127.0.0.1:9900 (or HOST:PORT),"
                        + " but was 'ftp://127.0.0.1:9900/x' (see 'poolkit shell --help')\n");
    }

    @Test
    void client_badArguments_rejected() {
        assertThatThrownBy(
                        () -> AdminClient.create("http://127.0.0.1:1/metrics", Optional.empty(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--admin must be an http URL such as http://127.0.0.1:9900 (or HOST:PORT), but was"
                        + " 'http://127.0.0.1:1/metrics'");
        assertThatThrownBy(() -> AdminClient.create("127.0.0.1:1", Optional.empty(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, but was PT0S");
        assertThat(AdminClient.create("localhost:9900/", Optional.empty(), Duration.ofSeconds(1))
                        .base()
                        .toString())
                .isEqualTo("http://localhost:9900");
        assertThat(Shell.pathSegment("[::1]:80")).isEqualTo("%5B::1%5D:80");
    }
}
