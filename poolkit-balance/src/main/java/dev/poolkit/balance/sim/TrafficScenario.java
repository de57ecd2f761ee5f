package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.HostScoreConfig;
import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A traffic scenario: Poisson arrivals at a fixed rate over a simulated duration, hosts whose
 * {@link Behaviour} (latency distribution, error rate, both possibly varying over time) changes at
 * given times, and a request timeout.
 *
 * <p>Build one with {@link #builder(String)}; every setting not given keeps its public default
 * (11 hosts, 1,000 requests per second, 60 s, a 1 s timeout, log-normal answers with a 10 ms
 * median, pooly's default scores):
 *
 * <pre>{@code
 * TrafficScenario slowHost = TrafficScenario.builder("slow-host")
 *         .change(Duration.ofSeconds(15), 0, Behaviour.healthy(Latency.constant(Duration.ofSeconds(2))))
 *         .change(Duration.ofSeconds(45), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
 *         .watch(0, Duration.ofSeconds(15), Duration.ofSeconds(45))
 *         .build();
 * }</pre>
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
 *     for the share figures of {@link TrafficResult}; within the duration
 * @param scores the settings of the hosts' pooly scores
 */
public record TrafficScenario(
        String name,
        int hostCount,
        double ratePerSecond,
        Duration duration,
        Duration timeout,
        Behaviour normal,
        List<Change> changes,
        Watch watch,
        HostScoreConfig scores) {
    /** The default number of hosts: 11. */
    public static final int DEFAULT_HOSTS = 11;
    /** The default arrival rate: 1,000 requests per simulated second. */
    public static final double DEFAULT_RATE_PER_SECOND = 1000.0;
    /** The default simulated duration: 60 s. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    /** The default request timeout: 1 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** The default response time: log-normal with a 10 ms median and sigma 0.5 (p99 about 32 ms). */
    public static final Latency DEFAULT_LATENCY = Latency.logNormal(Duration.ofMillis(10), 0.5);
    /** The default behaviour: always answers, in {@link #DEFAULT_LATENCY}. */
    public static final Behaviour DEFAULT_BEHAVIOUR = Behaviour.healthy(DEFAULT_LATENCY);

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
        requireNonNull(scores, "scores");
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
                    change.host() < hostCount,
                    "change.host must be below hostCount (%d), but was %d",
                    hostCount,
                    change.host());
        }
        Checks.argument(
                watch.host() < hostCount,
                "watch.host must be below hostCount (%d), but was %d",
                hostCount,
                watch.host());
        Checks.argument(
                watch.to().compareTo(duration) <= 0,
                "watch.to must be at most the duration (%s), but was %s",
                duration,
                watch.to());
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
        Builder builder = new Builder(name)
                .hosts(hostCount)
                .ratePerSecond(ratePerSecond)
                .duration(duration)
                .timeout(timeout)
                .normal(normal)
                .watch(watch.host(), watch.from(), watch.to())
                .scores(scores);
        changes.forEach(c -> builder.change(c.at(), c.host(), c.behaviour()));
        return builder;
    }

    /**
     * How a host answers.
     *
     * @param latency the response time of answers
     * @param errorRate the probability over time that a request fails with an error instead;
     *     values outside {@code [0, 1]} fail the run that reads them
     * @param errorLatency how long an error takes to arrive
     */
    public record Behaviour(Latency latency, Profile errorRate, Latency errorLatency) {
        /**
         * Validates the behaviour.
         *
         * @throws NullPointerException if an argument is null
         */
        public Behaviour {
            requireNonNull(latency, "latency");
            requireNonNull(errorRate, "errorRate");
            requireNonNull(errorLatency, "errorLatency");
        }

        /**
         * A host that always answers, with the given response time.
         *
         * @param latency the response time
         * @return the behaviour
         * @throws NullPointerException if {@code latency} is null
         */
        public static Behaviour healthy(Latency latency) {
            return new Behaviour(latency, Profile.constant(0.0), Latency.constant(Duration.ZERO));
        }

        /**
         * A host that fails every request after {@code errorLatency}.
         *
         * @param errorLatency how long an error takes, not negative
         * @return the behaviour
         * @throws IllegalArgumentException if {@code errorLatency} is negative
         * @throws NullPointerException if {@code errorLatency} is null
         */
        public static Behaviour failing(Duration errorLatency) {
            Latency error = Latency.constant(errorLatency);
            return new Behaviour(error, Profile.constant(1.0), error);
        }

        /**
         * A host that answers with {@code latency} but fails a share of requests, after {@code
         * errorLatency}.
         *
         * @param latency the response time of answers
         * @param errorRate the constant error probability in {@code [0, 1]}
         * @param errorLatency how long an error takes
         * @return the behaviour
         * @throws IllegalArgumentException if {@code errorRate} is outside {@code [0, 1]}
         * @throws NullPointerException if an argument is null
         */
        public static Behaviour erring(Latency latency, double errorRate, Latency errorLatency) {
            Checks.unitInterval("errorRate", errorRate);
            return new Behaviour(latency, Profile.constant(errorRate), errorLatency);
        }
    }

    /**
     * From {@code at} on, {@code host} behaves as {@code behaviour}.
     *
     * @param at simulated time since the start, not negative
     * @param host the host's index, {@code >= 0}
     * @param behaviour the new behaviour
     */
    public record Change(Duration at, int host, Behaviour behaviour) {
        /**
         * Validates the change.
         *
         * @throws IllegalArgumentException if {@code at} or {@code host} is negative
         * @throws NullPointerException if an argument is null
         */
        public Change {
            requireNonNull(at, "at");
            requireNonNull(behaviour, "behaviour");
            Checks.argument(!at.isNegative(), "at must not be negative, but was %s", at);
            Checks.argument(host >= 0, "host must be >= 0, but was %d", host);
        }
    }

    /**
     * The host and the period of simulated time a scenario is about.
     *
     * @param host the host's index
     * @param from the start of the period, not negative
     * @param to the end of the period, after {@code from}
     */
    public record Watch(int host, Duration from, Duration to) {
        /**
         * Validates the watch.
         *
         * @throws IllegalArgumentException if {@code host} or {@code from} is negative or the
         *     period is empty
         * @throws NullPointerException if an argument is null
         */
        public Watch {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            Checks.argument(host >= 0, "host must be >= 0, but was %d", host);
            Checks.argument(!from.isNegative(), "from must not be negative, but was %s", from);
            Checks.argument(to.compareTo(from) > 0, "to must be after from (%s), but was %s", from, to);
        }
    }

    /**
     * Collects the values of a {@link TrafficScenario}, starting from the public defaults;
     * validation happens in {@link #build()}. The watch defaults to host 0 over the whole
     * duration.
     */
    public static final class Builder {
        private final String name;
        private int hosts = DEFAULT_HOSTS;
        private double ratePerSecond = DEFAULT_RATE_PER_SECOND;
        private Duration duration = DEFAULT_DURATION;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Behaviour normal = DEFAULT_BEHAVIOUR;
        private final List<Change> changes = new ArrayList<>();
        private Watch watch;
        private HostScoreConfig scores = HostScoreConfig.defaults();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the number of hosts.
         *
         * @param hosts at least 1
         * @return this builder
         */
        public Builder hosts(int hosts) {
            this.hosts = hosts;
            return this;
        }

        /**
         * Sets the mean arrival rate.
         *
         * @param ratePerSecond requests per simulated second, positive
         * @return this builder
         */
        public Builder ratePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /**
         * Sets the simulated duration.
         *
         * @param duration at least 1 s
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * Sets the request timeout.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets every host's behaviour at time 0.
         *
         * @param normal the behaviour
         * @return this builder
         */
        public Builder normal(Behaviour normal) {
            this.normal = normal;
            return this;
        }

        /**
         * Adds a change: from {@code at} on, {@code host} behaves as {@code behaviour}.
         *
         * @param at simulated time since the start, not negative
         * @param host the host's index
         * @param behaviour the new behaviour
         * @return this builder
         * @throws IllegalArgumentException if {@code at} or {@code host} is negative
         * @throws NullPointerException if {@code at} or {@code behaviour} is null
         */
        public Builder change(Duration at, int host, Behaviour behaviour) {
            changes.add(new Change(at, host, behaviour));
            return this;
        }

        /**
         * Sets the host and period the share figures are about.
         *
         * @param host the host's index
         * @param from the start of the period
         * @param to the end of the period
         * @return this builder
         * @throws IllegalArgumentException if the watch is invalid
         * @throws NullPointerException if {@code from} or {@code to} is null
         */
        public Builder watch(int host, Duration from, Duration to) {
            this.watch = new Watch(host, from, to);
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
         * @throws IllegalArgumentException if a value is out of range
         * @throws NullPointerException if a value is null
         */
        public TrafficScenario build() {
            Watch w = watch != null ? watch : new Watch(0, Duration.ZERO, requireNonNull(duration, "duration"));
            return new TrafficScenario(name, hosts, ratePerSecond, duration, timeout, normal, changes, w, scores);
        }
    }
}
