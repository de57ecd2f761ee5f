package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.sim.report.CsvWriter;
import dev.poolkit.balance.sim.report.TextTable;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lays simulation results out as tables, either the Markdown of {@code docs/strategies.md} or
 * aligned plain text for a terminal ({@link Format}), and as CSV files for plotting. The strategies
 * and scenarios appear in the order of the results.
 *
 * <p>Stateless and thread-safe.
 */
public final class ComparisonReport {
    /** How the tables are written. */
    public enum Format {
        /** GitHub Markdown: {@code ###} headings, {@code |} tables, the best value of a column in bold. */
        MARKDOWN,
        /** Plain text for a terminal: headings as lines of their own, columns aligned with spaces. */
        TEXT;

        /**
         * Renders a heading, followed by a blank line.
         *
         * @param title the heading's text
         * @return the heading
         * @throws NullPointerException if {@code title} is null
         */
        public String heading(String title) {
            requireNonNull(title, "title");
            return this == MARKDOWN ? "### " + title + "\n\n" : title + "\n\n";
        }

        /**
         * Renders a table.
         *
         * @param table the table
         * @return the table's lines
         * @throws NullPointerException if {@code table} is null
         */
        public String table(TextTable table) {
            return this == MARKDOWN ? table.toMarkdown() : table.toText();
        }

        private String best(String cell) {
            return this == MARKDOWN ? "**" + cell + "**" : cell;
        }
    }

    /** Final values of pooly's published curves (misc/softmax_test.svg, misc/egreedy_test.svg). */
    private static final Map<String, Double> POOLY_PUBLISHED = Map.of(
            "softmax(0.1)", 0.924,
            "softmax(0.5)", 0.655,
            "softmax(0.9)", 0.549,
            "epsilon-greedy(0.1)", 0.857,
            "epsilon-greedy(0.5)", 0.650,
            "epsilon-greedy(0.9)", 0.420);

    private ComparisonReport() {}

    /**
     * Returns the trials tables: cumulative regret (mean ± standard error / 90th percentile) per
     * strategy and scenario, the ratio of each mean to the best of its scenario, pooly's published
     * comparison if the {@code pooly} scenario is among the results, and the re-convergence after
     * each change of the best host for the scenarios that have one.
     *
     * @param results the results, any number of strategies and scenarios
     * @param format Markdown or plain text
     * @return one table per section, each after its heading and followed by a blank line
     * @throws NullPointerException if an argument is null
     */
    public static String trials(List<TrialsResult> results, Format format) {
        requireNonNull(results, "results");
        requireNonNull(format, "format");
        Grid grid = new Grid(results);
        StringBuilder out = new StringBuilder();
        int seeds = results.isEmpty() ? 0 : results.get(0).seeds();
        out.append(format.heading(String.format(
                Locale.ROOT, "Cumulative regret, mean ± standard error / p90 over %d seeds (lower is better)", seeds)));
        TextTable regret = grid.table();
        for (String strategy : grid.strategies) {
            List<String> cells = new ArrayList<>(List.of(strategy));
            for (String scenario : grid.scenarios) {
                cells.add(grid.get(strategy, scenario)
                        .map(r -> {
                            String cell = r.regret().format(1) + String.format(Locale.ROOT, " / %.1f", r.p90Regret());
                            return r.regret().mean() == grid.best(scenario) ? format.best(cell) : cell;
                        })
                        .orElse(""));
            }
            regret.row(cells);
        }
        out.append(format.table(regret)).append('\n');

        out.append(format.heading("Ratio of mean regret to the best strategy's in the same run"));
        TextTable ratio = grid.table();
        for (String strategy : grid.strategies) {
            List<String> cells = new ArrayList<>(List.of(strategy));
            for (String scenario : grid.scenarios) {
                cells.add(grid.get(strategy, scenario)
                        .map(r -> String.format(Locale.ROOT, "%.2f", r.regret().mean() / grid.best(scenario)))
                        .orElse(""));
            }
            ratio.row(cells);
        }
        out.append(format.table(ratio)).append('\n');

        if (grid.scenarios.contains("pooly")) {
            out.append(format.heading(
                    "pooly scenario: final running mean score, pooly's published single run, success rate"));
            TextTable pooly = new TextTable(List.of("strategy", "final mean score", "published", "success rate"));
            for (String strategy : grid.strategies) {
                grid.get(strategy, "pooly").ifPresent(r -> {
                    Double published = POOLY_PUBLISHED.get(strategy);
                    pooly.row(List.of(
                            strategy,
                            r.finalMeanScore().format(3),
                            published == null ? "" : String.format(Locale.ROOT, "%.3f", published),
                            r.successRate().format(3)));
                });
            }
            out.append(format.table(pooly)).append('\n');
        }

        List<String> changing = grid.scenarios.stream()
                .filter(s -> grid.any(s).changes().size() > 0)
                .toList();
        if (!changing.isEmpty()) {
            out.append(format.heading("Re-convergence after each change of the best host: mean trials per change"
                    + " (share of runs censored)"));
            List<String> header = new ArrayList<>(List.of("strategy"));
            for (String scenario : changing) {
                List<String> at = grid.any(scenario).changes().stream()
                        .map(c -> "@" + c.atStep())
                        .toList();
                header.add(scenario + " " + String.join(" ", at));
            }
            TextTable changes = new TextTable(header);
            for (String strategy : grid.strategies) {
                List<String> cells = new ArrayList<>(List.of(strategy));
                for (String scenario : changing) {
                    cells.add(grid.get(strategy, scenario)
                            .map(ComparisonReport::reconvergenceCell)
                            .orElse(""));
                }
                changes.row(cells);
            }
            out.append(format.table(changes)).append('\n');
        }
        return out.toString();
    }

    private static String reconvergenceCell(TrialsResult r) {
        List<String> means = new ArrayList<>();
        double censored = 0;
        for (TrialsResult.Reconvergence c : r.changes()) {
            means.add(String.format(Locale.ROOT, "%.0f", c.steps().mean()));
            censored += c.censored() / r.changes().size();
        }
        return String.join(" / ", means) + String.format(Locale.ROOT, " (%.0f%%)", 100 * censored);
    }

    /**
     * Returns one row per scenario: the strategy with the lowest mean regret, its regret, the
     * given strategy's regret and their ratio.
     *
     * @param results the results, including {@code strategy} on every scenario
     * @param strategy the strategy to compare with the best, usually the default
     * @param format Markdown or plain text
     * @return the table, without a heading
     * @throws IllegalArgumentException if {@code strategy} is missing on a scenario
     * @throws NullPointerException if an argument is null
     */
    public static String ratioToBest(List<TrialsResult> results, String strategy, Format format) {
        requireNonNull(strategy, "strategy");
        requireNonNull(format, "format");
        Grid grid = new Grid(requireNonNull(results, "results"));
        TextTable table = new TextTable(List.of("scenario", "best strategy", "its regret", strategy, "ratio"));
        for (String scenario : grid.scenarios) {
            TrialsResult mine = grid.get(strategy, scenario)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "results must include " + strategy + " on every scenario, but lack " + scenario));
            TrialsResult best = grid.strategies.stream()
                    .flatMap(s -> grid.get(s, scenario).stream())
                    .filter(r -> r.regret().mean() == grid.best(scenario))
                    .findFirst()
                    .orElseThrow();
            table.row(List.of(
                    scenario,
                    best.strategy(),
                    best.regret().format(1),
                    mine.regret().format(1),
                    String.format(
                            Locale.ROOT,
                            "%.2f",
                            mine.regret().mean() / best.regret().mean())));
        }
        return format.table(table);
    }

    /**
     * Returns the traffic table: success rate (± standard error) and the worst run's, latency
     * percentiles, the watched host's share and its highest share in any second as a multiple of
     * the fair share.
     *
     * @param results the results
     * @param format Markdown or plain text
     * @return the table, after its heading
     * @throws NullPointerException if an argument is null
     */
    public static String traffic(List<TrafficResult> results, Format format) {
        requireNonNull(results, "results");
        requireNonNull(format, "format");
        int seeds = results.isEmpty() ? 0 : results.get(0).seeds();
        StringBuilder out = new StringBuilder(format.heading(String.format(
                Locale.ROOT,
                "Traffic scenarios over %d seeds: success rate (worst run), latency p50 / p99 / p99.9 ms"
                        + " (worst run's p99.9), watched host's share and its highest per-second share as a"
                        + " multiple of the fair share",
                seeds)));
        TextTable t = new TextTable(List.of(
                "scenario",
                "strategy",
                "success",
                "worst run",
                "p50",
                "p99",
                "p99.9",
                "max p99.9",
                "share",
                "max/fair"));
        for (TrafficResult r : results) {
            t.row(List.of(
                    r.scenario(),
                    r.strategy(),
                    r.successRate().format(4),
                    String.format(Locale.ROOT, "%.4f", r.minSuccessRate()),
                    String.format(Locale.ROOT, "%.1f", r.p50Millis().mean()),
                    String.format(Locale.ROOT, "%.1f", r.p99Millis().mean()),
                    String.format(Locale.ROOT, "%.1f", r.p999Millis().mean()),
                    String.format(Locale.ROOT, "%.1f", r.maxP999Millis()),
                    String.format(Locale.ROOT, "%.4f", r.watchedShare().mean()),
                    String.format(Locale.ROOT, "%.2f", r.watchedMaxShareOfFair())));
        }
        return out.append(format.table(t)).toString();
    }

    /**
     * Writes the per-step curves of trials results: {@code scenario,strategy,step,mean_score,regret}.
     *
     * @param results the results
     * @param out the destination, not closed
     * @throws java.io.UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    public static void trialsCsv(List<TrialsResult> results, Writer out) {
        CsvWriter csv = new CsvWriter(out, List.of("scenario", "strategy", "step", "mean_score", "regret"));
        for (TrialsResult r : results) {
            for (int i = 0; i < r.steps(); i++) {
                csv.row(
                        r.scenario(),
                        r.strategy(),
                        i + 1,
                        r.meanScoreCurve().get(i),
                        r.regretCurve().get(i));
            }
        }
    }

    /**
     * Writes per-host shares per second of traffic results: {@code
     * scenario,strategy,second,host,share}.
     *
     * @param results the results
     * @param out the destination, not closed
     * @throws java.io.UncheckedIOException if writing fails
     * @throws NullPointerException if an argument is null
     */
    public static void trafficCsv(List<TrafficResult> results, Writer out) {
        CsvWriter csv = new CsvWriter(out, List.of("scenario", "strategy", "second", "host", "share"));
        for (TrafficResult r : results) {
            List<List<Double>> share = r.sharePerSecond();
            for (int s = 0; s < share.get(0).size(); s++) {
                for (int h = 0; h < share.size(); h++) {
                    csv.row(r.scenario(), r.strategy(), s, h, share.get(h).get(s));
                }
            }
        }
    }

    /** Trials results by strategy and scenario, both in first-seen order. */
    private static final class Grid {
        final List<String> strategies = new ArrayList<>();
        final List<String> scenarios = new ArrayList<>();
        private final Map<String, TrialsResult> cells = new LinkedHashMap<>();
        private final Map<String, Double> best = new LinkedHashMap<>();

        Grid(List<TrialsResult> results) {
            for (TrialsResult r : results) {
                if (!strategies.contains(r.strategy())) {
                    strategies.add(r.strategy());
                }
                if (!scenarios.contains(r.scenario())) {
                    scenarios.add(r.scenario());
                }
                cells.put(r.strategy() + "\n" + r.scenario(), r);
                best.merge(r.scenario(), r.regret().mean(), Math::min);
            }
        }

        Optional<TrialsResult> get(String strategy, String scenario) {
            return Optional.ofNullable(cells.get(strategy + "\n" + scenario));
        }

        TrialsResult any(String scenario) {
            return cells.values().stream()
                    .filter(r -> r.scenario().equals(scenario))
                    .findFirst()
                    .orElseThrow();
        }

        double best(String scenario) {
            return best.get(scenario);
        }

        TextTable table() {
            List<String> header = new ArrayList<>(List.of("strategy"));
            header.addAll(scenarios);
            return new TextTable(header);
        }
    }
}
