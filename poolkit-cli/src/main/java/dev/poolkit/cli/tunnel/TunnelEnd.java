package dev.poolkit.cli.tunnel;

import dev.poolkit.cli.admin.AdminRoute;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ends of {@code poolkit tunnel} share: the control connection (one at a time), the
 * virtual threads that run it and the relays ({@code poolkit-tunnel-<name>-relay-<n>}), the platform
 * thread that accepts ({@code poolkit-tunnel-<name>-<role>}), the metrics and the health route.
 *
 * <p>Thread-safe.
 */
abstract sealed class TunnelEnd implements AutoCloseable permits TunnelServer, TunnelClient {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(TunnelEnd.class);

    /** The label that starts every log line: {@code Tunnel server 'name'}. */
    final String label;

    /** The current control connection, or null while there is none. */
    final AtomicReference<Control> control = new AtomicReference<>();

    final ExecutorService threads;
    final RelayMetrics metrics;
    private final String side;
    private final Thread acceptor;
    volatile boolean closed;

    TunnelEnd(String side, String name, String acceptorRole, MeterRegistry registry) {
        this.side = side;
        this.label = "Tunnel " + side + " '" + name + "'";
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("poolkit-tunnel-" + name + "-relay-", 0).factory());
        this.metrics = new RelayMetrics(registry, side, this::controlConnected);
        this.acceptor = Thread.ofPlatform()
                .daemon()
                .name("poolkit-tunnel-" + name + "-" + acceptorRole)
                .unstarted(this::acceptLoop);
    }

    /** Accepts until closed; runs on the acceptor thread. */
    abstract void acceptLoop();

    /** Connections pooled now, for {@code /health}. */
    abstract int pooled();

    /** Starts the acceptor thread. */
    final void startAccepting() {
        acceptor.start();
    }

    /** Whether the control connection between client and server is up. */
    final boolean controlConnected() {
        return control.get() != null;
    }

    /** Relays in progress. */
    final int activeRelays() {
        return metrics.active.get();
    }

    /** {@code GET /health} for this end. */
    final AdminRoute health() {
        return TunnelHealth.route(side, this::controlConnected, this::pooled, this::activeRelays);
    }

    /** Closes the current control connection, if any; the first step of {@link #close()}. */
    final void closeControl() {
        closed = true;
        Control current = control.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    /** Interrupts the relays and waits for them and the acceptor to end; the last step of {@link #close()}. */
    final void stopThreads() {
        threads.shutdownNow();
        try {
            acceptor.join(CLOSE_WAIT);
            if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: relays did not stop within {}", label, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public abstract void close();

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
