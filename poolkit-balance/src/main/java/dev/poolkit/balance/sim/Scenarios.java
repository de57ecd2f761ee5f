package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.sim.TrafficScenario.Behaviour;
import dev.poolkit.balance.sim.TrafficScenario.Change;
import dev.poolkit.balance.sim.TrafficScenario.Watch;
import dev.poolkit.balance.sim.TrialsScenario.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in scenarios.
 *
 * <p>Trials: {@code pooly} (hosts 0.1/0.1/0.9, 250 trials, as published), {@code close-arms}
 * (0.8/0.85/0.9, 1,000 trials), {@code failover} (0.9/0.1/0.1 for 500 trials, then 0.1/0.1/0.9 for
 * 500), {@code recovery} (0.9/0.5/0.5 for 300 trials, the first host fails to 0.1 for 300, then
 * returns to 0.9 for 400) and {@code many-hosts} (100 hosts from 0.05 to 0.8 and one at 0.9, 2,000
 * trials).
 *
 * <p>Traffic (11 hosts, 1,000 requests per second, 60 s, a 1 s timeout, answers log-normal with a
 * median of 10 ms and sigma 0.5): {@code slow-host} (host 0 answers in 2 s from 15 s to 45 s: the
 * Linkerd/Finagle comparison), {@code fast-failer} (host 0 returns errors in 1 ms from 10 s to
 * 50 s), {@code dead-host} (host 0 stops answering from 10 s to 50 s) and {@code herd-recovery}
 * (host 0 refuses every request, in 1 ms, until 20 s, then is healthy; its share is watched from
 * 20 s on).
 *
 * <p>Stateless and thread-safe.
 */
public final class Scenarios {
    private static final int TRAFFIC_HOSTS = 11;
    private static final double TRAFFIC_RATE = 1000.0;
    private static final Duration TRAFFIC_DURATION = Duration.ofSeconds(60);
    private static final Duration TRAFFIC_TIMEOUT = Duration.ofSeconds(1);
    private static final Behaviour NORMAL = Behaviour.healthy(Latency.logNormal(Duration.ofMillis(10), 0.5));

    private Scenarios() {}

    /**
     * Returns the built-in trials scenarios, in the order above.
     *
     * @return an immutable list
     */
    public static List<TrialsScenario> trials() {
        return List.of(pooly(), closeArms(), failover(), recovery(), manyHosts());
    }

    /**
     * Returns the built-in traffic scenarios, in the order above.
     *
     * @return an immutable list
     */
    public static List<TrafficScenario> traffic() {
        return List.of(slowHost(), fastFailer(), deadHost(), herdRecovery());
    }

    /**
     * Finds a trials scenario by name.
     *
     * @param name the name
     * @return the scenario, or empty
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<TrialsScenario> trials(String name) {
        requireNonNull(name, "name");
        return trials().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Finds a traffic scenario by name.
     *
     * @param name the name
     * @return the scenario, or empty
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<TrafficScenario> traffic(String name) {
        requireNonNull(name, "name");
        return traffic().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * pooly's published simulation: hosts 0.1, 0.1 and 0.9, 250 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario pooly() {
        return new TrialsScenario("pooly", List.of(Phase.of(250, 0.1, 0.1, 0.9)));
    }

    /**
     * Hosts that are hard to tell apart: 0.8, 0.85 and 0.9, 1,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario closeArms() {
        return new TrialsScenario("close-arms", List.of(Phase.of(1000, 0.8, 0.85, 0.9)));
    }

    /**
     * The best host fails and another takes its place: 0.9/0.1/0.1 for 500 trials, then
     * 0.1/0.1/0.9 for 500.
     *
     * @return the scenario
     */
    public static TrialsScenario failover() {
        return new TrialsScenario("failover", List.of(Phase.of(500, 0.9, 0.1, 0.1), Phase.of(500, 0.1, 0.1, 0.9)));
    }

    /**
     * A failed host returns to full health: 0.9/0.5/0.5 for 300 trials, 0.1/0.5/0.5 for 300, then
     * 0.9/0.5/0.5 for 400.
     *
     * @return the scenario
     */
    public static TrialsScenario recovery() {
        return new TrialsScenario(
                "recovery",
                List.of(Phase.of(300, 0.9, 0.5, 0.5), Phase.of(300, 0.1, 0.5, 0.5), Phase.of(400, 0.9, 0.5, 0.5)));
    }

    /**
     * 100 hosts: 99 spread evenly from 0.05 to 0.8 and one at 0.9 (index 57), 2,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario manyHosts() {
        double[] p = new double[100];
        for (int i = 0, k = 0; i < p.length; i++) {
            p[i] = i == 57 ? 0.9 : 0.05 + 0.75 * k++ / 98.0;
        }
        return new TrialsScenario("many-hosts", List.of(Phase.of(2000, p)));
    }

    /**
     * The published Linkerd/Finagle comparison: host 0 answers in 2 s from 15 s to 45 s.
     *
     * @return the scenario
     */
    public static TrafficScenario slowHost() {
        Behaviour slow = Behaviour.healthy(Latency.constant(Duration.ofSeconds(2)));
        return traffic(
                "slow-host",
                List.of(new Change(Duration.ofSeconds(15), 0, slow), new Change(Duration.ofSeconds(45), 0, NORMAL)),
                new Watch(0, Duration.ofSeconds(15), Duration.ofSeconds(45)));
    }

    /**
     * Host 0 returns errors in 1 ms from 10 s to 50 s.
     *
     * @return the scenario
     */
    public static TrafficScenario fastFailer() {
        return traffic(
                "fast-failer",
                List.of(
                        new Change(Duration.ofSeconds(10), 0, Behaviour.failing(Duration.ofMillis(1))),
                        new Change(Duration.ofSeconds(50), 0, NORMAL)),
                new Watch(0, Duration.ofSeconds(10), Duration.ofSeconds(50)));
    }

    /**
     * Host 0 stops answering (every request times out) from 10 s to 50 s.
     *
     * @return the scenario
     */
    public static TrafficScenario deadHost() {
        return traffic(
                "dead-host",
                List.of(
                        new Change(Duration.ofSeconds(10), 0, Behaviour.healthy(Latency.never())),
                        new Change(Duration.ofSeconds(50), 0, NORMAL)),
                new Watch(0, Duration.ofSeconds(10), Duration.ofSeconds(50)));
    }

    /**
     * Host 0 refuses every request (an error in 1 ms) until 20 s, then is healthy; its share is
     * watched from 20 s to the end.
     *
     * @return the scenario
     */
    public static TrafficScenario herdRecovery() {
        return traffic(
                "herd-recovery",
                List.of(
                        new Change(Duration.ZERO, 0, Behaviour.failing(Duration.ofMillis(1))),
                        new Change(Duration.ofSeconds(20), 0, NORMAL)),
                new Watch(0, Duration.ofSeconds(20), TRAFFIC_DURATION));
    }

    private static TrafficScenario traffic(String name, List<Change> changes, Watch watch) {
        return new TrafficScenario(
                name,
                TRAFFIC_HOSTS,
                TRAFFIC_RATE,
                TRAFFIC_DURATION,
                TRAFFIC_TIMEOUT,
                NORMAL,
                new ArrayList<>(changes),
                watch);
    }
}
