package dev.poolkit.balance.sim;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the strategy comparison of {@code docs/strategies.md} as Markdown: the chosen strategies
 * (every registered one by default) on the chosen scenarios (the built-in set by default). Run
 * with {@code --help} for the options. Every argument is checked before any simulation starts: a
 * bad one prints one line naming it to standard error and exits with status 2.
 *
 * <p>Usage, from the repository root after {@code mvn -pl poolkit-balance package}:
 *
 * <pre>
 * java -cp poolkit-balance/target/classes dev.poolkit.balance.sim.SimulatorMain --seeds 200
 * </pre>
 *
 * <p>Not a library API (the {@code poolkit simulate} command will replace it); single-threaded
 * entry point.
 */
public final class SimulatorMain {
    private static final String USAGE = String.join(
            "\n",
            "Usage: SimulatorMain [options]",
            "Runs strategies on scenarios and prints the Markdown tables of docs/strategies.md.",
            "",
            "  --seeds N          runs per trials scenario and strategy (default 200)",
            "  --traffic-seeds N  runs per traffic scenario and strategy (default 20; 0 skips traffic)",
            "  --set SET          built-in (default), held-out or all",
            "  --scenario NAME    a scenario by name instead of a set; repeatable",
            "  --strategy NAME    a strategy by name instead of every registered one; repeatable",
            "  --threads N        threads that run seeds (default: the number of processors)",
            "  --csv DIR          also write trials.csv and traffic.csv (curves, shares) into DIR",
            "  --progress         report each finished scenario and strategy on standard error",
            "  -h, --help         print this help and exit",
            "",
            "Scenarios: trials " + names(Scenarios.trials()) + "; held-out trials " + names(Scenarios.heldOutTrials()),
            "  traffic " + trafficNames(Scenarios.traffic()) + "; held-out traffic "
                    + trafficNames(Scenarios.heldOutTraffic()),
            "Strategies: " + String.join(", ", StrategyRegistry.names()),
            "  and the parameterised forms " + String.join(", ", StrategyRegistry.forms()),
            "");

    private SimulatorMain() {}

    /**
     * Runs the comparison and prints it to standard output; exits with the status of {@link
     * #run}.
     *
     * @param args the options ({@code --help} lists them)
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the options and runs the comparison.
     *
     * @param args the options
     * @param out where the tables (or the help) go
     * @param err where errors and progress go
     * @return 0 on success or after {@code --help}, 2 for a bad argument, 1 if writing a CSV file
     *     failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (BadArgument e) {
            err.println("SimulatorMain: " + e.getMessage() + " (--help lists the options)");
            return 2;
        }
        if (options.help) {
            out.print(USAGE);
            return 0;
        }
        Simulator.Builder builder = Simulator.builder().parallelism(options.threads);
        if (options.progress) {
            builder.progress(p -> {
                if (p.completedRuns() == p.totalRuns()) {
                    err.printf(Locale.ROOT, "%s %s: %d runs%n", p.scenario(), p.strategy(), p.totalRuns());
                }
            });
        }
        Simulator simulator = builder.build();
        List<TrialsResult> trials = new ArrayList<>();
        List<TrafficResult> traffic = new ArrayList<>();
        for (Section section : options.sections) {
            List<TrialsResult> sectionTrials = new ArrayList<>();
            for (TrialsScenario scenario : section.trials) {
                for (Map.Entry<String, StrategyFactory> s : options.strategies.entrySet()) {
                    sectionTrials.add(simulator.runTrials(scenario, s.getKey(), s.getValue(), options.seeds));
                }
            }
            List<TrafficResult> sectionTraffic = new ArrayList<>();
            if (options.trafficSeeds > 0) {
                for (TrafficScenario scenario : section.traffic) {
                    for (Map.Entry<String, StrategyFactory> s : options.strategies.entrySet()) {
                        sectionTraffic.add(
                                simulator.runTraffic(scenario, s.getKey(), s.getValue(), options.trafficSeeds));
                    }
                }
            }
            print(out, section.title, sectionTrials, sectionTraffic, options.strategies.keySet());
            trials.addAll(sectionTrials);
            traffic.addAll(sectionTraffic);
        }
        if (options.csv != null) {
            try {
                Files.createDirectories(options.csv);
                try (Writer w = Files.newBufferedWriter(options.csv.resolve("trials.csv"), StandardCharsets.UTF_8)) {
                    ComparisonReport.trialsCsv(trials, w);
                }
                try (Writer w = Files.newBufferedWriter(options.csv.resolve("traffic.csv"), StandardCharsets.UTF_8)) {
                    ComparisonReport.trafficCsv(traffic, w);
                }
            } catch (IOException | UncheckedIOException e) {
                err.println("SimulatorMain: cannot write the CSV files in " + options.csv + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static void print(
            PrintStream out,
            String title,
            List<TrialsResult> trials,
            List<TrafficResult> traffic,
            java.util.Collection<String> strategies) {
        if (title != null) {
            out.println("## " + title);
            out.println();
        }
        if (!trials.isEmpty()) {
            out.print(ComparisonReport.trialsMarkdown(trials));
            if (strategies.contains(StrategyRegistry.DEFAULT) && strategies.size() > 1) {
                out.printf(
                        Locale.ROOT,
                        "### The default (%s) against the best strategy of each scenario%n%n",
                        StrategyRegistry.DEFAULT);
                out.println(ComparisonReport.ratioToBestMarkdown(trials, StrategyRegistry.DEFAULT));
            }
        }
        if (!traffic.isEmpty()) {
            out.println(ComparisonReport.trafficMarkdown(traffic));
        }
    }

    private static String names(List<TrialsScenario> scenarios) {
        return String.join(", ", scenarios.stream().map(TrialsScenario::name).toList());
    }

    private static String trafficNames(List<TrafficScenario> scenarios) {
        return String.join(", ", scenarios.stream().map(TrafficScenario::name).toList());
    }

    /** A titled group of scenarios, printed together. */
    private record Section(String title, List<TrialsScenario> trials, List<TrafficScenario> traffic) {}

    /** A bad command-line argument; the message names it. */
    private static final class BadArgument extends Exception {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message, null, false, false);
        }
    }

    /** The parsed options. */
    private static final class Options {
        boolean help;
        int seeds = 200;
        int trafficSeeds = 20;
        int threads = Runtime.getRuntime().availableProcessors();
        Path csv;
        boolean progress;
        final List<Section> sections = new ArrayList<>();
        final Map<String, StrategyFactory> strategies = new LinkedHashMap<>();

        static Options parse(String[] args) throws BadArgument {
            Options o = new Options();
            String set = null;
            List<String> scenarioNames = new ArrayList<>();
            List<String> strategyNames = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--progress" -> o.progress = true;
                    case "--seeds", "--traffic-seeds", "--threads", "--set", "--scenario", "--strategy", "--csv" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new BadArgument(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (arg) {
                            case "--seeds" -> o.seeds = count(arg, value, 1);
                            case "--traffic-seeds" -> o.trafficSeeds = count(arg, value, 0);
                            case "--threads" -> o.threads = count(arg, value, 1);
                            case "--set" -> set = value;
                            case "--scenario" -> scenarioNames.add(value);
                            case "--strategy" -> strategyNames.add(value);
                            default -> o.csv = directory(value);
                        }
                    }
                    default -> throw new BadArgument("unknown option " + args[i]);
                }
            }
            if (o.help) {
                return o;
            }
            if (set != null && !scenarioNames.isEmpty()) {
                throw new BadArgument("--set " + set + " cannot be combined with --scenario");
            }
            if (!scenarioNames.isEmpty()) {
                o.sections.add(chosen(scenarioNames));
            } else {
                String s = set == null ? "built-in" : set;
                switch (s) {
                    case "built-in" -> o.sections.add(builtIn());
                    case "held-out" -> o.sections.add(heldOut());
                    case "all" -> {
                        o.sections.add(builtIn());
                        o.sections.add(heldOut());
                    }
                    default -> throw new BadArgument("--set must be built-in, held-out or all, but was " + s);
                }
            }
            for (String name : strategyNames.isEmpty() ? StrategyRegistry.names() : strategyNames) {
                try {
                    Optional<StrategyFactory> factory = StrategyRegistry.find(name);
                    if (factory.isEmpty()) {
                        throw new BadArgument(
                                "--strategy must be a registered name or form (--help lists them), but was " + name);
                    }
                    o.strategies.put(name, factory.get());
                } catch (IllegalArgumentException e) {
                    throw new BadArgument("--strategy " + name + ": " + e.getMessage());
                }
            }
            return o;
        }

        private static Section builtIn() {
            return new Section("Built-in scenarios", Scenarios.trials(), Scenarios.traffic());
        }

        private static Section heldOut() {
            return new Section("Held-out scenarios", Scenarios.heldOutTrials(), Scenarios.heldOutTraffic());
        }

        private static Section chosen(List<String> names) throws BadArgument {
            List<TrialsScenario> trials = new ArrayList<>();
            List<TrafficScenario> traffic = new ArrayList<>();
            for (String name : names) {
                Optional<TrialsScenario> t = Scenarios.trials(name);
                Optional<TrafficScenario> f = Scenarios.traffic(name);
                if (t.isPresent()) {
                    trials.add(t.get());
                } else if (f.isPresent()) {
                    traffic.add(f.get());
                } else {
                    throw new BadArgument("--scenario must be a built-in or held-out scenario (--help lists them),"
                            + " but was " + name);
                }
            }
            return new Section(null, trials, traffic);
        }

        private static int count(String option, String value, int min) throws BadArgument {
            try {
                int n = Integer.parseInt(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the option's name
            }
            throw new BadArgument(option + " must be an integer >= " + min + ", but was " + value);
        }

        private static Path directory(String value) throws BadArgument {
            try {
                Path path = Path.of(value);
                if (Files.exists(path) && !Files.isDirectory(path)) {
                    throw new BadArgument("--csv must be a directory, but was the file " + value);
                }
                return path;
            } catch (InvalidPathException e) {
                throw new BadArgument("--csv must be a directory, but was " + value);
            }
        }
    }
}
