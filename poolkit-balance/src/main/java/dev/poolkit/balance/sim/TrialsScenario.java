package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.util.Arrays;
import java.util.List;

/**
 * A trials scenario (pooly's model): one request at a time, each a Bernoulli trial with the chosen
 * host's success probability; the probabilities are piecewise constant over phases.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the scenario's name
 * @param phases the phases in order, at least one, all with the same number of hosts
 */
public record TrialsScenario(String name, List<Phase> phases) {
    /**
     * Validates the scenario.
     *
     * @throws IllegalArgumentException if there is no phase or the phases differ in host count
     * @throws NullPointerException if an argument is null
     */
    public TrialsScenario {
        requireNonNull(name, "name");
        phases = List.copyOf(phases);
        Checks.argument(!phases.isEmpty(), "phases must not be empty, but was %s", phases);
        int hosts = phases.get(0).hostCount();
        for (Phase phase : phases) {
            Checks.argument(
                    phase.hostCount() == hosts,
                    "phases must all have %d hosts, but one had %d",
                    hosts,
                    phase.hostCount());
        }
    }

    /**
     * Returns the number of hosts.
     *
     * @return at least 1
     */
    public int hostCount() {
        return phases.get(0).hostCount();
    }

    /**
     * Returns the total number of trials.
     *
     * @return the sum of the phases' steps
     */
    public int steps() {
        int steps = 0;
        for (Phase phase : phases) {
            steps += phase.steps();
        }
        return steps;
    }

    /**
     * One stretch of trials with fixed success probabilities.
     *
     * @param steps the number of trials, at least 1
     * @param probabilities each host's success probability in {@code [0, 1]}, in host order; at
     *     least one host
     */
    public record Phase(int steps, double[] probabilities) {
        /**
         * Validates the phase and copies the array.
         *
         * @throws IllegalArgumentException if a value is out of range
         * @throws NullPointerException if {@code probabilities} is null
         */
        public Phase {
            Checks.argument(steps >= 1, "steps must be >= 1, but was %d", steps);
            probabilities = probabilities.clone();
            Checks.argument(
                    probabilities.length >= 1,
                    "probabilities must not be empty, but was %s",
                    Arrays.toString(probabilities));
            for (double p : probabilities) {
                Checks.unitInterval("probability", p);
            }
        }

        /**
         * Creates a phase.
         *
         * @param steps the number of trials
         * @param probabilities the hosts' success probabilities
         * @return the phase
         */
        public static Phase of(int steps, double... probabilities) {
            return new Phase(steps, probabilities);
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        int hostCount() {
            return probabilities.length;
        }

        double probability(int host) {
            return probabilities[host];
        }

        /** The highest success probability of the phase. */
        double best() {
            double best = 0;
            for (double p : probabilities) {
                best = Math.max(best, p);
            }
            return best;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Phase p && p.steps == steps && Arrays.equals(p.probabilities, probabilities);
        }

        @Override
        public int hashCode() {
            return 31 * steps + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return "Phase[steps=" + steps + ", probabilities=" + Arrays.toString(probabilities) + "]";
        }
    }
}
