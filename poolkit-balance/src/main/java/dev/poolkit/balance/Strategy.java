package dev.poolkit.balance;

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
 * <p>The caller's protocol per request: {@code host = select(hosts)}, {@code host.begin()}, send,
 * {@code host.end()}, {@code host.score().rate(reward)} (strategies that read pooly scores) and
 * {@code feedback(host, reward, latencyNanos)}.
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
     * Reports the outcome of a request sent to {@code host}. The default only checks the reward:
     * strategies that read {@link HostScore}s or loads learn nothing from it.
     *
     * @param host the host the request went to
     * @param reward the outcome in {@code [0, 1]}: 1 for success, 0 for failure, or a graded score
     * @param latencyNanos how long the request took (until its failure or timeout, if it failed)
     * @throws IllegalArgumentException if {@code reward} is outside {@code [0, 1]}
     */
    default void feedback(Host host, double reward, long latencyNanos) {
        dev.poolkit.balance.internal.Checks.unitInterval("reward", reward);
    }

    /**
     * Returns the strategy's name with its parameters, as the {@link StrategyRegistry} spells it.
     *
     * @return the name, for example {@code softmax(0.1)}
     */
    String name();
}
