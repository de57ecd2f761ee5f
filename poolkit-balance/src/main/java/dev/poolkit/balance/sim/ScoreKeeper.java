package dev.poolkit.balance.sim;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.HostScoreConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the hosts' memoized pooly scores where pooly's tickers would have them, refreshing a host
 * only when its score can have changed: at the first computation after it was rated, and at the
 * first computation after a decay tick (every host). Between those, a recomputation would give
 * the same value, so skipping it is exact, and a trial costs the refresh of one host instead of
 * all of them.
 *
 * <p>A {@link HostScore} applies due ticks before recording a rating, so a rating at time t is
 * first seen by the computation strictly after t; a decay tick at time d by the computation at or
 * after d (a decay due at the same time as a computation comes first). Every host must have been
 * created on the run's ticker at {@code originNanos}, with the same settings, so that their ticks
 * fall at the same times, and time must not go back. Not thread-safe (one per run).
 */
final class ScoreKeeper {
    private final List<Host> hosts;
    private final long originNanos;
    private final long memoizeNanos;
    private final long decayNanos;
    private long nextDecay;
    private long nextDue = Long.MAX_VALUE;
    /** Per host: the latest change (rating, or just before a decay tick) it was told of. */
    private final long[] latestChange;
    /** Per dirty host: the computation that first sees its oldest change not yet computed. */
    private final long[] due;

    private final boolean[] dirty;
    private final int[] dirtyHosts;
    private int dirtyCount;

    ScoreKeeper(List<Host> hosts, HostScoreConfig config, long originNanos) {
        int n = hosts.size();
        this.hosts = hosts;
        this.originNanos = originNanos;
        this.memoizeNanos = config.memoizeInterval().toNanos();
        this.decayNanos = config.decayDuration().toNanos() / HostScore.SLOTS;
        this.nextDecay = originNanos + decayNanos;
        this.latestChange = new long[n];
        this.due = new long[n];
        this.dirty = new boolean[n];
        this.dirtyHosts = new int[n];
        Arrays.fill(latestChange, Long.MIN_VALUE);
        for (int h = 0; h < n; h++) {
            changed(h, originNanos); // the first computation takes every score from UNSCORED
        }
    }

    /** Brings the memoized scores up to {@code now}; call before each selection. */
    void catchUp(long now) {
        while (now >= nextDecay) {
            for (int h = 0; h < hosts.size(); h++) {
                changed(h, nextDecay - 1);
            }
            nextDecay += decayNanos;
        }
        if (now < nextDue) {
            return;
        }
        long lastComputation = computationAtOrBefore(now);
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < dirtyCount; ) {
            int h = dirtyHosts[i];
            if (due[h] <= now) {
                hosts.get(h).score().refresh();
                if (latestChange[h] >= lastComputation) {
                    due[h] = computationAfter(latestChange[h]); // rated again since: stays dirty
                } else {
                    dirty[h] = false;
                    dirtyHosts[i] = dirtyHosts[--dirtyCount];
                    continue;
                }
            }
            earliest = Math.min(earliest, due[h]);
            i++;
        }
        nextDue = earliest;
    }

    /** Notes that host {@code h} was rated at {@code nanos}. */
    void rated(int h, long nanos) {
        changed(h, nanos);
    }

    private void changed(int h, long nanos) {
        latestChange[h] = Math.max(latestChange[h], nanos);
        if (!dirty[h]) {
            dirty[h] = true;
            due[h] = computationAfter(nanos);
            dirtyHosts[dirtyCount++] = h;
            nextDue = Math.min(nextDue, due[h]);
        }
    }

    private long computationAfter(long nanos) {
        return originNanos + (Math.floorDiv(nanos - originNanos, memoizeNanos) + 1) * memoizeNanos;
    }

    private long computationAtOrBefore(long nanos) {
        return originNanos + Math.floorDiv(nanos - originNanos, memoizeNanos) * memoizeNanos;
    }
}
