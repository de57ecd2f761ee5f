package dev.poolkit.balance.strategy;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.Strategy;
import dev.poolkit.balance.StrategyFactory;
import dev.poolkit.balance.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The named strategies, in a fixed order, and the recommended default.
 *
 * <p>Names: {@code round-robin} (pooly's default), {@code random}, {@code softmax(0.1)}, {@code
 * softmax(0.5)}, {@code softmax(0.9)}, {@code epsilon-greedy(0.1)}, {@code epsilon-greedy(0.5)},
 * {@code epsilon-greedy(0.9)} (pooly's six published settings), {@code ucb1}, {@code
 * thompson(0.99)} (discounted Thompson sampling), {@code p2c-least-outstanding}, {@code
 * p2c-peak-ewma} and {@code thompson-cd} (the recommended default, {@link
 * ChangeDetectingThompson}). {@link #parse(String)} also accepts {@code softmax(T)}, {@code
 * epsilon-greedy(E)} and {@code thompson(D)} with any valid parameter.
 *
 * <p>Immutable and thread-safe.
 */
public final class StrategyRegistry {
    /** The name of the recommended default strategy. */
    public static final String DEFAULT = "thompson-cd";

    private static final Map<String, StrategyFactory> BUILT_IN = builtIn();

    private StrategyRegistry() {}

    private static Map<String, StrategyFactory> builtIn() {
        Map<String, StrategyFactory> m = new LinkedHashMap<>();
        m.put("round-robin", (random, ticker) -> new RoundRobin());
        m.put("random", (random, ticker) -> new UniformRandom(random));
        for (double t : new double[] {0.1, 0.5, 0.9}) {
            m.put("softmax(" + t + ")", (random, ticker) -> new SoftMax(t, random));
        }
        for (double e : new double[] {0.1, 0.5, 0.9}) {
            m.put("epsilon-greedy(" + e + ")", (random, ticker) -> new EpsilonGreedy(e, random));
        }
        m.put("ucb1", (random, ticker) -> new Ucb1());
        m.put(
                "thompson(" + ThompsonSampling.DEFAULT_DISCOUNT + ")",
                (random, ticker) -> new ThompsonSampling(ThompsonSampling.DEFAULT_DISCOUNT, random));
        m.put("p2c-least-outstanding", (random, ticker) -> PowerOfTwoChoices.leastOutstanding(random));
        m.put("p2c-peak-ewma", (random, ticker) -> PowerOfTwoChoices.peakEwma(ticker, random));
        m.put(DEFAULT, StrategyRegistry::defaultStrategy);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Returns the built-in names, in a fixed order (pooly's first, the default last).
     *
     * @return an immutable list
     */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /**
     * Returns the pooly strategies: round-robin and the six published softmax and epsilon-greedy
     * settings.
     *
     * @return an immutable list of names
     */
    public static List<String> poolyNames() {
        List<String> names = new ArrayList<>();
        for (String name : BUILT_IN.keySet()) {
            if (name.equals("round-robin") || name.startsWith("softmax(") || name.startsWith("epsilon-greedy(")) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Returns the factory of a built-in or parameterised name.
     *
     * @param name the name, for example {@code softmax(0.2)}
     * @return the factory, or empty if the name is unknown
     * @throws IllegalArgumentException if the name is known but its parameter is invalid, for
     *     example {@code softmax(0)}
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<StrategyFactory> find(String name) {
        requireNonNull(name, "name");
        StrategyFactory factory = BUILT_IN.get(name);
        if (factory != null) {
            return Optional.of(factory);
        }
        return parse(name);
    }

    /**
     * Returns the factory of {@code name}, failing if it is unknown.
     *
     * @param name the name
     * @return the factory
     * @throws IllegalArgumentException if the name is unknown or its parameter invalid
     * @throws NullPointerException if {@code name} is null
     */
    public static StrategyFactory factory(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException("strategy must be one of " + names()
                        + " (or softmax(T), epsilon-greedy(E), thompson(D))," + " but was " + name));
    }

    /**
     * Returns the factory of the recommended default, {@value #DEFAULT}.
     *
     * @return the default factory
     */
    public static StrategyFactory defaultFactory() {
        return BUILT_IN.get(DEFAULT);
    }

    /**
     * Creates the recommended default strategy, {@link ChangeDetectingThompson} with its default
     * settings: the one {@code Service} and the proxy use when nothing is configured.
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

    private static Optional<StrategyFactory> parse(String name) {
        int open = name.indexOf('(');
        if (open < 0 || !name.endsWith(")")) {
            return Optional.empty();
        }
        String kind = name.substring(0, open);
        double value;
        try {
            value = Double.parseDouble(name.substring(open + 1, name.length() - 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        StrategyFactory factory = switch (kind) {
            case "softmax" -> (random, ticker) -> new SoftMax(value, random);
            case "epsilon-greedy" -> (random, ticker) -> new EpsilonGreedy(value, random);
            case "thompson" -> (random, ticker) -> new ThompsonSampling(value, random);
            case "ucb1" -> (random, ticker) -> new Ucb1(value);
            default -> null;
        };
        if (factory == null) {
            return Optional.empty();
        }
        // Validate the parameter now, so that a bad name fails where it is given.
        factory.create(RandomGenerator.of("L64X128MixRandom"), Ticker.system());
        return Optional.of(factory);
    }
}
