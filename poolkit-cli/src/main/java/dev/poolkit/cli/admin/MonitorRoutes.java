package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The admin endpoints of a {@link MonitorPool}:
 *
 * <ul>
 *   <li>{@code GET /monitors}: every monitor as JSON (golib's keys); {@code ?format=text} gives
 *       golib's text lines instead;
 *   <li>{@code POST /monitors/{name}/start}, {@code .../stop}, {@code .../restart}: acts on one
 *       monitor, 404 for an unknown name;
 *   <li>{@code GET /shell}: the six commands' names and descriptions, {@code [{"name": "list",
 *       "description": ...}, ...]} in golib's order, for a remote shell's help and completion;
 *   <li>{@code POST /shell}: runs one of the six monitor shell commands, the body being the command
 *       line ({@code status db cache}); answers {@code {"out": ..., "err": ...}} with exactly what the
 *       command printed, so that a remote shell shows golib's output byte for byte.
 * </ul>
 */
public final class MonitorRoutes {

    private MonitorRoutes() {}

    /**
     * Returns the routes for {@code pool}.
     *
     * @param pool the monitors
     * @return the routes
     * @throws NullPointerException if {@code pool} is null
     */
    public static List<AdminRoute> of(MonitorPool pool) {
        requireNonNull(pool, "pool");
        Map<String, ShellCommand> commands = new LinkedHashMap<>();
        for (ShellCommand command : MonitorCommands.of(pool)) {
            commands.put(command.name(), command);
        }
        return List.of(
                AdminRoute.get(
                        "/monitors",
                        request -> request.queryParameter("format")
                                .map(format -> {
                                    if (!format.equals("text") && !format.equals("json")) {
                                        throw new IllegalArgumentException(
                                                "format must be text or json, but was '" + format + "'");
                                    }
                                    return format.equals("text")
                                            ? AdminResponse.text(200, pool.toText())
                                            : AdminResponse.json(200, pool.toJson());
                                })
                                .orElseGet(() -> AdminResponse.json(200, pool.toJson()))),
                action(pool, "start", Monitor::start),
                action(pool, "stop", Monitor::stop),
                action(pool, "restart", Monitor::restart),
                AdminRoute.get("/shell", request -> commandList(commands)),
                AdminRoute.post("/shell", request -> shell(commands, request.bodyWords())));
    }

    private static AdminRoute action(MonitorPool pool, String verb, Consumer<Monitor> action) {
        return AdminRoute.post("/monitors/{name}/" + verb, request -> {
            String name = request.pathParameter("name");
            Monitor monitor =
                    pool.get(name).orElseThrow(() -> new NoSuchElementException("no monitor named '" + name + "'"));
            action.accept(monitor);
            return AdminResponse.json(
                    200, AdminServer.toJson(Map.of("monitor", name, "action", verb, "running", monitor.isRunning())));
        });
    }

    private static AdminResponse commandList(Map<String, ShellCommand> commands) {
        List<Map<String, String>> list = new ArrayList<>();
        for (ShellCommand command : commands.values()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", command.name());
            entry.put("description", command.description());
            list.add(entry);
        }
        return AdminResponse.json(200, AdminServer.toJson(list));
    }

    private static AdminResponse shell(Map<String, ShellCommand> commands, List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the body must hold a command: one of " + commands.keySet());
        }
        ShellCommand command = commands.get(words.get(0));
        if (command == null) {
            throw new IllegalArgumentException("unknown command '" + words.get(0) + "': one of " + commands.keySet());
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        command.run(out, err, words.subList(1, words.size()));
        Map<String, String> result = new LinkedHashMap<>();
        result.put("out", out.toString());
        result.put("err", err.toString());
        return AdminResponse.json(200, AdminServer.toJson(result));
    }
}
