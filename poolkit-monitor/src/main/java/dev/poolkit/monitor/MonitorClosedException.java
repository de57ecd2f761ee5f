package dev.poolkit.monitor;

/** A monitor or monitor pool was used after {@code close()}. */
public class MonitorClosedException extends MonitorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the message, naming the closed component
     */
    public MonitorClosedException(String message) {
        super(message);
    }
}
