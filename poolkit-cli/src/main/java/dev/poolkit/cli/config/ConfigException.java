package dev.poolkit.cli.config;

import dev.poolkit.cli.UsageException;

/**
 * An invalid or unreadable configuration file: a usage error (exit code 2) whose one-line message
 * names the file, the line and the key, for example {@code proxy.yaml, line 7: pool.max-size must be
 * between 1 and 1048576, but was 0}.
 */
public final class ConfigException extends UsageException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the whole message: file, line, key and what is wrong
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the whole message: file, line, key and what is wrong
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
