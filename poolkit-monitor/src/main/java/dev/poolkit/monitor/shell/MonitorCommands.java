package dev.poolkit.monitor.shell;

import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * golib's six monitor-pool shell commands, with its exact names, descriptions, output and order:
 * {@code list}, {@code info}, {@code status}, {@code start}, {@code stop}, {@code restart}.
 *
 * <p>With no arguments a command acts on every monitor, in pool (insertion) order; with arguments,
 * on the named monitors in pool order, silently skipping empty and unknown names.
 *
 * <ul>
 *   <li>{@code list}: one name per line.
 *   <li>{@code info}: per monitor, the info name, then {@code \t<key>: <value>} per data key (sorted;
 *       values printed with {@link String#valueOf}, where golib prints {@code %!s(int=1)}), then an
 *       empty line.
 *   <li>{@code status}: {@code OK - <name>} on the output for OK monitors; {@code <status> - <name>:
 *       <message>} on the error stream for the others.
 *   <li>{@code start}/{@code stop}: {@code Starting monitor '<name>'} (or {@code Stopping}), then
 *       {@code Updating monitor '<name>' on pool}; {@code restart} prints Stopping, Starting and
 *       Updating (it stops then starts, like golib). A failure prints the error's message on the
 *       error stream and skips the Updating line for that monitor. On a closed pool these three
 *       print only {@code monitor pool is closed; cannot <start|stop|restart> monitor '<name>'} on
 *       the error stream and leave the monitor as it is (closed).
 * </ul>
 *
 * <p>The commands hold the pool; the pool knows nothing of them.
 *
 * Thread-safe.
 */
public final class MonitorCommands {

    private MonitorCommands() {}

    /**
     * Returns the six commands over a pool, in golib's order (golib's {@code GetShellCommand}).
     *
     * @param pool the pool
     * @return list, info, status, start, stop, restart
     * @throws NullPointerException if {@code pool} is null
     */
    public static List<ShellCommand> of(MonitorPool pool) {
        requireNonNull(pool, "pool");
        return List.of(
                new Command(pool, "list", "Print the monitors' List", (io, m) -> io.out(m.name() + "\n")),
                new Command(
                        pool,
                        "info",
                        "Print information about monitors (leave args empty to print info for all monitors)",
                        MonitorCommands::info),
                new Command(
                        pool,
                        "status",
                        "Print status & message for monitor (leave args empty to print status of all monitors)",
                        MonitorCommands::status),
                new Command(
                        pool,
                        "start",
                        "Starting monitor (leave args empty to start all monitors)",
                        (io, m) -> io.lifecycle(m, "start", true, false)),
                new Command(
                        pool,
                        "stop",
                        "Stopping monitor (leave args empty to stop all monitors)",
                        (io, m) -> io.lifecycle(m, "stop", false, true)),
                new Command(
                        pool,
                        "restart",
                        "Restarting monitor (leave args empty to restart all monitors)",
                        (io, m) -> io.lifecycle(m, "restart", true, true)));
    }

    private static void info(Io io, Monitor m) {
        StringBuilder sb = new StringBuilder(m.infoName()).append('\n');
        for (Map.Entry<String, Object> e : m.infoData().entrySet()) {
            sb.append('\t').append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        io.out(sb.append('\n').toString());
    }

    private static void status(Io io, Monitor m) {
        Status s = m.status();
        if (s == Status.OK) {
            io.out("OK - " + m.name() + "\n");
        } else {
            io.err(s + " - " + m.name() + ": " + m.message() + "\n");
        }
    }

    /** The streams of one run, and the pool for the Updating step. */
    private record Io(MonitorPool pool, Appendable outStream, Appendable errStream) {
        void out(String s) {
            write(outStream, s);
        }

        void err(String s) {
            write(errStream, s);
        }

        private static void write(Appendable a, String s) {
            try {
                a.append(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void lifecycle(Monitor m, String verb, boolean start, boolean stop) {
            String name = m.name();
            if (pool.isClosed()) {
                err("monitor pool is closed; cannot " + verb + " monitor '" + name + "'\n");
                return;
            }
            try {
                if (stop) {
                    out("Stopping monitor '" + name + "'\n");
                    m.stop();
                }
                if (start) {
                    out("Starting monitor '" + name + "'\n");
                    m.start();
                }
                out("Updating monitor '" + name + "' on pool\n");
                pool.set(m);
            } catch (RuntimeException e) {
                err(e.getMessage() + "\n");
            }
        }
    }

    private record Command(MonitorPool pool, String name, String description, BiConsumer<Io, Monitor> action)
            implements ShellCommand {
        @Override
        public void run(Appendable out, Appendable err, List<String> args) {
            requireNonNull(out, "out");
            requireNonNull(err, "err");
            requireNonNull(args, "args");
            Io io = new Io(pool, out, err);
            // list prints every monitor whatever the arguments (golib's MonitorList)
            String[] names = name.equals("list")
                    ? new String[0]
                    : args.stream().filter(a -> a != null && !a.isEmpty()).toArray(String[]::new);
            if (!name.equals("list") && !args.isEmpty() && names.length == 0) {
                return; // only empty names: nothing to do
            }
            pool.walk(
                    (n, m) -> {
                        action.accept(io, m);
                        return true;
                    },
                    names);
        }
    }
}
