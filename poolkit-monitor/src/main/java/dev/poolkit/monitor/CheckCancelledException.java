package dev.poolkit.monitor;

import dev.poolkit.monitor.internal.Cancellation;

/**
 * A health check was cancelled: its deadline passed ({@value #DEADLINE_EXCEEDED}) or its monitor was
 * stopped ({@value #CANCELED}). The messages are Go's context errors, which golib's monitors show.
 */
public class CheckCancelledException extends MonitorException {

    private static final long serialVersionUID = 1L;

    /** The message of a check whose timeout expired (Go's {@code context.DeadlineExceeded}). */
    public static final String DEADLINE_EXCEEDED = Cancellation.DEADLINE_EXCEEDED;

    /** The message of a check cancelled by stopping its monitor (Go's {@code context.Canceled}). */
    public static final String CANCELED = Cancellation.CANCELED;

    /**
     * Creates an exception.
     *
     * @param message {@link #DEADLINE_EXCEEDED} or {@link #CANCELED}
     */
    public CheckCancelledException(String message) {
        super(message);
    }
}
