package dev.poolkit.balance.sim;

import dev.poolkit.balance.Host;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Finds a simulated host's index: by scanning for a few hosts, by an identity map for many. */
final class HostIndex {
    private static final int SCAN_LIMIT = 16;
    private final List<Host> hosts;
    private final Map<Host, Integer> map = new IdentityHashMap<>();

    HostIndex(List<Host> hosts) {
        this.hosts = hosts;
        for (int i = 0; i < hosts.size(); i++) {
            map.put(hosts.get(i), i);
        }
    }

    int of(Host host) {
        if (hosts.size() <= SCAN_LIMIT) {
            for (int i = 0; i < hosts.size(); i++) {
                if (hosts.get(i) == host) {
                    return i;
                }
            }
        }
        Integer index = map.get(host);
        if (index == null) {
            throw new IllegalStateException("strategy must return one of the candidates, but returned " + host);
        }
        return index;
    }
}
