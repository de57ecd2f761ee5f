package dev.poolkit.cli;

/**
 * A usage error found after the command line was parsed (a bad address in an option, an invalid
 * config file): reported as one line with exit code {@value PoolkitCommand#EXIT_USAGE}.
 */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the option, key or value
     */
    public UsageException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, naming the option, key or value
     * @param cause the underlying failure
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
