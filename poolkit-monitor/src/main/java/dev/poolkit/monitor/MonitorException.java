package dev.poolkit.monitor;

/**
 * The root of poolkit-monitor's unchecked exceptions: a monitor or monitor pool could not do what
 * was asked (start, stop, accept a monitor). Bad arguments are {@link IllegalArgumentException}s
 * and {@link NullPointerException}s instead.
 */
public class MonitorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the message, naming the monitor or pool
     */
    public MonitorException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message the message, naming the monitor or pool
     * @param cause the cause
     */
    public MonitorException(String message, Throwable cause) {
        super(message, cause);
    }
}
