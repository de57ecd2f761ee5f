package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * A traffic scenario: Poisson arrivals at a fixed rate over a simulated duration, hosts whose
 * behaviour (latency distribution, error rate) changes at given times, and a request timeout.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the scenario's name
 * @param hostCount the number of hosts, at least 1
 * @param ratePerSecond mean arrivals per simulated second, positive
 * @param duration the simulated time, at least 1 s
 * @param timeout a request not answered within it fails, positive
 * @param normal every host's behaviour at time 0
 * @param changes behaviour changes, in any order
 * @param watch the host and period the scenario is about (the slow, failing or returning host),
 *     for the share figures of {@link TrafficResult}
 */
public record TrafficScenario(
        String name,
        int hostCount,
        double ratePerSecond,
        Duration duration,
        Duration timeout,
        Behaviour normal,
        List<Change> changes,
        Watch watch) {

    /**
     * Validates the scenario.
     *
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if an argument is null
     */
    public TrafficScenario {
        requireNonNull(name, "name");
        requireNonNull(duration, "duration");
        requireNonNull(timeout, "timeout");
        requireNonNull(normal, "normal");
        requireNonNull(watch, "watch");
        changes = List.copyOf(changes);
        Checks.argument(hostCount >= 1, "hostCount must be >= 1, but was %d", hostCount);
        Checks.argument(
                ratePerSecond > 0 && Double.isFinite(ratePerSecond),
                "ratePerSecond must be > 0, but was %s",
                ratePerSecond);
        Checks.argument(duration.compareTo(Duration.ofSeconds(1)) >= 0, "duration must be >= 1s, but was %s", duration);
        Checks.argument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, but was %s", timeout);
        for (Change change : changes) {
            Checks.argument(
                    change.host() >= 0 && change.host() < hostCount,
                    "host must be between 0 and %d, but was %d",
                    hostCount - 1,
                    change.host());
        }
        Checks.argument(
                watch.host() < hostCount,
                "watch.host must be between 0 and %d, but was %d",
                hostCount - 1,
                watch.host());
    }

    /**
     * How a host answers.
     *
     * @param latency the response time of answers
     * @param errorRate the probability that a request fails with an error instead, in {@code [0,
     *     1]}
     * @param errorLatency how long an error takes to arrive
     */
    public record Behaviour(Latency latency, double errorRate, Duration errorLatency) {
        /**
         * Validates the behaviour.
         *
         * @throws IllegalArgumentException if {@code errorRate} is outside {@code [0, 1]}
         * @throws NullPointerException if an argument is null
         */
        public Behaviour {
            requireNonNull(latency, "latency");
            requireNonNull(errorLatency, "errorLatency");
            Checks.unitInterval("errorRate", errorRate);
        }

        /**
         * A host that always answers, with the given response time.
         *
         * @param latency the response time
         * @return the behaviour
         */
        public static Behaviour healthy(Latency latency) {
            return new Behaviour(latency, 0.0, Duration.ZERO);
        }

        /**
         * A host that fails every request after {@code errorLatency}.
         *
         * @param errorLatency how long an error takes
         * @return the behaviour
         */
        public static Behaviour failing(Duration errorLatency) {
            return new Behaviour(Latency.constant(errorLatency), 1.0, errorLatency);
        }
    }

    /**
     * From {@code at} on, {@code host} behaves as {@code behaviour}.
     *
     * @param at simulated time since the start
     * @param host the host's index
     * @param behaviour the new behaviour
     */
    public record Change(Duration at, int host, Behaviour behaviour) {
        /**
         * Validates the change.
         *
         * @throws NullPointerException if an argument is null
         */
        public Change {
            requireNonNull(at, "at");
            requireNonNull(behaviour, "behaviour");
        }
    }

    /**
     * The host and the period of simulated time a scenario is about.
     *
     * @param host the host's index
     * @param from the start of the period
     * @param to the end of the period, after {@code from}
     */
    public record Watch(int host, Duration from, Duration to) {
        /**
         * Validates the watch.
         *
         * @throws IllegalArgumentException if {@code host} is negative or the period is empty
         * @throws NullPointerException if an argument is null
         */
        public Watch {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            Checks.argument(host >= 0, "host must be >= 0, but was %d", host);
            Checks.argument(to.compareTo(from) > 0, "to must be after from (%s), but was %s", from, to);
        }
    }
}
