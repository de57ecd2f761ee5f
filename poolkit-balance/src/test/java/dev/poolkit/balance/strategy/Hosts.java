package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.sim.ManualTicker;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: hosts with given pooly scores. */
final class Hosts {
    static final ManualTicker CLOCK = new ManualTicker();

    private Hosts() {}

    /** A host whose memoized score is exactly {@code score}, or unscored for a negative value. */
    static Host scored(String name, double score) {
        HostScore hostScore = new HostScore(CLOCK);
        if (score >= 0) {
            hostScore.rate(score);
            hostScore.compute();
        }
        return new Host(name, hostScore);
    }

    static Host unscored(String name) {
        return new Host(name, new HostScore(CLOCK));
    }

    static List<Host> named(String... names) {
        List<Host> hosts = new ArrayList<>();
        for (String name : names) {
            hosts.add(unscored(name));
        }
        return hosts;
    }

    static int indexOf(List<Host> hosts, Host host) {
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i) == host) {
                return i;
            }
        }
        throw new AssertionError("not a candidate: " + host);
    }
}
