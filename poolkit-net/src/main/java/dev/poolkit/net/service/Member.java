package dev.poolkit.net.service;

import dev.poolkit.balance.Host;
import dev.poolkit.balance.HostScore;
import dev.poolkit.balance.Strategy;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.host.ConnectionListener;
import dev.poolkit.net.host.HostPool;
import dev.poolkit.net.host.HostPoolStats;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host of a {@link Service}: its address, its balance {@link Host} (score, outstanding
 * requests, the strategy's state), its pool, whether it is in rotation, and pooly's per-host
 * counters. As the pool's {@link ConnectionListener} it finishes the balance protocol of every
 * connection handed out from it: end, rate, feedback. Thread-safe.
 */
final class Member implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    final HostAndPort address;
    final String label;
    final Host host;
    final HostPool pool;
    private final Strategy strategy;

    private volatile boolean enabled = true;

    final LongAdder gets = new LongAdder();
    final LongAdder getFailures = new LongAdder();
    final LongAdder getDelayNanos = new LongAdder();
    final LongAdder activeNanos = new LongAdder();

    Member(HostAndPort address, Host host, Strategy strategy, HostPool.Builder pool) {
        this.address = address;
        this.label = address.toString();
        this.host = host;
        this.strategy = strategy;
        // The pool calls back only when a connection it leased ends, after this member is published.
        this.pool = pool.listener(this).build();
    }

    boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** A try of getConnection got a connection from this host. */
    void leased(long delayNanos) {
        gets.increment();
        getDelayNanos.add(delayNanos);
    }

    /** A try of getConnection failed on this host, whose request has ended: pooly rates it down (PY-14). */
    void failed(long delayNanos) {
        getFailures.increment();
        host.score().rate(HostScore.HOST_DOWN);
        try {
            strategy.feedback(host, HostScore.HOST_DOWN, delayNanos);
        } catch (RuntimeException e) {
            // a strategy of one's own that throws must not turn a failed try into a failed request
            LOG.warn("Service host {}: strategy {} threw in feedback", label, strategy.name(), e);
        }
    }

    @Override
    public void ended(Connection connection, Duration heldFor, boolean fatal) {
        host.end();
        activeNanos.add(heldFor.toNanos());
    }

    @Override
    public void scored(Connection connection, double score, Duration latency) {
        host.score().rate(score);
        strategy.feedback(host, score, latency.toNanos());
    }

    HostStatus status(long totalRequests) {
        HostPoolStats stats = pool.stats();
        long requests = gets.sum();
        return new HostStatus(
                label,
                enabled,
                host.score().score(),
                host.outstanding(),
                requests,
                totalRequests == 0 ? 0.0 : (double) requests / totalRequests,
                getFailures.sum(),
                stats.releases(),
                stats.failures(),
                PoolStatus.of(label, pool.name(), stats));
    }

    @Override
    public String toString() {
        return label + (enabled ? "" : " (disabled)");
    }
}
