package dev.poolkit.cli.demo;

import dev.poolkit.cli.HelpOption;
import dev.poolkit.cli.admin.AdminConfig;
import dev.poolkit.cli.config.Durations;
import dev.poolkit.cli.proxy.Proxy;
import dev.poolkit.cli.proxy.ProxyCommand;
import dev.poolkit.cli.proxy.ProxyConfig;
import dev.poolkit.cli.proxy.ProxyMetrics;
import dev.poolkit.cli.proxy.Signals;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.Status;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.pool.PoolConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poolkit demo}: the proxy at work on loopback. Three backends (one flaky), the proxy in
 * front of them with health monitors and the admin endpoint, clients sending requests; one backend
 * is killed a third of the way through and revived at two thirds. A request whose session breaks
 * (the flaky backend's resets, the kill) is sent again on a new session; exit 0 only if every
 * request got its answer.
 */
@Command(
        name = "demo",
        sortOptions = false,
        description = {
            "Shows the proxy at work on loopback: three backends (gamma is flaky), the proxy with health monitors"
                    + " and the admin endpoint, clients sending requests; beta is killed and revived on the way.",
            "Prints a progress bar on stderr and a summary on stdout; exits 0 only if no request was lost."
        })
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    private static final String[] NAMES = {"alpha", "beta", "gamma"};
    private static final double FLAKY_RESETS = 0.01;
    private static final int REQUESTS_PER_SESSION = 5;
    private static final int MAX_TRIES = 50;
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String[] PHASES = {"before the kill", "beta killed", "beta revived"};

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "20s",
            converter = ProxyCommand.DurationConverter.class,
            description = "How long to send traffic (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--clients",
            paramLabel = "N",
            defaultValue = "8",
            description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:0",
            converter = ProxyCommand.ListenConverter.class,
            description = "Where the admin endpoint listens (default: ${DEFAULT-VALUE}, a free port).")
    InetSocketAddress admin;

    @Option(
            names = "--keep-running",
            description = "After the summary, keep the backends, the proxy and light traffic up until Ctrl-C"
                    + " (for a browser or 'poolkit shell').")
    boolean keepRunning;

    /** Creates the command; picocli sets its options. */
    public DemoCommand() {}

    /** What the clients count; phases are indexed 0..2. */
    private static final class Tally {
        final LongAdder requests = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder lost = new LongAdder();
        final LongAdder[][] perHost = new LongAdder[PHASES.length][NAMES.length];
        volatile int phase;

        Tally() {
            for (LongAdder[] row : perHost) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = new LongAdder();
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (duration.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--duration must be at least 3s, but was " + Durations.format(duration));
        }
        if (clients < 1 || clients > 1000) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--clients must be between 1 and 1000, but was " + clients);
        }
        // The proxy's INFO lines would break the progress bar; the summary tells what happened. Only
        // effective before the first logger exists (a fresh JVM), and --verbose keeps them.
        if (!spec.root().findOption("--verbose").<Boolean>getValue()) {
            System.setProperty(LOG_LEVEL, System.getProperty(LOG_LEVEL, "error"));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DemoBackend> backends = new ArrayList<>();
        Proxy proxy = null;
        try {
            for (String name : NAMES) {
                backends.add(DemoBackend.start(name, name.equals("gamma") ? FLAKY_RESETS : 0));
            }
            proxy = Proxy.start(config(backends), ProxyMetrics.newRegistry());
            Timeline timeline = new Timeline();
            watchMonitors(proxy, timeline);
            out.println("poolkit demo: backends alpha " + backends.get(0).address() + ", beta "
                    + backends.get(1).address() + ", gamma " + backends.get(2).address() + " (flaky: resets "
                    + Math.round(FLAKY_RESETS * 100) + "% of requests)");
            out.println("poolkit demo: proxy on " + hostPort(proxy.address()) + ", admin endpoint "
                    + proxy.adminUrl().orElseThrow() + "; " + clients + " clients for "
                    + Durations.format(duration));
            out.flush();
            Tally tally = new Tally();
            AtomicLong deadline = new AtomicLong(System.nanoTime() + duration.toNanos());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                Proxy p = proxy;
                threads.add(Thread.ofVirtual()
                        .name("poolkit-demo-client-" + i)
                        .start(() -> client(p.address(), id, tally, deadline, Duration.ZERO)));
            }
            drive(proxy, backends, tally, timeline, err);
            for (Thread t : threads) {
                t.join();
            }
            err.println();
            err.flush();
            summary(out, proxy, backends, tally, timeline);
            if (keepRunning) {
                keepRunning(out, proxy);
            }
            return tally.lost.sum() == 0 ? 0 : 1;
        } finally {
            if (proxy != null) {
                proxy.stop(Duration.ofSeconds(2));
            }
            for (DemoBackend b : backends) {
                b.close();
            }
        }
    }

    private ProxyConfig config(List<DemoBackend> backends) {
        return ProxyConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .backends(backends.stream()
                        .map(b -> HostAndPort.parse(b.address()))
                        .toList())
                .pool(PoolConfig.builder()
                        .maxSize(256)
                        .minIdle(4)
                        .acquireTimeout(Duration.ofSeconds(2))
                        .build())
                .monitor(MonitorConfig.builder()
                        .intervalCheck(Duration.ofMillis(250))
                        .checkTimeout(Duration.ofSeconds(1))
                        .build())
                .drainTimeout(Duration.ofSeconds(2))
                .admin(Optional.of(AdminConfig.of(admin)))
                .build();
    }

    /** What happened when, for the summary. */
    private static final class Timeline {
        private final long start = System.nanoTime();
        private final List<String> events = new CopyOnWriteArrayList<>();

        void add(String event) {
            events.add(String.format(Locale.ROOT, "%6.1f s  %s", seconds(), event));
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Records status changes, named after the backend, once a monitor has first seen its backend up. */
    private static void watchMonitors(Proxy proxy, Timeline timeline) {
        Map<String, Status> last = new ConcurrentHashMap<>();
        proxy.monitors().addCheckListener(m -> {
            Status now = m.status();
            Status before = last.get(m.name());
            if (before == null && now != Status.OK) {
                return; // still starting up
            }
            last.put(m.name(), now);
            if (before != null && before != now) {
                timeline.add("monitor " + nameOf(m.name(), proxy) + ": " + before + " -> " + now
                        + (now == Status.KO ? " (out of rotation: " + m.message() + ")" : "")
                        + (now == Status.OK ? " (back in rotation)" : ""));
            }
        });
    }

    /** Kills beta at a third, revives it at two thirds, and draws the progress bar until the end. */
    private void drive(Proxy proxy, List<DemoBackend> backends, Tally tally, Timeline timeline, PrintWriter err)
            throws IOException {
        long start = System.nanoTime();
        long total = duration.toNanos();
        DemoBackend beta = backends.get(1);
        boolean terminal = System.console() != null;
        long lastLine = 0;
        for (long now = System.nanoTime(); now - start < total; now = System.nanoTime()) {
            long elapsed = now - start;
            if (tally.phase == 0 && elapsed >= total / 3) {
                beta.stop();
                tally.phase = 1;
                timeline.add("beta killed (listener and connections closed)");
            } else if (tally.phase == 1 && elapsed >= 2 * total / 3) {
                beta.restart();
                tally.phase = 2;
                timeline.add("beta revived on the same port");
            }
            if (terminal || now - lastLine >= TimeUnit.SECONDS.toNanos(2)) {
                err.print((terminal ? "\r" : "") + progress(elapsed, total, tally, proxy) + (terminal ? "" : "\n"));
                err.flush();
                lastLine = now;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        err.print((terminal ? "\r" : "") + progress(total, total, tally, proxy));
    }

    private static String progress(long elapsed, long total, Tally tally, Proxy proxy) {
        int width = 30;
        int done = (int) Math.min(width, width * elapsed / total);
        StringBuilder bar = new StringBuilder("[");
        bar.append("#".repeat(done)).append(".".repeat(width - done)).append("] ");
        bar.append(String.format(
                Locale.ROOT,
                "%3d%% %5.1fs  requests %d  retried %d  lost %d  monitors",
                100 * elapsed / total,
                elapsed / 1e9,
                tally.requests.sum(),
                tally.retried.sum(),
                tally.lost.sum()));
        for (Monitor m : monitorsInOrder(proxy)) {
            bar.append(' ').append(nameOf(m.name(), proxy)).append('=').append(m.status());
        }
        return bar.toString();
    }

    private static List<Monitor> monitorsInOrder(Proxy proxy) {
        List<Monitor> monitors = new ArrayList<>();
        for (HostAndPort b : proxy.config().backends()) {
            proxy.monitors().get(b.toString()).ifPresent(monitors::add);
        }
        return monitors;
    }

    private static String nameOf(String address, Proxy proxy) {
        List<HostAndPort> backends = proxy.config().backends();
        for (int i = 0; i < backends.size(); i++) {
            if (backends.get(i).toString().equals(address)) {
                return NAMES[i];
            }
        }
        return address;
    }

    /**
     * One client: sessions of a {@code PING} and a few {@code ECHO}s, each answer checked. A request
     * whose session broke is sent again on a new session; after {@link #MAX_TRIES} it is lost.
     */
    private static void client(InetSocketAddress proxy, int id, Tally tally, AtomicLong deadline, Duration pause) {
        long n = 0;
        while (System.nanoTime() - deadline.get() < 0) {
            int tries = 0;
            boolean done = false;
            while (!done) {
                try (Socket s = new Socket(proxy.getAddress(), proxy.getPort())) {
                    s.setSoTimeout(5_000);
                    s.setTcpNoDelay(true);
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    String pong = call(in, out, "PING");
                    int host = pong != null && pong.startsWith("PONG ") ? indexOf(pong.substring(5)) : -1;
                    if (host < 0) {
                        throw new IOException("session broke before PING was answered: " + pong);
                    }
                    int phase = tally.phase;
                    tally.requests.increment();
                    tally.perHost[phase][host].increment();
                    for (int i = 0; i < REQUESTS_PER_SESSION - 1; i++) {
                        String token = id + "-" + n + "-" + i;
                        String answer = call(in, out, "ECHO " + token);
                        if (!token.equals(answer)) {
                            throw new IOException("ECHO " + token + " was answered " + answer);
                        }
                        tally.requests.increment();
                        tally.perHost[phase][host].increment();
                    }
                    done = true;
                } catch (IOException e) {
                    if (++tries >= MAX_TRIES) {
                        tally.lost.increment();
                        done = true;
                    } else {
                        tally.retried.increment();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    }
                }
            }
            n++;
            if (!pause.isZero()) {
                LockSupport.parkNanos(pause.toNanos());
            }
        }
    }

    private static String call(BufferedReader in, OutputStream out, String request) throws IOException {
        out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    private static int indexOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void summary(PrintWriter out, Proxy proxy, List<DemoBackend> backends, Tally tally, Timeline timeline) {
        long requests = tally.requests.sum();
        long lost = tally.lost.sum();
        out.printf(
                Locale.ROOT,
                "poolkit demo: %d requests in %s through the proxy, %d lost, %d sent again after a broken session%n",
                requests,
                Durations.format(duration),
                lost,
                tally.retried.sum());
        out.printf(
                Locale.ROOT,
                "  sessions: %d completed, %d ended by a backend failure (gamma reset %d requests, beta was killed)%n",
                proxy.metrics().sessions(ProxyMetrics.Outcome.COMPLETED),
                proxy.metrics().sessions(ProxyMetrics.Outcome.BACKEND_ERROR),
                backends.get(2).resets());
        out.println("  what happened:");
        for (String e : timeline.events) {
            out.println("    " + e);
        }
        out.println("  share of requests per backend:");
        out.printf(Locale.ROOT, "    %-16s %8s %8s %8s %9s%n", "phase", NAMES[0], NAMES[1], NAMES[2], "requests");
        for (int p = 0; p < PHASES.length; p++) {
            long sum = 0;
            for (LongAdder a : tally.perHost[p]) {
                sum += a.sum();
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    %-16s", PHASES[p]));
            for (LongAdder a : tally.perHost[p]) {
                row.append(String.format(Locale.ROOT, " %7.1f%%", sum == 0 ? 0.0 : 100.0 * a.sum() / sum));
            }
            row.append(String.format(Locale.ROOT, " %9d", sum));
            out.println(row);
        }
        StringBuilder monitors = new StringBuilder("  monitors now:");
        for (Monitor m : monitorsInOrder(proxy)) {
            monitors.append(' ')
                    .append(nameOf(m.name(), proxy))
                    .append(' ')
                    .append(m.status())
                    .append(',');
        }
        monitors.setLength(monitors.length() - 1);
        out.println(monitors);
        String url = proxy.adminUrl().orElseThrow();
        out.println("  where to look: " + url + "/metrics (Prometheus), " + url + "/health, " + url + "/hosts, " + url
                + "/pools, " + url + "/monitors" + (keepRunning ? "" : " (up while the demo runs: --keep-running)"));
        out.println(
                lost == 0
                        ? "poolkit demo: OK, no request was lost"
                        : "poolkit demo: FAILED, " + lost + " request(s) lost");
        out.flush();
    }

    private static void keepRunning(PrintWriter out, Proxy proxy) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        AtomicLong forever = new AtomicLong(Long.MAX_VALUE / 2 + System.nanoTime());
        Tally light = new Tally();
        Thread traffic = Thread.ofVirtual()
                .name("poolkit-demo-client-light")
                .start(() -> client(proxy.address(), 0, light, forever, Duration.ofMillis(50)));
        out.println("poolkit demo: still running with light traffic; proxy " + hostPort(proxy.address()) + ", admin "
                + proxy.adminUrl().orElseThrow() + ". Ctrl-C stops it.");
        out.flush();
        stop.await();
        forever.set(System.nanoTime());
        traffic.join(TimeUnit.SECONDS.toMillis(10));
    }

    private static String hostPort(InetSocketAddress address) {
        return dev.poolkit.net.SocketAddresses.describe(address.getAddress().getHostAddress(), address.getPort());
    }
}
