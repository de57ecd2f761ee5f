package dev.poolkit.monitor;

import dev.poolkit.monitor.internal.Cancellation;
import java.time.Duration;

/**
 * The context of one health check: its deadline, and a cancellation signal that fires when the
 * check timeout expires or the monitor is stopped (the Java form of the Go {@code context.Context}
 * a golib check receives). Cancellation also interrupts the thread running the check.
 *
 * <p>Thread-safe. A context belongs to one check run and is useless after it.
 */
public final class CheckContext {

    private final Cancellation cancellation;

    CheckContext(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /**
     * Returns the time left until the deadline.
     *
     * @return the remaining time, {@link Duration#ZERO} once the deadline has passed or the check was
     *     cancelled
     */
    public Duration remaining() {
        long left = cancellation.remainingNanos();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * Returns whether the check was cancelled (deadline passed or monitor stopped).
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancellation.reason() != null;
    }

    /**
     * Throws if the check was cancelled.
     *
     * @throws CheckCancelledException if the deadline passed ({@code "context deadline exceeded"}) or
     *     the monitor was stopped ({@code "context canceled"})
     */
    public void throwIfCancelled() {
        String reason = cancellation.reason();
        if (reason != null) {
            throw new CheckCancelledException(reason);
        }
    }

    /**
     * Blocks until the check is cancelled, then throws its cancellation (the Java form of Go's
     * {@code <-ctx.Done(); return ctx.Err()}).
     *
     * @throws CheckCancelledException always, once cancelled
     * @throws InterruptedException if the thread was interrupted for another reason
     */
    public void awaitCancellation() throws InterruptedException {
        throw new CheckCancelledException(cancellation.await());
    }
}
