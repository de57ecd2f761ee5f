package dev.poolkit.cli.proxy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a call, so that a command can drain and exit 0 on its own terms. A
 * shutdown hook would not do: the JVM exits with 143 or 130 after the hooks, whatever they do.
 */
public final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    /**
     * Replaces the JVM's handling of SIGTERM and SIGINT (exit at once) by {@code action}, run once on
     * the first of them, on the JVM's signal thread; a second signal exits at once with code 130, for
     * an operator who does not want to wait for the drain.
     *
     * @param action what to do, briefly (count down a latch)
     */
    @SuppressWarnings("removal") // sun.misc.Signal: the only way to keep the exit code on SIGTERM
    public static void onTerminate(Runnable action) {
        AtomicBoolean seen = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (seen.compareAndSet(false, true)) {
                        LOG.info("poolkit: SIG{} received; stopping (send it again to exit at once)", signal.getName());
                        action.run();
                    } else {
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("poolkit: cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }
}
