package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import java.util.List;

/**
 * Checks on candidate lists shared by the strategies.
 *
 * <p>Stateless and thread-safe.
 */
final class Candidates {
    private Candidates() {}

    /**
     * Returns the number of candidates, rejecting an empty list.
     *
     * @param candidates the candidates
     * @return their number, at least 1
     * @throws IllegalArgumentException if the list is empty
     * @throws NullPointerException if the list is null
     */
    static int size(List<Host> candidates) {
        int n = candidates.size();
        if (n == 0) {
            throw new IllegalArgumentException("candidates must not be empty, but was []");
        }
        return n;
    }
}
