package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.Strategy;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * pooly's round-robin: each host gets a slot number the first time it is seen (in candidate
 * order), and the hosts are served in slot order.
 *
 * <p>The strategy keeps {@code nextSchedule} and {@code nextAvailSlot}. A selection picks the host
 * whose slot is {@code nextSchedule}; if that host is gone (a ghost slot of a removed host), it
 * picks the host with the smallest forward distance and skips past it. Removed hosts' slots stay as
 * ghosts; a host added again (a new {@link Host}) gets a new slot. With hosts e1, e2, e3: e1, e2;
 * without e3: e1; with a new e3: e2, e3, e1.
 *
 * <p>Thread-safe: a selection takes a short lock (the sequence is inherently sequential).
 */
public final class RoundRobin implements Strategy {
    private final ReentrantLock lock = new ReentrantLock();
    private int nextSchedule;
    private int nextAvailSlot;

    /** Creates a round-robin strategy. */
    public RoundRobin() {}

    @Override
    public Host select(List<Host> candidates) {
        int n = Candidates.size(candidates);
        lock.lock();
        try {
            Host best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                Host host = candidates.get(i);
                Slot slot = OwnedState.of(host, this, Slot.class, Slot::new);
                if (slot.index < 0) {
                    slot.index = nextAvailSlot++;
                }
                int distance = slot.index - nextSchedule;
                if (distance < 0) {
                    distance += nextAvailSlot;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = host;
                }
            }
            nextSchedule = (nextSchedule + bestDistance + 1) % nextAvailSlot;
            return best;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String name() {
        return "round-robin";
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class Slot extends OwnedState {
        int index = -1; // guarded by the strategy's lock

        Slot(Object owner) {
            super(owner);
        }
    }
}
