package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where the admin endpoint listens and who may use it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address where to listen (resolved when the server starts); loopback by default, port 0
 *     picks a free port
 * @param token the bearer token every request must carry ({@code Authorization: Bearer <token>}),
 *     or empty to allow any local caller
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 */
public record AdminConfig(InetSocketAddress address, Optional<String> token, int maxBodyBytes) {

    /** The default listening address. */
    public static final InetSocketAddress DEFAULT_ADDRESS = InetSocketAddress.createUnresolved("127.0.0.1", 9900);
    /** The default {@code maxBodyBytes}: the POST actions carry no more than a command line. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    /**
     * Checks every field.
     *
     * @throws NullPointerException if {@code address} or {@code token} is null
     * @throws IllegalArgumentException if the token is blank or {@code maxBodyBytes} is negative
     */
    public AdminConfig {
        requireNonNull(address, "address");
        requireNonNull(token, "token");
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("token must not be blank when set");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, but was " + maxBodyBytes);
        }
    }

    /**
     * Returns a configuration for {@code address} without a token.
     *
     * @param address where to listen
     * @return the configuration
     */
    public static AdminConfig of(InetSocketAddress address) {
        return new AdminConfig(address, Optional.empty(), DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Returns a copy that requires {@code token}.
     *
     * @param token the bearer token
     * @return the new configuration
     */
    public AdminConfig withToken(String token) {
        return new AdminConfig(address, Optional.of(token), maxBodyBytes);
    }
}
