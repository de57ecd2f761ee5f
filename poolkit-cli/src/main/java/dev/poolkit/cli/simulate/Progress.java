package dev.poolkit.cli.simulate;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.sim.Simulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows how far {@code poolkit simulate} has got, on standard error: a bar redrawn in place on a
 * terminal, or a plain line now and then when standard error is a file or a pipe (a CI log, {@code
 * 2> file}), where carriage returns would only clutter.
 *
 * <p>Progress is measured in work, not runs: a run of a scenario counts its simulated requests times
 * its hosts (what a selection costs grows with the hosts), so that a traffic run, sixty thousand
 * requests, weighs what it takes and the estimate of the time left holds across scenarios.
 *
 * <p>Thread-safe: the simulator calls {@link #accept} from its worker threads.
 */
final class Progress implements Consumer<Simulator.Progress> {

    /** How progress is shown. */
    enum Mode {
        /** A bar on a terminal, plain lines otherwise. */
        AUTO,
        /** A bar redrawn in place with carriage returns. */
        BAR,
        /** A line every {@link #LINE_INTERVAL}, and one at the end. */
        LINES,
        /** Nothing. */
        OFF
    }

    /** How often a terminal bar is redrawn at most. */
    static final Duration BAR_INTERVAL = Duration.ofMillis(100);
    /** How often a plain progress line is written at most. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    private static final int BAR_CELLS = 24;

    private final PrintWriter err;
    private final Mode mode;
    private final int columns;
    private final LongSupplier nanoTime;
    private final Map<String, Long> workPerRun;
    private final long totalWork;
    private final ReentrantLock lock = new ReentrantLock();

    private final long startNanos;
    private long doneWork; // guarded by lock
    private long lastShownNanos; // guarded by lock
    private int lastLength; // guarded by lock

    /**
     * Creates the reporter; the clock starts now.
     *
     * @param err where to write
     * @param mode {@link Mode#BAR}, {@link Mode#LINES} or {@link Mode#OFF} (resolve {@code AUTO} first)
     * @param columns the terminal's width, for the bar
     * @param nanoTime the clock
     * @param workPerRun per scenario name, what one of its runs weighs
     * @param totalWork the weight of everything planned
     */
    Progress(
            PrintWriter err,
            Mode mode,
            int columns,
            LongSupplier nanoTime,
            Map<String, Long> workPerRun,
            long totalWork) {
        if (mode == Mode.AUTO) {
            throw new IllegalArgumentException("mode must be resolved, but was AUTO");
        }
        this.err = requireNonNull(err, "err");
        this.mode = mode;
        this.columns = Math.max(40, columns);
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
        this.workPerRun = Map.copyOf(workPerRun);
        this.totalWork = Math.max(1, totalWork);
        this.startNanos = nanoTime.getAsLong();
        this.lastShownNanos = startNanos;
    }

    @Override
    public void accept(Simulator.Progress progress) {
        if (mode == Mode.OFF) {
            return;
        }
        lock.lock();
        try {
            doneWork += workPerRun.getOrDefault(progress.scenario(), 0L);
            long now = nanoTime.getAsLong();
            long interval = (mode == Mode.BAR ? BAR_INTERVAL : LINE_INTERVAL).toNanos();
            if (now - lastShownNanos < interval) {
                return;
            }
            lastShownNanos = now;
            show(progress.strategy() + " on " + progress.scenario(), now);
        } finally {
            lock.unlock();
        }
    }

    /** Shows the final state: the bar at 100% followed by a line break, or a closing line. */
    void finish() {
        if (mode == Mode.OFF) {
            return;
        }
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            String done = "done in " + clock(now - startNanos);
            if (mode == Mode.BAR) {
                draw(bar(1.0) + "  100%  " + done);
                err.print('\n');
            } else {
                err.println("simulate: 100%, " + done);
            }
            err.flush();
        } finally {
            lock.unlock();
        }
    }

    private void show(String current, long now) {
        double fraction = Math.min(1.0, (double) doneWork / totalWork);
        String percent = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
        String times = clock(now - startNanos) + " elapsed" + left(fraction, now - startNanos);
        if (mode == Mode.BAR) {
            draw(bar(fraction) + " " + percent + "  " + current + "  " + times);
        } else {
            err.println("simulate: " + percent.strip() + ", " + current + ", " + times);
        }
        err.flush();
    }

    /** Rewrites the terminal line: carriage return, the text cut to the width, spaces over the rest of the last one. */
    private void draw(String line) {
        String text = line.length() >= columns ? line.substring(0, columns - 1) : line;
        err.print('\r');
        err.print(text);
        if (text.length() < lastLength) {
            err.print(" ".repeat(lastLength - text.length()));
        }
        lastLength = text.length();
    }

    private static String bar(double fraction) {
        int full = (int) Math.round(fraction * BAR_CELLS);
        return "[" + "#".repeat(full) + "-".repeat(BAR_CELLS - full) + "]";
    }

    private static String left(double fraction, long elapsedNanos) {
        if (fraction < 0.01) {
            return ""; // too early for an estimate worth showing
        }
        long leftNanos = (long) (elapsedNanos / fraction * (1 - fraction));
        return ", about " + clock(leftNanos) + " left";
    }

    /** Formats a duration as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long nanos) {
        long seconds = Math.max(0, Duration.ofNanos(nanos).toSeconds());
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
