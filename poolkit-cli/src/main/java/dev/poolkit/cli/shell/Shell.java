package dev.poolkit.cli.shell;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive shell of {@code poolkit shell}: reads command lines from a JLine terminal and
 * runs them against a running admin endpoint.
 *
 * <p>The six monitor commands (golib's {@code list}, {@code info}, {@code status}, {@code start},
 * {@code stop}, {@code restart}) are not implemented here: their command line is posted to
 * {@code POST /shell}, where the monitor pool's own {@code ShellCommand}s run, and their output and
 * error text are printed exactly as they came back. The shell's own commands are {@code hosts} and
 * {@code pools} (tables rendered from {@code GET /hosts} and {@code GET /pools}), {@code enable
 * HOST} and {@code disable HOST}, {@code help} and {@code exit}. Tab completes command names,
 * monitor names (from {@code GET /monitors}) and hosts (from {@code GET /hosts}); history is kept
 * in a file when one is given.
 *
 * <p>Not thread-safe: one thread runs {@link #run()}.
 */
public final class Shell {

    /** The prompt. */
    public static final String PROMPT = "poolkit> ";

    /** The shell's own commands, after the endpoint's monitor commands in help and completion. */
    private static final Map<String, String> OWN_COMMANDS = ownCommands();

    private final AdminClient client;
    private final LineReader reader;
    private final Completer completer;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Name to description of the endpoint's monitor commands, in its order (golib's). */
    private final Map<String, String> remoteCommands;

    private Shell(
            AdminClient client,
            Terminal terminal,
            Optional<Path> history,
            PrintWriter err,
            Map<String, String> remoteCommands) {
        this.client = client;
        this.err = err;
        this.remoteCommands = remoteCommands;
        this.out = terminal.writer();
        this.completer = new ShellCompleter(commandNames(), this::completionMonitors, this::completionHosts);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("poolkit")
                .parser(new DefaultParser())
                .completer(completer);
        history.ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file));
        this.reader = builder.build();
    }

    private static Map<String, String> ownCommands() {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("hosts", "Print every backend: state, monitor, score, share of traffic, requests, failures");
        own.put("pools", "Print every backend's connection pool: size, idle, leased, waiting, totals");
        own.put("enable", "Put a backend back into rotation: enable HOST:PORT");
        own.put("disable", "Take a backend out of rotation: disable HOST:PORT");
        own.put("help", "Print this list of commands");
        own.put("exit", "Leave the shell (Ctrl-D does too)");
        return own;
    }

    /**
     * Checks the endpoint (reachable, token accepted), learns its monitor commands from
     * {@code GET /shell}, and returns a shell ready to {@link #run()}.
     *
     * @param client the endpoint
     * @param terminal where commands are read and their output written
     * @param history the history file, or empty to keep history in memory only
     * @param err where errors go (and the monitor commands' error text, such as non-OK statuses)
     * @return the shell
     * @throws AdminClientException if the endpoint cannot be reached or refuses the token
     * @throws InterruptedException if interrupted while waiting for the endpoint
     * @throws NullPointerException if an argument is null
     */
    public static Shell connect(AdminClient client, Terminal terminal, Optional<Path> history, PrintWriter err)
            throws InterruptedException {
        requireNonNull(client, "client");
        return create(client, remoteCommands(client), terminal, history, err);
    }

    /**
     * Asks the endpoint for its monitor commands ({@code GET /shell}), which also proves that it
     * answers and accepts the token; none when it has no monitors (404).
     */
    static Map<String, String> remoteCommands(AdminClient client) throws InterruptedException {
        Map<String, String> remote = new LinkedHashMap<>();
        try {
            for (JsonNode command : client.getJson("/shell")) {
                remote.put(
                        command.path("name").asText(),
                        command.path("description").asText());
            }
        } catch (AdminClientException e) {
            // An endpoint without monitors is still one to look at hosts and pools on.
            if (e.status() != 404 && e.status() != 405) {
                throw e;
            }
        }
        return remote;
    }

    /** A shell over a terminal, for an endpoint whose commands {@link #remoteCommands} gave. */
    static Shell create(
            AdminClient client,
            Map<String, String> remoteCommands,
            Terminal terminal,
            Optional<Path> history,
            PrintWriter err) {
        requireNonNull(client, "client");
        requireNonNull(terminal, "terminal");
        requireNonNull(history, "history");
        requireNonNull(err, "err");
        return new Shell(client, terminal, history, err, new LinkedHashMap<>(remoteCommands));
    }

    /**
     * Reads and runs commands until {@code exit} or the end of input (Ctrl-D); Ctrl-C drops the line
     * being typed. A failing command prints one line, {@code error: <message>}, and the shell goes
     * on. Saves the history at the end.
     *
     * @return the exit code, 0
     * @throws InterruptedException if interrupted while waiting for the endpoint
     */
    public int run() throws InterruptedException {
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!execute(line)) {
                    break;
                }
            }
        } finally {
            saveHistory();
            out.flush();
            err.flush();
        }
        return 0;
    }

    /** Runs one command line; false when the shell should end. */
    boolean execute(String line) throws InterruptedException {
        List<String> words = words(line);
        if (words.isEmpty()) {
            return true;
        }
        String command = words.get(0);
        List<String> args = words.subList(1, words.size());
        try {
            switch (command) {
                case "exit" -> {
                    return false;
                }
                case "help" -> out.print(help());
                case "hosts" -> out.print(ShellTables.hosts(client.getJson("/hosts")));
                case "pools" -> out.print(ShellTables.pools(client.getJson("/pools")));
                case "enable", "disable" -> toggle(command, args);
                default -> {
                    if (remoteCommands.containsKey(command)) {
                        remote(line);
                    } else {
                        err.println("unknown command '" + command + "'; type 'help' for the list");
                    }
                }
            }
        } catch (AdminClientException e) {
            err.println("error: " + e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
        return true;
    }

    /** Posts the line to the endpoint's monitor commands and prints exactly what they printed. */
    private void remote(String line) throws InterruptedException {
        JsonNode answer = client.postJson("/shell", line.strip());
        out.print(answer.path("out").asText());
        out.flush();
        err.print(answer.path("err").asText());
    }

    private void toggle(String verb, List<String> args) throws InterruptedException {
        if (args.size() != 1) {
            err.println("usage: " + verb + " HOST:PORT");
            return;
        }
        String host = args.get(0);
        client.postJson("/hosts/" + pathSegment(host) + "/" + verb, "");
        out.println((verb.equals("enable") ? "Enabled" : "Disabled") + " backend '" + host + "'");
    }

    private String help() {
        Map<String, String> all = new LinkedHashMap<>(remoteCommands);
        all.putAll(OWN_COMMANDS);
        int width = all.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder("Commands:\n");
        all.forEach((name, description) -> sb.append("  ")
                .append(name)
                .append(" ".repeat(width - name.length() + 2))
                .append(description)
                .append('\n'));
        return sb.toString();
    }

    private List<String> commandNames() {
        List<String> names = new ArrayList<>(remoteCommands.keySet());
        names.addAll(OWN_COMMANDS.keySet());
        return names;
    }

    /** Monitor names for completion; none when the endpoint does not answer. */
    private List<String> completionMonitors() {
        List<String> names = new ArrayList<>();
        try {
            Iterator<String> it = client.getJson("/monitors").fieldNames();
            it.forEachRemaining(names::add);
        } catch (AdminClientException e) {
            // completion offers what it can; the error shows when a command runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }

    /** Hosts for completion; none when the endpoint does not answer. */
    private List<String> completionHosts() {
        List<String> hosts = new ArrayList<>();
        try {
            for (JsonNode host : ShellTables.hostArray(client.getJson("/hosts"))) {
                hosts.add(host.path("host").asText());
            }
        } catch (AdminClientException e) {
            // as above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return hosts;
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (java.io.IOException e) {
            err.println("poolkit shell: could not save the history: " + e.getMessage());
        }
    }

    /**
     * Returns the reader, for tests that look at its history.
     *
     * @return the line reader
     */
    LineReader reader() {
        return reader;
    }

    /**
     * Returns the completer, for tests.
     *
     * @return the completer the reader uses
     */
    Completer completer() {
        return completer;
    }

    private static List<String> words(String line) {
        String text = line.strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    /** Percent-encodes a path segment ({@code [::1]:80} has brackets a URI path may not hold). */
    static String pathSegment(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}
