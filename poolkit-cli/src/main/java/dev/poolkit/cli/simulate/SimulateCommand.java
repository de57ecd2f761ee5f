package dev.poolkit.cli.simulate;

import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.sim.ComparisonReport;
import dev.poolkit.balance.sim.ComparisonReport.Format;
import dev.poolkit.balance.sim.Scenarios;
import dev.poolkit.balance.sim.Simulator;
import dev.poolkit.balance.sim.TrafficResult;
import dev.poolkit.balance.sim.TrafficScenario;
import dev.poolkit.balance.sim.TrialsResult;
import dev.poolkit.balance.sim.TrialsScenario;
import dev.poolkit.balance.strategy.StrategyRegistry;
import dev.poolkit.cli.HelpOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code poolkit simulate}: runs host-selection strategies on simulated scenarios (poolkit-balance's
 * {@link Simulator}) and compares them: tables on standard output, a progress bar on standard
 * error, and optionally the curves as CSV files and charts as PNG and SVG. Every argument is
 * checked before any simulation starts. The front end of the simulator, as Caffeine's simulator has
 * its picocli {@code Simulate}.
 */
@Command(
        name = "simulate",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs host-selection strategies on simulated scenarios and compares them.",
            "Prints the tables of docs/strategies.md (regret, re-convergence, traffic success and latency);"
                    + " --csv and --chart also write the curves and draw them."
        },
        footerHeading = "%n",
        footer = {"Exit status: 0 done, 1 an output file could not be written, 2 a bad argument (nothing has run)."})
public final class SimulateCommand implements Callable<Integer> {

    /** Runs per trials scenario and strategy when {@code --seeds} is not given. */
    public static final int DEFAULT_SEEDS = 200;
    /** Runs per traffic scenario and strategy when {@code --traffic-seeds} is not given. */
    public static final int DEFAULT_TRAFFIC_SEEDS = 20;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            completionCandidates = ScenarioNames.class,
            description = "A scenario by name, built-in or held out; repeatable. Default: the --set."
                    + " One of: ${COMPLETION-CANDIDATES}.")
    private List<String> scenarioNames = new ArrayList<>();

    @Option(
            names = "--set",
            paramLabel = "SET",
            description = "built-in (the default), held-out or all; not with --scenario.")
    private String set;

    @Option(
            names = "--strategy",
            paramLabel = "NAME",
            completionCandidates = StrategyNames.class,
            description = "A strategy by name or form; repeatable. Default: every registered one."
                    + " Names and forms: ${COMPLETION-CANDIDATES}.")
    private List<String> strategyNames = new ArrayList<>();

    @Option(
            names = "--seeds",
            paramLabel = "N",
            description = "Runs per trials scenario and strategy, seeds 0..N-1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + DEFAULT_SEEDS)
    private int seeds;

    @Option(
            names = "--traffic-seeds",
            paramLabel = "N",
            description = "Runs per traffic scenario and strategy (default: ${DEFAULT-VALUE}; 0 skips traffic).",
            defaultValue = "" + DEFAULT_TRAFFIC_SEEDS)
    private int trafficSeeds;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads that run seeds (default: the number of processors). Results do not depend on it.")
    private Integer threads;

    @Option(
            names = "--csv",
            paramLabel = "DIR",
            description = "Also write trials.csv (running mean score and cumulative regret per trial)"
                    + " and traffic.csv (each host's share per simulated second) into DIR.")
    private Path csv;

    @Option(
            names = "--chart",
            paramLabel = "DIR",
            description = "Also draw one chart per scenario into DIR, as <scenario>.png and <scenario>.svg.")
    private Path chart;

    @Option(
            names = "--markdown",
            description = "Print the tables as Markdown (as in docs/strategies.md) instead of aligned text.")
    private boolean markdown;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            description = "auto (the default: a bar on a terminal, a line every 10 s otherwise), bar, lines or off.",
            defaultValue = "auto",
            converter = ModeConverter.class)
    private Progress.Mode progress;

    /** Creates the command; picocli sets its options from the command line. */
    public SimulateCommand() {}

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Progress reporter = new Progress(
                err, resolve(progress), Terminal.columns(), System::nanoTime, plan.workPerRun(), plan.totalWork());
        Simulator simulator = Simulator.builder()
                .parallelism(threads == null ? Runtime.getRuntime().availableProcessors() : threads)
                .progress(reporter)
                .build();
        List<SectionResult> results = new ArrayList<>();
        for (Section section : plan.sections()) {
            List<TrialsResult> trials = new ArrayList<>();
            for (TrialsScenario scenario : section.trials()) {
                plan.strategies()
                        .forEach((name, factory) -> trials.add(simulator.runTrials(scenario, name, factory, seeds)));
            }
            List<TrafficResult> traffic = new ArrayList<>();
            for (TrafficScenario scenario : section.traffic()) {
                plan.strategies()
                        .forEach((name, factory) ->
                                traffic.add(simulator.runTraffic(scenario, name, factory, trafficSeeds)));
            }
            results.add(new SectionResult(section.title(), trials, traffic));
        }
        reporter.finish();

        Format format = markdown ? Format.MARKDOWN : Format.TEXT;
        for (SectionResult section : results) {
            print(out, format, section, plan.strategies().keySet().stream().toList());
        }
        out.flush();

        List<TrialsResult> allTrials =
                results.stream().flatMap(s -> s.trials().stream()).toList();
        List<TrafficResult> allTraffic =
                results.stream().flatMap(s -> s.traffic().stream()).toList();
        if (csv != null) {
            writeCsv(csv.resolve("trials.csv"), w -> ComparisonReport.trialsCsv(allTrials, w));
            writeCsv(csv.resolve("traffic.csv"), w -> ComparisonReport.trafficCsv(allTraffic, w));
            err.println("simulate: wrote " + csv.resolve("trials.csv") + " and " + csv.resolve("traffic.csv"));
        }
        if (chart != null) {
            Map<String, TrafficScenario> byName = new LinkedHashMap<>();
            plan.sections().forEach(s -> s.traffic().forEach(t -> byName.put(t.name(), t)));
            try {
                List<Path> files = Charts.write(chart, allTrials, allTraffic, byName);
                int count = files.size() / 2;
                err.printf(
                        Locale.ROOT,
                        "simulate: drew %d %s in %s (PNG and SVG)%n",
                        count,
                        count == 1 ? "chart" : "charts",
                        chart);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the charts in " + chart + ": " + e.getMessage(), e);
            }
        }
        err.flush();
        return 0;
    }

    private static void print(PrintWriter out, Format format, SectionResult section, List<String> strategies) {
        if (section.title() != null) {
            out.print(
                    format == Format.MARKDOWN
                            ? "## " + section.title() + "\n\n"
                            : section.title() + "\n"
                                    + "=".repeat(section.title().length()) + "\n\n");
        }
        if (!section.trials().isEmpty()) {
            out.print(ComparisonReport.trials(section.trials(), format));
            if (strategies.contains(StrategyRegistry.DEFAULT) && strategies.size() > 1) {
                out.print(format.heading(
                        "The default (" + StrategyRegistry.DEFAULT + ") against the best strategy of each scenario"));
                out.println(ComparisonReport.ratioToBest(section.trials(), StrategyRegistry.DEFAULT, format));
            }
        }
        if (!section.traffic().isEmpty()) {
            out.println(ComparisonReport.traffic(section.traffic(), format));
        }
    }

    private static void writeCsv(Path file, java.util.function.Consumer<Writer> content) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            content.accept(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Progress.Mode resolve(Progress.Mode mode) {
        if (mode != Progress.Mode.AUTO) {
            return mode;
        }
        return Terminal.stderrIsTerminal() ? Progress.Mode.BAR : Progress.Mode.LINES;
    }

    // ------------------------------------------------------------------ checking the arguments

    /** Checks every argument and resolves every name; nothing has run yet. */
    private Plan plan() {
        check(seeds >= 1, "--seeds must be an integer >= 1, but was " + seeds);
        check(trafficSeeds >= 0, "--traffic-seeds must be an integer >= 0, but was " + trafficSeeds);
        check(threads == null || threads >= 1, "--threads must be an integer >= 1, but was " + threads);
        check(set == null || scenarioNames.isEmpty(), "--set " + set + " cannot be combined with --scenario");
        List<Section> sections = new ArrayList<>();
        if (!scenarioNames.isEmpty()) {
            sections.add(chosen());
        } else {
            String s = set == null ? "built-in" : set;
            switch (s) {
                case "built-in" -> sections.add(builtIn());
                case "held-out" -> sections.add(heldOut());
                case "all" -> {
                    sections.add(builtIn());
                    sections.add(heldOut());
                }
                default -> throw usage("--set must be built-in, held-out or all, but was " + s);
            }
        }
        if (trafficSeeds == 0) {
            sections.replaceAll(s -> new Section(s.title(), s.trials(), List.of()));
        }
        Map<String, StrategyFactory> strategies = new LinkedHashMap<>();
        for (String name : strategyNames.isEmpty() ? StrategyRegistry.names() : strategyNames) {
            Optional<StrategyFactory> factory;
            try {
                factory = StrategyRegistry.find(name);
            } catch (IllegalArgumentException e) {
                throw usage("--strategy " + name + ": " + e.getMessage());
            }
            strategies.put(
                    name,
                    factory.orElseThrow(() -> usage(
                            "--strategy must be a registered name or form (--help lists them), but was " + name)));
        }
        directory("--csv", csv);
        directory("--chart", chart);
        return new Plan(sections, strategies, seeds, trafficSeeds);
    }

    private Section chosen() {
        List<TrialsScenario> trials = new ArrayList<>();
        List<TrafficScenario> traffic = new ArrayList<>();
        for (String name : scenarioNames) {
            Optional<TrialsScenario> t = Scenarios.trials(name);
            Optional<TrafficScenario> f = Scenarios.traffic(name);
            if (t.isPresent()) {
                trials.add(t.get());
            } else if (f.isPresent()) {
                traffic.add(f.get());
            } else {
                throw usage("--scenario must be a built-in or held-out scenario (--help lists them), but was " + name);
            }
        }
        return new Section(null, trials, traffic);
    }

    private static Section builtIn() {
        return new Section("Built-in scenarios", Scenarios.trials(), Scenarios.traffic());
    }

    private static Section heldOut() {
        return new Section("Held-out scenarios", Scenarios.heldOutTrials(), Scenarios.heldOutTraffic());
    }

    /** Creates the output directory now, so that a bad path fails before minutes of simulation. */
    private void directory(String option, Path dir) {
        if (dir == null) {
            return;
        }
        check(!Files.exists(dir) || Files.isDirectory(dir), option + " must be a directory, but was the file " + dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + option + " directory " + dir + ": " + e, e);
        }
        check(Files.isWritable(dir), option + " must be a writable directory, but " + dir + " is not writable");
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw usage(message);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static <T> List<T> all(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** A titled group of scenarios, printed together; the title is null for scenarios chosen by name. */
    private record Section(String title, List<TrialsScenario> trials, List<TrafficScenario> traffic) {}

    /** A section's results. */
    private record SectionResult(String title, List<TrialsResult> trials, List<TrafficResult> traffic) {}

    /** What will run: the sections, the strategies by name, and the seeds. */
    private record Plan(List<Section> sections, Map<String, StrategyFactory> strategies, int seeds, int trafficSeeds) {

        /** One run's weight per scenario: simulated requests times hosts. */
        Map<String, Long> workPerRun() {
            Map<String, Long> work = new LinkedHashMap<>();
            for (Section s : sections) {
                s.trials().forEach(t -> work.put(t.name(), (long) t.steps() * t.hostCount()));
                s.traffic().forEach(t -> work.put(t.name(), requests(t) * t.hostCount()));
            }
            return work;
        }

        long totalWork() {
            long total = 0;
            for (Section s : sections) {
                for (TrialsScenario t : s.trials()) {
                    total += (long) t.steps() * t.hostCount() * seeds * strategies.size();
                }
                for (TrafficScenario t : s.traffic()) {
                    total += requests(t) * t.hostCount() * trafficSeeds * strategies.size();
                }
            }
            return total;
        }

        private static long requests(TrafficScenario t) {
            return (long) Math.ceil(t.ratePerSecond() * t.duration().toMillis() / 1000.0);
        }
    }

    /** Parses {@code --progress}, in any case, with a message listing the choices. */
    static final class ModeConverter implements CommandLine.ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            for (Progress.Mode mode : Progress.Mode.values()) {
                if (mode.name().equalsIgnoreCase(value)) {
                    return mode;
                }
            }
            throw new CommandLine.TypeConversionException("must be auto, bar, lines or off, but was '" + value + "'");
        }
    }

    /** Every scenario name, for the help and shell completion: trials, then traffic, built-in before held out. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            all(Scenarios.trials(), Scenarios.heldOutTrials()).forEach(s -> names.add(s.name()));
            all(Scenarios.traffic(), Scenarios.heldOutTraffic()).forEach(s -> names.add(s.name()));
            return names.iterator();
        }
    }

    /** The registered strategy names, then the forms that configure any other. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>(StrategyRegistry.names());
            names.addAll(StrategyRegistry.forms());
            return names.iterator();
        }
    }
}
