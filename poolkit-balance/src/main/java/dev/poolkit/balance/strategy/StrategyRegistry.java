package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.Ticker;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The strategies by name: the built-in configurations, the forms that give any other
 * configuration, and the recommended default.
 *
 * <p><b>Names.</b> {@link #names()} lists the built-in configurations: {@code round-robin}
 * (pooly's default), {@code random}, {@code softmax(0.1)}, {@code softmax(0.5)}, {@code
 * softmax(0.9)}, {@code epsilon-greedy(0.1)}, {@code epsilon-greedy(0.5)}, {@code
 * epsilon-greedy(0.9)} (pooly's six published settings), {@code ucb1}, {@code thompson(1.0)} (plain
 * Thompson sampling), {@code thompson(0.99)} (discounted), {@code p2c-least-outstanding}, {@code
 * p2c-peak-ewma} and {@code thompson-cd} (the recommended default, {@link
 * ChangeDetectingThompson}). {@link #forms()} lists every form {@link #find} accepts, each kind
 * with its parameters:
 *
 * <ul>
 *   <li>{@code round-robin}, {@code random}, {@code p2c-least-outstanding}: no parameters;
 *   <li>{@code softmax(T)}: {@link SoftMax} at temperature T;
 *   <li>{@code epsilon-greedy(E)} and {@code epsilon-greedy(E,D,M)}: {@link EpsilonGreedy} with
 *       exploration E, decay rate D and floor M;
 *   <li>{@code ucb1} and {@code ucb1(C)}: {@link Ucb1} with exploration factor C (1 by default);
 *   <li>{@code thompson(D)}: {@link ThompsonSampling} with discount D (1 for none);
 *   <li>{@code p2c-peak-ewma} and {@code p2c-peak-ewma(key=value,...)}: {@link
 *       PowerOfTwoChoices#peakEwma(Duration, Duration, Ticker, RandomGenerator)} with keys {@code
 *       decay} and {@code failurePenalty}, ISO-8601 durations such as {@code PT10S};
 *   <li>{@code thompson-cd} and {@code thompson-cd(key=value,...)}: {@link
 *       ChangeDetectingThompson} with any of the keys of {@link ChangeDetectingThompson.Config}
 *       ({@code probeInterval} an ISO-8601 duration), the others at their defaults.
 * </ul>
 *
 * <p>Numbers are written as {@link Double#toString} writes them. Every strategy's {@link
 * Strategy#name()} is in one of these forms and names its configuration exactly: {@code
 * find(s.name())} creates a strategy with the same configuration as {@code s}.
 *
 * <p>Immutable and thread-safe.
 */
public final class StrategyRegistry {
    /** The name of the recommended default strategy. */
    public static final String DEFAULT = "thompson-cd";

    private static final List<String> NAMES = List.of(
            "round-robin",
            "random",
            "softmax(0.1)",
            "softmax(0.5)",
            "softmax(0.9)",
            "epsilon-greedy(0.1)",
            "epsilon-greedy(0.5)",
            "epsilon-greedy(0.9)",
            "ucb1",
            "thompson(1.0)",
            "thompson(0.99)",
            "p2c-least-outstanding",
            "p2c-peak-ewma",
            DEFAULT);

    private static final List<String> FORMS = List.of(
            "round-robin",
            "random",
            "softmax(T)",
            "epsilon-greedy(E)",
            "epsilon-greedy(E,D,M)",
            "ucb1",
            "ucb1(C)",
            "thompson(D)",
            "p2c-least-outstanding",
            "p2c-peak-ewma",
            "p2c-peak-ewma(decay=DURATION,failurePenalty=DURATION)",
            "thompson-cd",
            "thompson-cd(window=N,delta=X,agingLoss=X,floor=X,sharpness=X,probeInterval=DURATION,"
                    + "maxEvidence=X,outstandingWeight=X)");

    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    /** Per kind (the name up to its parameters): the factory for the parameters, or null if malformed. */
    private static final Map<String, Function<List<String>, StrategyFactory>> KINDS = kinds();

    private StrategyRegistry() {}

    private static Map<String, Function<List<String>, StrategyFactory>> kinds() {
        Map<String, Function<List<String>, StrategyFactory>> m = new LinkedHashMap<>();
        m.put("round-robin", args -> args.isEmpty() ? (random, ticker) -> new RoundRobin() : null);
        m.put("random", args -> args.isEmpty() ? (random, ticker) -> new UniformRandom(random) : null);
        m.put("softmax", args -> {
            Double t = args.size() == 1 ? number(args.get(0)) : null;
            return t == null ? null : (random, ticker) -> new SoftMax(t, random);
        });
        m.put("epsilon-greedy", args -> {
            if (args.size() == 1 && number(args.get(0)) != null) {
                double e = number(args.get(0));
                return (random, ticker) -> new EpsilonGreedy(e, random);
            }
            if (args.size() == 3 && args.stream().allMatch(a -> number(a) != null)) {
                double e = number(args.get(0));
                double d = number(args.get(1));
                double min = number(args.get(2));
                return (random, ticker) -> new EpsilonGreedy(e, d, min, random);
            }
            return null;
        });
        m.put("ucb1", args -> {
            if (args.isEmpty()) {
                return (random, ticker) -> new Ucb1();
            }
            Double c = args.size() == 1 ? number(args.get(0)) : null;
            return c == null ? null : (random, ticker) -> new Ucb1(c);
        });
        m.put("thompson", args -> {
            Double d = args.size() == 1 ? number(args.get(0)) : null;
            return d == null ? null : (random, ticker) -> new ThompsonSampling(d, random);
        });
        m.put(
                "p2c-least-outstanding",
                args -> args.isEmpty() ? (random, ticker) -> PowerOfTwoChoices.leastOutstanding(random) : null);
        m.put("p2c-peak-ewma", args -> {
            Map<String, String> values = keyValues(args, List.of("decay", "failurePenalty"));
            if (values == null) {
                return null;
            }
            Duration decay = duration(values.getOrDefault("decay", PowerOfTwoChoices.DEFAULT_DECAY.toString()));
            Duration penalty = duration(
                    values.getOrDefault("failurePenalty", PowerOfTwoChoices.DEFAULT_FAILURE_PENALTY.toString()));
            if (decay == null || penalty == null) {
                return null;
            }
            return (random, ticker) -> PowerOfTwoChoices.peakEwma(decay, penalty, ticker, random);
        });
        m.put(DEFAULT, args -> {
            ChangeDetectingThompson.Config config = changeDetectingConfig(args);
            return config == null ? null : (random, ticker) -> new ChangeDetectingThompson(config, ticker, random);
        });
        return m;
    }

    /**
     * Returns the built-in configurations, in a fixed order (pooly's first, the default last).
     *
     * @return an immutable list of names
     */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Returns the forms {@link #find} accepts, with placeholders for the parameters: {@code T},
     * {@code E}, {@code D}, {@code M}, {@code C}, {@code X} numbers, {@code N} an integer, {@code
     * DURATION} an ISO-8601 duration. A {@code key=value} list may give any subset of its keys, in
     * any order.
     *
     * @return an immutable list
     */
    public static List<String> forms() {
        return FORMS;
    }

    /**
     * Returns the pooly strategies: round-robin and the six published softmax and epsilon-greedy
     * settings.
     *
     * @return an immutable list of names
     */
    public static List<String> poolyNames() {
        return NAMES.stream()
                .filter(n -> n.equals("round-robin") || n.startsWith("softmax(") || n.startsWith("epsilon-greedy("))
                .toList();
    }

    /**
     * Returns the factory of a name in one of the {@link #forms()}.
     *
     * @param name the name, for example {@code softmax(0.2)} or {@code thompson-cd(window=20)}
     * @return the factory, or empty if the name is in none of the forms
     * @throws IllegalArgumentException if the name is in a form but a parameter is out of range,
     *     for example {@code softmax(0)}
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<StrategyFactory> find(String name) {
        requireNonNull(name, "name");
        String kind = name;
        List<String> args = List.of();
        int open = name.indexOf('(');
        if (open >= 0) {
            if (!name.endsWith(")") || open == name.length() - 2) {
                return Optional.empty();
            }
            kind = name.substring(0, open);
            args = List.of(name.substring(open + 1, name.length() - 1).split(",", -1));
        }
        Function<List<String>, StrategyFactory> parser = KINDS.get(kind);
        StrategyFactory factory = parser == null ? null : parser.apply(args);
        if (factory == null) {
            return Optional.empty();
        }
        // Create one now, so that a parameter out of range fails where the name is given.
        factory.create(new SplittableRandom(0), Ticker.system());
        return Optional.of(factory);
    }

    /**
     * Returns the factory of {@code name}, failing if it is in none of the forms.
     *
     * @param name the name
     * @return the factory
     * @throws IllegalArgumentException if the name is in none of the forms, or a parameter is out
     *     of range
     * @throws NullPointerException if {@code name} is null
     */
    public static StrategyFactory factory(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "strategy must be one of " + NAMES + " or of the forms " + FORMS + ", but was " + name));
    }

    /**
     * Returns the factory of the recommended default, {@value #DEFAULT}.
     *
     * @return the default factory
     */
    public static StrategyFactory defaultFactory() {
        return StrategyRegistry::defaultStrategy;
    }

    /**
     * Creates the recommended default strategy, {@link ChangeDetectingThompson} with its default
     * settings: the one a service uses when nothing is configured.
     *
     * @param seedSource drawn from once for the seed
     * @param ticker the time source (for probes of idle hosts)
     * @return a new strategy
     * @throws NullPointerException if an argument is null
     */
    public static Strategy defaultStrategy(RandomGenerator seedSource, Ticker ticker) {
        return new ChangeDetectingThompson(ChangeDetectingThompson.Config.defaults(), ticker, seedSource);
    }

    /**
     * Creates the recommended default strategy on the system ticker, seeded from {@link
     * RandomGenerator#getDefault()}.
     *
     * @return a new strategy
     */
    public static Strategy defaultStrategy() {
        return defaultStrategy(RandomGenerator.getDefault(), Ticker.system());
    }

    /** A decimal number (as {@link Double#toString} writes them), or null. */
    private static Double number(String text) {
        return DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : null;
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code key=value} arguments with known, distinct keys; empty for no arguments; null if malformed. */
    private static Map<String, String> keyValues(List<String> args, List<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0 || !keys.contains(arg.substring(0, eq)) || values.containsKey(arg.substring(0, eq))) {
                return null;
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return values;
    }

    private static ChangeDetectingThompson.Config changeDetectingConfig(List<String> args) {
        List<String> keys = List.of(
                "window",
                "delta",
                "agingLoss",
                "floor",
                "sharpness",
                "probeInterval",
                "maxEvidence",
                "outstandingWeight");
        Map<String, String> values = keyValues(args, keys);
        if (values == null) {
            return null;
        }
        ChangeDetectingThompson.Config.Builder builder = ChangeDetectingThompson.Config.builder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String value = e.getValue();
            if (e.getKey().equals("probeInterval")) {
                Duration d = duration(value);
                if (d == null) {
                    return null;
                }
                builder.probeInterval(d);
                continue;
            }
            if (e.getKey().equals("window")) {
                if (!value.matches("[0-9]{1,9}")) {
                    return null;
                }
                builder.window(Integer.parseInt(value));
                continue;
            }
            Double x = number(value);
            if (x == null) {
                return null;
            }
            switch (e.getKey()) {
                case "delta" -> builder.delta(x);
                case "agingLoss" -> builder.agingLoss(x);
                case "floor" -> builder.floor(x);
                case "sharpness" -> builder.sharpness(x);
                case "maxEvidence" -> builder.maxEvidence(x);
                default -> builder.outstandingWeight(x);
            }
        }
        return builder.build();
    }
}
