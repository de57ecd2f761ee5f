package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A trials scenario (pooly's model): one request at a time, one every {@link #TRIAL_INTERVAL},
 * each a Bernoulli trial with the chosen host's success probability at that moment. Trial {@code
 * k} (counting from 0) happens at simulated time {@code k} ms; each host's success probability is
 * a {@link Profile} over that time, piecewise (phases) or continuous (a drift).
 *
 * <p>Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * TrialsScenario failover = TrialsScenario.builder("failover")
 *         .phase(500, 0.9, 0.1, 0.1)
 *         .phase(500, 0.1, 0.1, 0.9)
 *         .build();
 * TrialsScenario drift = TrialsScenario.builder("drift")
 *         .steps(2000)
 *         .host(Profile.linear(Duration.ZERO, 0.9, Duration.ofMillis(2000), 0.3))
 *         .host(Profile.constant(0.6))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the scenario's name
 * @param steps the number of trials, at least 1
 * @param hosts each host's success probability over time, in host order; at least one host;
 *     values outside {@code [0, 1]} fail the run that reads them
 * @param scores the settings of the hosts' pooly scores (which SoftMax and EpsilonGreedy read)
 */
public record TrialsScenario(String name, int steps, List<Profile> hosts, HostScoreConfig scores) {
    /** The simulated time between two trials: 1 ms (pooly's simulation sleeps 1 ms per trial). */
    public static final Duration TRIAL_INTERVAL = Duration.ofMillis(1);
    /** The number of trials when neither phases nor {@link Builder#steps(int)} say otherwise. */
    public static final int DEFAULT_STEPS = 1000;
    /**
     * The score settings of pooly's simulation: decay over one minute, recomputed every trial
     * (every millisecond).
     */
    public static final HostScoreConfig DEFAULT_SCORES = HostScoreConfig.builder()
            .decayDuration(Duration.ofMinutes(1))
            .memoizeInterval(TRIAL_INTERVAL)
            .build();

    /**
     * Validates the scenario.
     *
     * @throws IllegalArgumentException if {@code steps} is less than 1 or there is no host
     * @throws NullPointerException if an argument is null
     */
    public TrialsScenario {
        requireNonNull(name, "name");
        requireNonNull(scores, "scores");
        hosts = List.copyOf(hosts);
        Checks.argument(steps >= 1, "steps must be >= 1, but was %d", steps);
        Checks.argument(!hosts.isEmpty(), "hosts must not be empty, but was %s", hosts);
    }

    /**
     * Returns a builder for a scenario of this name, with the defaults.
     *
     * @param name the scenario's name
     * @return a new builder
     * @throws NullPointerException if {@code name} is null
     */
    public static Builder builder(String name) {
        return new Builder(requireNonNull(name, "name"));
    }

    /**
     * Returns a builder holding this scenario's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder(name).steps(steps).scores(scores);
        hosts.forEach(builder::host);
        return builder;
    }

    /**
     * Returns the number of hosts.
     *
     * @return at least 1
     */
    public int hostCount() {
        return hosts.size();
    }

    /**
     * Collects the values of a {@link TrialsScenario}: either phases (every host's probability
     * for a stretch of trials) or one profile per host, not both. Validation happens in {@link
     * #build()}.
     */
    public static final class Builder {
        private final String name;
        private final List<Profile> hosts = new ArrayList<>();
        private final List<double[]> phases = new ArrayList<>();
        private final List<Integer> phaseSteps = new ArrayList<>();
        private int steps = -1;
        private HostScoreConfig scores = DEFAULT_SCORES;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds a phase: {@code trials} trials in which the hosts have these success probabilities.
         * The phases follow each other; the scenario's length is their sum.
         *
         * @param trials the phase's length, at least 1
         * @param probabilities each host's probability in {@code [0, 1]}, in host order; the same
         *     number of hosts in every phase
         * @return this builder
         * @throws IllegalArgumentException if {@code trials} is less than 1, a probability is
         *     outside {@code [0, 1]} or the host count differs from an earlier phase's
         */
        public Builder phase(int trials, double... probabilities) {
            Checks.argument(trials >= 1, "trials must be >= 1, but was %d", trials);
            Checks.argument(
                    phases.isEmpty() || phases.get(0).length == probabilities.length,
                    "probabilities must have %d hosts like the first phase, but had %d",
                    phases.isEmpty() ? 0 : phases.get(0).length,
                    probabilities.length);
            for (double p : probabilities) {
                Checks.unitInterval("probability", p);
            }
            phases.add(probabilities.clone());
            phaseSteps.add(trials);
            return this;
        }

        /**
         * Adds a host with a success probability over time.
         *
         * @param probability the profile; its values must lie in {@code [0, 1]}
         * @return this builder
         * @throws NullPointerException if {@code probability} is null
         */
        public Builder host(Profile probability) {
            hosts.add(requireNonNull(probability, "probability"));
            return this;
        }

        /**
         * Sets the number of trials, for scenarios built from {@link #host(Profile)}.
         *
         * @param steps at least 1
         * @return this builder
         */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets the hosts' score settings.
         *
         * @param scores the settings
         * @return this builder
         */
        public Builder scores(HostScoreConfig scores) {
            this.scores = scores;
            return this;
        }

        /**
         * Builds the scenario.
         *
         * @return the validated scenario
         * @throws IllegalArgumentException if a value is out of range, there is no host, or both
         *     phases and host profiles (or phases and {@link #steps(int)}) were given
         * @throws NullPointerException if a value is null
         */
        public TrialsScenario build() {
            if (phases.isEmpty()) {
                return new TrialsScenario(name, steps < 0 ? DEFAULT_STEPS : steps, hosts, scores);
            }
            Checks.argument(
                    hosts.isEmpty(), "host must not be combined with phase, but %d hosts were added", hosts.size());
            int total = phaseSteps.stream().mapToInt(Integer::intValue).sum();
            Checks.argument(
                    steps < 0 || steps == total, "steps must be the phases' total (%d), but was %d", total, steps);
            List<Profile> profiles = new ArrayList<>();
            for (int h = 0; h < phases.get(0).length; h++) {
                Profile profile = Profile.constant(phases.get(0)[h]);
                long at = phaseSteps.get(0);
                for (int p = 1; p < phases.size(); p++) {
                    if (phases.get(p)[h] != phases.get(p - 1)[h]) {
                        profile = profile.then(TRIAL_INTERVAL.multipliedBy(at), phases.get(p)[h]);
                    }
                    at += phaseSteps.get(p);
                }
                profiles.add(profile);
            }
            return new TrialsScenario(name, total, profiles, scores);
        }
    }
}
