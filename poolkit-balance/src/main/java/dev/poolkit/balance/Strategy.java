package dev.poolkit.balance;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * Picks the host for the next request from an ordered list of candidates, and learns from the
 * outcome of each request.
 *
 * <p>The candidates are given in insertion order (the order the hosts were added to the service);
 * strategies that break ties or fall back use that order, never a hash order. The list must support
 * fast random access ({@link java.util.RandomAccess}); selection walks it by index and allocates
 * nothing.
 *
 * <h2>The balance protocol</h2>
 *
 * <p>Whoever owns the hosts (a service, the simulator) drives every strategy the same way:
 *
 * <ol>
 *   <li><b>Refresh</b> the pooly scores: call {@link HostScore#refresh()} on every candidate at
 *       least once per {@link HostScoreConfig#memoizeInterval()} (pooly's memoize ticker; a
 *       service does it from a timer or before a selection when the interval has passed).
 *       Strategies read only the memoized {@link HostScore#current()}, never the clock, on their
 *       hot path. Strategies that do not read scores ({@link
 *       dev.poolkit.balance.strategy.ThompsonSampling}, UCB1, power of two choices) are unaffected
 *       by it, but metrics are.
 *   <li><b>Select</b>: {@code host = strategy.select(candidates)}.
 *   <li><b>Begin</b>: {@code host.begin()} as the request is sent, so that {@link
 *       Host#outstanding()} counts it (load-aware strategies read it while it is in flight).
 *   <li><b>End</b>: {@code host.end()} when the request has finished, failed or timed out, exactly
 *       once per {@code begin()}.
 *   <li><b>Rate</b>: {@code host.score().rate(reward)}, pooly's {@code Release(err, score)}:
 *       {@link HostScore#HOST_UP}, {@link HostScore#HOST_DOWN} or a graded score.
 *   <li><b>Feedback</b>: {@code strategy.feedback(host, reward, latency)} with the same reward
 *       and the time the request took.
 * </ol>
 *
 * <p>Any number of requests may be between {@code select} and {@code feedback} at once; a
 * strategy must not assume that feedback arrives in selection order, or at all for requests that
 * were abandoned (their {@code end()} still has to be called).
 *
 * <p>Implementations are thread-safe: any number of threads may select and report at once.
 */
public interface Strategy {
    /**
     * Picks one of the candidates. Allocation-free; never blocks for long (some strategies take a
     * short lock).
     *
     * @param candidates the hosts to choose from, in insertion order; not empty
     * @return one element of {@code candidates}, never {@code null}
     * @throws IllegalArgumentException if {@code candidates} is empty
     * @throws NullPointerException if {@code candidates} is null
     */
    Host select(List<Host> candidates);

    /**
     * Reports the outcome of a request sent to {@code host}. The default only checks its arguments:
     * strategies that read {@link HostScore}s or loads learn nothing from it.
     *
     * <p>The latency is a {@link Duration}: creating one per request costs nothing measurable
     * (HostSelectionBenchmark, {@code selectAndFeedback} with a {@code Duration} against a {@code
     * long} of nanoseconds in one run: the same time within noise and 0 B/op, the JIT keeps the
     * {@code Duration} in registers).
     *
     * @param host the host the request went to
     * @param reward the outcome in {@code [0, 1]}: 1 for success, 0 for failure, or a graded score
     * @param latency how long the request took (until its failure or timeout, if it failed)
     * @throws IllegalArgumentException if {@code reward} is outside {@code [0, 1]}
     * @throws NullPointerException if {@code latency} is null
     */
    default void feedback(Host host, double reward, Duration latency) {
        requireNonNull(latency, "latency");
        Checks.unitInterval("reward", reward);
    }

    /**
     * Returns the strategy's name with its parameters, as the {@link StrategyRegistry} spells it.
     *
     * @return the name, for example {@code softmax(0.1)}
     */
    String name();
}
