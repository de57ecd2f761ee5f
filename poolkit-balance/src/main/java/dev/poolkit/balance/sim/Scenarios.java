package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.sim.TrafficScenario.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in scenarios, and a held-out set.
 *
 * <p><b>Built-in trials</b> ({@link #trials()}): {@code pooly} (hosts 0.1/0.1/0.9, 250 trials, as
 * published), {@code close-arms} (0.8/0.85/0.9, 1,000 trials), {@code failover} (0.9/0.1/0.1 for
 * 500 trials, then 0.1/0.1/0.9 for 500), {@code recovery} (0.9/0.5/0.5 for 300 trials, the first
 * host fails to 0.1 for 300, then returns to 0.9 for 400) and {@code many-hosts} (100 hosts from
 * 0.05 to 0.8 and one at 0.9, 2,000 trials).
 *
 * <p><b>Built-in traffic</b> ({@link #traffic()}, {@link TrafficScenario}'s defaults: 11 hosts,
 * 1,000 requests per second, 60 s, a 1 s timeout, answers log-normal with a median of 10 ms and
 * sigma 0.5): {@code slow-host} (host 0 answers in 2 s from 15 s to 45 s: the Linkerd/Finagle
 * comparison), {@code fast-failer} (host 0 returns errors in 1 ms from 10 s to 50 s), {@code
 * dead-host} (host 0 stops answering from 10 s to 50 s) and {@code herd-recovery} (host 0 refuses
 * every request, in 1 ms, until 20 s, then is healthy; its share is watched from 20 s on).
 *
 * <p><b>Held out</b> ({@link #heldOutTrials()}, {@link #heldOutTraffic()}): scenarios that no
 * strategy's defaults were tuned on, to check that what was tuned on the built-ins carries over:
 * {@code stable-many} (20 hosts spread over 0.30..0.75, 3,000 trials), {@code close-pair} (0.70
 * and 0.75, 2,000 trials), {@code slow-drift} (host 0 drifts from 0.9 to 0.4 over 3,000 trials,
 * crossing host 1 at 0.7), {@code rotation} (4 hosts, the one at 0.85 among 0.4s moves on every 300
 * trials, 1,800 trials), {@code one-good-of-50} (50 hosts at 0.3 and one at 0.8, 1,500 trials),
 * {@code late-bloomer} (5 hosts at 0.6; host 4 is at 0.2 for 800 trials, then 0.95 for 800) and
 * {@code seesaw} (two hosts at 0.6 +- 0.25 sin, opposite phases, period 1 s, 3,000 trials);
 * traffic {@code gradual-slowdown} (host 0's answers slow down linearly from 1x to 100x between
 * 10 s and 50 s) and {@code flaky-host} (host 3's error rate swings between 0 and 0.5 with a 20 s
 * period).
 *
 * <p>Stateless and thread-safe.
 */
public final class Scenarios {
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
     * Returns the held-out trials scenarios, in the order above.
     *
     * @return an immutable list
     */
    public static List<TrialsScenario> heldOutTrials() {
        return List.of(stableMany(), closePair(), slowDrift(), rotation(), oneGoodOf50(), lateBloomer(), seesaw());
    }

    /**
     * Returns the held-out traffic scenarios, in the order above.
     *
     * @return an immutable list
     */
    public static List<TrafficScenario> heldOutTraffic() {
        return List.of(gradualSlowdown(), flakyHost());
    }

    /**
     * Finds a trials scenario, built-in or held out, by name.
     *
     * @param name the name
     * @return the scenario, or empty
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<TrialsScenario> trials(String name) {
        requireNonNull(name, "name");
        return Stream.concat(trials().stream(), heldOutTrials().stream())
                .filter(s -> s.name().equals(name))
                .findFirst();
    }

    /**
     * Finds a traffic scenario, built-in or held out, by name.
     *
     * @param name the name
     * @return the scenario, or empty
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<TrafficScenario> traffic(String name) {
        requireNonNull(name, "name");
        return Stream.concat(traffic().stream(), heldOutTraffic().stream())
                .filter(s -> s.name().equals(name))
                .findFirst();
    }

    // ---------------------------------------------------------------------------- built-in trials

    /**
     * pooly's published simulation: hosts 0.1, 0.1 and 0.9, 250 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario pooly() {
        return TrialsScenario.builder("pooly").phase(250, 0.1, 0.1, 0.9).build();
    }

    /**
     * Hosts that are hard to tell apart: 0.8, 0.85 and 0.9, 1,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario closeArms() {
        return TrialsScenario.builder("close-arms").phase(1000, 0.8, 0.85, 0.9).build();
    }

    /**
     * The best host fails and another takes its place: 0.9/0.1/0.1 for 500 trials, then
     * 0.1/0.1/0.9 for 500.
     *
     * @return the scenario
     */
    public static TrialsScenario failover() {
        return TrialsScenario.builder("failover")
                .phase(500, 0.9, 0.1, 0.1)
                .phase(500, 0.1, 0.1, 0.9)
                .build();
    }

    /**
     * A failed host returns to full health: 0.9/0.5/0.5 for 300 trials, 0.1/0.5/0.5 for 300, then
     * 0.9/0.5/0.5 for 400.
     *
     * @return the scenario
     */
    public static TrialsScenario recovery() {
        return TrialsScenario.builder("recovery")
                .phase(300, 0.9, 0.5, 0.5)
                .phase(300, 0.1, 0.5, 0.5)
                .phase(400, 0.9, 0.5, 0.5)
                .build();
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
        return TrialsScenario.builder("many-hosts").phase(2000, p).build();
    }

    // --------------------------------------------------------------------------- built-in traffic

    /**
     * The published Linkerd/Finagle comparison: host 0 answers in 2 s from 15 s to 45 s.
     *
     * @return the scenario
     */
    public static TrafficScenario slowHost() {
        return TrafficScenario.builder("slow-host")
                .change(Duration.ofSeconds(15), 0, Behaviour.healthy(Latency.constant(Duration.ofSeconds(2))))
                .change(Duration.ofSeconds(45), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
                .watch(0, Duration.ofSeconds(15), Duration.ofSeconds(45))
                .build();
    }

    /**
     * Host 0 returns errors in 1 ms from 10 s to 50 s.
     *
     * @return the scenario
     */
    public static TrafficScenario fastFailer() {
        return TrafficScenario.builder("fast-failer")
                .change(Duration.ofSeconds(10), 0, Behaviour.failing(Duration.ofMillis(1)))
                .change(Duration.ofSeconds(50), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
                .watch(0, Duration.ofSeconds(10), Duration.ofSeconds(50))
                .build();
    }

    /**
     * Host 0 stops answering (every request times out) from 10 s to 50 s.
     *
     * @return the scenario
     */
    public static TrafficScenario deadHost() {
        return TrafficScenario.builder("dead-host")
                .change(Duration.ofSeconds(10), 0, Behaviour.healthy(Latency.never()))
                .change(Duration.ofSeconds(50), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
                .watch(0, Duration.ofSeconds(10), Duration.ofSeconds(50))
                .build();
    }

    /**
     * Host 0 refuses every request (an error in 1 ms) until 20 s, then is healthy; its share is
     * watched from 20 s to the end.
     *
     * @return the scenario
     */
    public static TrafficScenario herdRecovery() {
        return TrafficScenario.builder("herd-recovery")
                .change(Duration.ZERO, 0, Behaviour.failing(Duration.ofMillis(1)))
                .change(Duration.ofSeconds(20), 0, TrafficScenario.DEFAULT_BEHAVIOUR)
                .watch(0, Duration.ofSeconds(20), TrafficScenario.DEFAULT_DURATION)
                .build();
    }

    // ----------------------------------------------------------------------------------- held out

    /**
     * Stable, many arms: 20 hosts spread evenly over 0.30..0.75 (the best 0.024 ahead of the
     * next), 3,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario stableMany() {
        double[] p = new double[20];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.30 + 0.45 * i / 19.0;
        }
        return TrialsScenario.builder("stable-many").phase(3000, p).build();
    }

    /**
     * Stable, a close pair: 0.70 and 0.75, 2,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario closePair() {
        return TrialsScenario.builder("close-pair").phase(2000, 0.70, 0.75).build();
    }

    /**
     * A slow drift: host 0 falls linearly from 0.9 to 0.4 over 3,000 trials and crosses host 1
     * (0.7) at trial 1,200; host 2 stays at 0.5.
     *
     * @return the scenario
     */
    public static TrialsScenario slowDrift() {
        return TrialsScenario.builder("slow-drift")
                .steps(3000)
                .host(Profile.linear(Duration.ZERO, 0.9, Duration.ofMillis(3000), 0.4))
                .host(Profile.constant(0.7))
                .host(Profile.constant(0.5))
                .build();
    }

    /**
     * Repeated switches: 4 hosts at 0.4, one of them at 0.85, a different one every 300 trials
     * (0, 1, 2, 3, 0, 1), 1,800 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario rotation() {
        TrialsScenario.Builder builder = TrialsScenario.builder("rotation");
        for (int phase = 0; phase < 6; phase++) {
            double[] p = {0.4, 0.4, 0.4, 0.4};
            p[phase % 4] = 0.85;
            builder.phase(300, p);
        }
        return builder.build();
    }

    /**
     * Many hosts, one good: 50 hosts at 0.3 and one at 0.8 (index 37), 1,500 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario oneGoodOf50() {
        double[] p = new double[51];
        java.util.Arrays.fill(p, 0.3);
        p[37] = 0.8;
        return TrialsScenario.builder("one-good-of-50").phase(1500, p).build();
    }

    /**
     * A host that was bad becomes the best: 5 hosts at 0.6; host 4 is at 0.2 for 800 trials, then
     * at 0.95 for 800.
     *
     * @return the scenario
     */
    public static TrialsScenario lateBloomer() {
        return TrialsScenario.builder("late-bloomer")
                .phase(800, 0.6, 0.6, 0.6, 0.6, 0.2)
                .phase(800, 0.6, 0.6, 0.6, 0.6, 0.95)
                .build();
    }

    /**
     * A continuous oscillation: two hosts at {@code 0.6 + 0.25 sin(2 pi t / 1 s)} and {@code 0.6 -
     * 0.25 sin(...)}, so the best host changes every 500 trials, 3,000 trials.
     *
     * @return the scenario
     */
    public static TrialsScenario seesaw() {
        double omega = 2 * Math.PI / 1e9;
        return TrialsScenario.builder("seesaw")
                .steps(3000)
                .host(Profile.continuous(t -> 0.6 + 0.25 * Math.sin(omega * t)))
                .host(Profile.continuous(t -> 0.6 - 0.25 * Math.sin(omega * t)))
                .build();
    }

    /**
     * Host 0's answers slow down gradually: the default latency times a factor rising linearly
     * from 1 at 10 s to 100 at 50 s (a 1 s median by then), 60 s.
     *
     * @return the scenario
     */
    public static TrafficScenario gradualSlowdown() {
        Latency slowing = TrafficScenario.DEFAULT_LATENCY.scaled(
                Profile.linear(Duration.ofSeconds(10), 1, Duration.ofSeconds(50), 100));
        return TrafficScenario.builder("gradual-slowdown")
                .change(Duration.ZERO, 0, Behaviour.healthy(slowing))
                .watch(0, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .build();
    }

    /**
     * Host 3 is flaky: its error rate swings between 0 and 0.5 ({@code 0.25 (1 - cos(2 pi t / 20
     * s))}), errors after 5 ms, 60 s.
     *
     * @return the scenario
     */
    public static TrafficScenario flakyHost() {
        double omega = 2 * Math.PI / 20e9;
        Behaviour flaky = new Behaviour(
                TrafficScenario.DEFAULT_LATENCY,
                Profile.continuous(t -> 0.25 * (1 - Math.cos(omega * t))),
                Latency.constant(Duration.ofMillis(5)));
        return TrafficScenario.builder("flaky-host")
                .change(Duration.ZERO, 3, flaky)
                .watch(3, Duration.ZERO, TrafficScenario.DEFAULT_DURATION)
                .build();
    }
}
