package dev.poolkit.cli.shell;

/**
 * The admin endpoint could not be used: not reachable, token refused, or an error answer. The
 * message is one line naming the problem (for an error answer, the endpoint's own message).
 */
public final class AdminClientException extends RuntimeException {

    /** The {@link #status()} when no HTTP answer came (connection refused, timeout). */
    public static final int UNREACHABLE = -1;
    /** The {@link #status()} when the answer was 2xx but not JSON. */
    public static final int BAD_ANSWER = -2;

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param status the HTTP status, or {@link #UNREACHABLE} or {@link #BAD_ANSWER}
     * @param message what went wrong, one line
     * @param cause the underlying failure, or {@code null}
     */
    public AdminClientException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * Returns the HTTP status of the answer.
     *
     * @return the status, or {@link #UNREACHABLE} or {@link #BAD_ANSWER}
     */
    public int status() {
        return status;
    }

    /**
     * Tells whether the shell cannot go on at all: the endpoint is gone or refuses the token.
     *
     * @return true for {@link #UNREACHABLE} and 401
     */
    public boolean isFatal() {
        return status == UNREACHABLE || status == 401;
    }
}
