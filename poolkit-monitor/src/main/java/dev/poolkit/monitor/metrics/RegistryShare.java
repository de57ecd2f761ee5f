package dev.poolkit.monitor.metrics;

import static dev.poolkit.monitor.metrics.MonitorMetricNames.HELP_SLI;
import static dev.poolkit.monitor.metrics.MonitorMetricNames.SLI;
import static dev.poolkit.monitor.metrics.MonitorMetricNames.TAG_MONITOR;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the {@link MonitorMetrics} bindings of one registry share: who publishes each monitor name
 * (a registry holds one series per name, so a second binding of the same name waits until the first
 * lets it go), and the SLI aggregates {@code mean}, {@code min} and {@code max}, computed over every
 * monitor published on the registry and removed with the last binding.
 *
 * <p>Thread-safe. Lock order: a binding's own locks, then {@code SHARES_LOCK}, then {@link #lock};
 * nothing is called under {@link #lock} that takes another lock.
 */
final class RegistryShare {

    private static final ReentrantLock SHARES_LOCK = new ReentrantLock();
    private static final Map<MeterRegistry, RegistryShare> SHARES = new IdentityHashMap<>(); // guarded by SHARES_LOCK

    private static final String[] AGGREGATES = {"mean", "min", "max"};

    private final MeterRegistry registry;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<MonitorMetrics> bindings = new ArrayList<>(); // guarded by lock
    private final Map<String, MonitorMetrics> owners = new HashMap<>(); // guarded by lock
    private final List<Meter> aggregateMeters = new ArrayList<>(); // guarded by lock
    private final double[] aggregates = new double[AGGREGATES.length]; // read by the gauges; guarded by lock

    private RegistryShare(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a binding on a registry and returns the registry's share. */
    static RegistryShare join(MeterRegistry registry, MonitorMetrics binding) {
        SHARES_LOCK.lock();
        try {
            RegistryShare share = SHARES.computeIfAbsent(registry, RegistryShare::new);
            share.lock.lock();
            try {
                share.bindings.add(binding);
            } finally {
                share.lock.unlock();
            }
            return share;
        } finally {
            SHARES_LOCK.unlock();
        }
    }

    /** Unregisters a binding: releases its names, and recomputes or, for the last binding, removes the aggregates. */
    void leave(MonitorMetrics binding) {
        // under SHARES_LOCK: a binding that joins meanwhile gets a new share only once this one has
        // removed its aggregate gauges, which the new one would otherwise find registered and lose
        SHARES_LOCK.lock();
        try {
            lock.lock();
            try {
                bindings.remove(binding);
                owners.values().removeIf(owner -> owner == binding);
                if (bindings.isEmpty()) {
                    SHARES.remove(registry, this);
                }
            } finally {
                lock.unlock();
            }
            updateAggregates();
        } finally {
            SHARES_LOCK.unlock();
        }
    }

    /**
     * Claims a monitor name for a binding.
     *
     * @return true if the binding now publishes the name (it did already, or nobody did)
     */
    boolean claim(String name, MonitorMetrics binding) {
        lock.lock();
        try {
            return owners.putIfAbsent(name, binding) == null || owners.get(name) == binding;
        } finally {
            lock.unlock();
        }
    }

    /** Releases a name that the binding claimed; another binding may then publish it. */
    void release(String name, MonitorMetrics binding) {
        lock.lock();
        try {
            owners.remove(name, binding);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes {@code mean}, {@code min} and {@code max} over the SLIs of every monitor that a
     * binding of this registry publishes and that has one; the three series exist only while at
     * least one monitor has an SLI, so they are never NaN.
     */
    void updateAggregates() {
        lock.lock();
        try {
            double[] acc = {0, 1, 0, 0}; // sum, min, max, count
            for (MonitorMetrics b : bindings) {
                b.forEachSli(v -> {
                    acc[0] += v;
                    acc[1] = Math.min(acc[1], v);
                    acc[2] = Math.max(acc[2], v);
                    acc[3]++;
                });
            }
            if (acc[3] == 0) {
                aggregateMeters.forEach(registry::remove);
                aggregateMeters.clear();
                return;
            }
            aggregates[0] = acc[0] / acc[3];
            aggregates[1] = acc[1];
            aggregates[2] = acc[2];
            if (aggregateMeters.isEmpty()) {
                for (int i = 0; i < AGGREGATES.length; i++) {
                    int index = i;
                    aggregateMeters.add(Gauge.builder(SLI, aggregates, a -> a[index])
                            .description(HELP_SLI)
                            .tag(TAG_MONITOR, AGGREGATES[i])
                            .strongReference(true)
                            .register(registry));
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
