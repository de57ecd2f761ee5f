package dev.poolkit.balance.sim;

import dev.poolkit.balance.sim.report.CsvWriter;
import dev.poolkit.balance.sim.report.TextTable;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the strategy comparison of {@code docs/strategies.md} as Markdown: every registered
 * strategy on every built-in scenario.
 *
 * <p>Usage, from the repository root after {@code mvn -pl poolkit-balance package}:
 *
 * <pre>
 * java -cp poolkit-balance/target/classes dev.poolkit.balance.sim.SimulatorMain \
 *     [--seeds 200] [--traffic-seeds 20] [--threads N] [--csv DIR]
 * </pre>
 *
 * <p>{@code --csv DIR} also writes {@code trials.csv} (per-step curves) and {@code traffic.csv}
 * (per-host shares per second) there. Not a library API; single-threaded entry point.
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    /**
     * Runs the comparison and prints it to standard output.
     *
     * @param args the options above
     * @throws IOException if a CSV file cannot be written
     */
    public static void main(String[] args) throws IOException {
        int seeds = 200;
        int trafficSeeds = 20;
        int threads = Runtime.getRuntime().availableProcessors();
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--traffic-seeds" -> trafficSeeds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> {
                    System.err.println(
                            "usage: SimulatorMain [--seeds N] [--traffic-seeds N] [--threads N] [--csv DIR]");
                    System.exit(2);
                }
            }
        }
        Simulator simulator = new Simulator(threads);
        List<TrialsResult> trials = runTrials(simulator, seeds);
        List<TrafficResult> traffic = runTraffic(simulator, trafficSeeds);
        print(System.out, trials, traffic, seeds, trafficSeeds);
        if (csv != null) {
            Files.createDirectories(csv);
            try (Writer out = Files.newBufferedWriter(csv.resolve("trials.csv"), StandardCharsets.UTF_8)) {
                CsvWriter.trialsCurves(trials, out);
            }
            try (Writer out = Files.newBufferedWriter(csv.resolve("traffic.csv"), StandardCharsets.UTF_8)) {
                CsvWriter.trafficShares(traffic, out);
            }
        }
    }

    /**
     * Runs every registered strategy on every built-in trials scenario.
     *
     * @param simulator the simulator
     * @param seeds seeds per scenario and strategy
     * @return the results, scenario by scenario in registry order
     */
    public static List<TrialsResult> runTrials(Simulator simulator, int seeds) {
        List<TrialsResult> results = new ArrayList<>();
        for (TrialsScenario scenario : Scenarios.trials()) {
            for (String name : StrategyRegistry.names()) {
                results.add(simulator.runTrials(scenario, name, StrategyRegistry.factory(name), seeds));
            }
        }
        return results;
    }

    /**
     * Runs every registered strategy on every built-in traffic scenario.
     *
     * @param simulator the simulator
     * @param seeds seeds per scenario and strategy
     * @return the results, scenario by scenario in registry order
     */
    public static List<TrafficResult> runTraffic(Simulator simulator, int seeds) {
        List<TrafficResult> results = new ArrayList<>();
        for (TrafficScenario scenario : Scenarios.traffic()) {
            for (String name : StrategyRegistry.names()) {
                results.add(simulator.runTraffic(scenario, name, StrategyRegistry.factory(name), seeds));
            }
        }
        return results;
    }

    /**
     * Prints the Markdown tables.
     *
     * @param out the destination
     * @param trials the trials results
     * @param traffic the traffic results
     * @param seeds the trials seeds
     * @param trafficSeeds the traffic seeds
     */
    public static void print(
            PrintStream out, List<TrialsResult> trials, List<TrafficResult> traffic, int seeds, int trafficSeeds) {
        Map<String, Map<String, TrialsResult>> byStrategy = new LinkedHashMap<>();
        List<String> scenarios = new ArrayList<>();
        for (TrialsResult r : trials) {
            byStrategy.computeIfAbsent(r.strategy(), k -> new LinkedHashMap<>()).put(r.scenario(), r);
            if (!scenarios.contains(r.scenario())) {
                scenarios.add(r.scenario());
            }
        }
        out.printf(Locale.ROOT, "### Cumulative regret, mean / p90 over %d seeds (lower is better)%n%n", seeds);
        List<String> header = new ArrayList<>();
        header.add("strategy");
        header.addAll(scenarios);
        TextTable regret = new TextTable(header);
        Map<String, Double> best = new LinkedHashMap<>();
        for (Map<String, TrialsResult> row : byStrategy.values()) {
            for (TrialsResult r : row.values()) {
                best.merge(r.scenario(), r.meanRegret(), Math::min);
            }
        }
        for (Map.Entry<String, Map<String, TrialsResult>> e : byStrategy.entrySet()) {
            List<String> cells = new ArrayList<>();
            cells.add(e.getKey());
            for (String scenario : scenarios) {
                TrialsResult r = e.getValue().get(scenario);
                boolean isBest = r.meanRegret() == best.get(scenario);
                String cell = String.format(Locale.ROOT, "%.1f / %.1f", r.meanRegret(), r.p90Regret());
                cells.add(isBest ? "**" + cell + "**" : cell);
            }
            regret.row(cells);
        }
        out.println(regret.toMarkdown());

        out.printf(Locale.ROOT, "### Ratio of mean regret to the best strategy's in the same run%n%n");
        TextTable ratio = new TextTable(header);
        for (Map.Entry<String, Map<String, TrialsResult>> e : byStrategy.entrySet()) {
            List<String> cells = new ArrayList<>();
            cells.add(e.getKey());
            for (String scenario : scenarios) {
                cells.add(String.format(
                        Locale.ROOT, "%.2f", e.getValue().get(scenario).meanRegret() / best.get(scenario)));
            }
            ratio.row(cells);
        }
        out.println(ratio.toMarkdown());

        out.printf(
                Locale.ROOT,
                "### pooly scenario: final running mean score, pooly's published single run, success rate%n%n");
        Map<String, Double> published = Map.of(
                "softmax(0.1)", 0.924,
                "softmax(0.5)", 0.655,
                "softmax(0.9)", 0.549,
                "epsilon-greedy(0.1)", 0.857,
                "epsilon-greedy(0.5)", 0.650,
                "epsilon-greedy(0.9)", 0.420);
        TextTable pooly = new TextTable(List.of("strategy", "final mean score", "published", "success rate"));
        for (Map.Entry<String, Map<String, TrialsResult>> e : byStrategy.entrySet()) {
            TrialsResult r = e.getValue().get("pooly");
            if (r == null) {
                continue;
            }
            Double p = published.get(e.getKey());
            pooly.row(List.of(
                    e.getKey(),
                    String.format(Locale.ROOT, "%.3f", r.finalMeanScore()),
                    p == null ? "" : String.format(Locale.ROOT, "%.3f", p),
                    String.format(Locale.ROOT, "%.3f", r.successRate())));
        }
        out.println(pooly.toMarkdown());

        out.printf(
                Locale.ROOT, "### Re-convergence after each change: mean / median / p90 trials (censored share)%n%n");
        List<String> changeHeader = new ArrayList<>(List.of("strategy"));
        List<String[]> changeKeys = new ArrayList<>();
        for (String scenario : scenarios) {
            TrialsResult any = byStrategy.values().iterator().next().get(scenario);
            for (TrialsResult.Reconvergence c : any.changes()) {
                changeHeader.add(scenario + " @" + c.atStep());
                changeKeys.add(new String[] {scenario, Integer.toString(c.atStep())});
            }
        }
        TextTable changes = new TextTable(changeHeader);
        for (Map.Entry<String, Map<String, TrialsResult>> e : byStrategy.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(e.getKey()));
            for (String[] key : changeKeys) {
                TrialsResult r = e.getValue().get(key[0]);
                for (TrialsResult.Reconvergence c : r.changes()) {
                    if (c.atStep() == Integer.parseInt(key[1])) {
                        cells.add(String.format(
                                Locale.ROOT,
                                "%.0f / %.0f / %.0f (%.0f%%)",
                                c.meanSteps(),
                                c.medianSteps(),
                                c.p90Steps(),
                                100 * c.censored()));
                    }
                }
            }
            changes.row(cells);
        }
        out.println(changes.toMarkdown());

        out.printf(
                Locale.ROOT,
                "### Traffic scenarios over %d seeds: success rate (worst run), latency p50 / p99 / p99.9 ms,"
                        + " watched host's share and its highest per-second share as a multiple of the fair share%n%n",
                trafficSeeds);
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
        for (TrafficResult r : traffic) {
            t.row(List.of(
                    r.scenario(),
                    r.strategy(),
                    String.format(Locale.ROOT, "%.4f", r.successRate()),
                    String.format(Locale.ROOT, "%.4f", r.minSuccessRate()),
                    String.format(Locale.ROOT, "%.1f", r.p50Millis()),
                    String.format(Locale.ROOT, "%.1f", r.p99Millis()),
                    String.format(Locale.ROOT, "%.1f", r.p999Millis()),
                    String.format(Locale.ROOT, "%.1f", r.maxP999Millis()),
                    String.format(Locale.ROOT, "%.4f", r.watchedShare()),
                    String.format(Locale.ROOT, "%.2f", r.watchedMaxShareOfFair())));
        }
        out.println(t.toMarkdown());
    }
}
