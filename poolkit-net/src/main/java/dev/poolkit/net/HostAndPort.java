package dev.poolkit.net;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A host name or IP literal and a TCP port, as an operator writes it: {@code db.example:5432},
 * {@code 127.0.0.1:6379}, {@code [::1]:8080}. The host is not resolved here; a {@link Dialer}
 * resolves it on each dial, so a DNS change is picked up by the next connection.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the host name or IP literal, without brackets; not blank, no whitespace or {@code /}
 * @param port the port, 1 to 65535
 */
public record HostAndPort(String host, int port) {

    /**
     * Checks both parts.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank or holds whitespace or a {@code /}, or
     *     {@code port} is out of range
     */
    public HostAndPort {
        requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException("host must be a host name or IP literal, but was '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "port must be between 1 and 65535, but was %d", port));
        }
    }

    /**
     * Parses {@code host:port}; an IPv6 literal is written in brackets, {@code [::1]:80}.
     *
     * @param text the address
     * @return the parsed address
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not of that form or the port is out of range;
     *     the message quotes {@code text}
     */
    public static HostAndPort parse(String text) {
        Parsed parsed = split(text, 1);
        return new HostAndPort(parsed.host, parsed.port);
    }

    /**
     * Parses the address a server listens on: {@code host:port} as {@link #parse}, where port 0 asks
     * for a free port.
     *
     * @param text the address, for example {@code 127.0.0.1:0} or {@code [::]:8080}
     * @return the address, unresolved
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not of that form or the port is not between 0
     *     and 65535; the message quotes {@code text}
     */
    public static InetSocketAddress parseListenAddress(String text) {
        Parsed parsed = split(text, 0);
        new HostAndPort(parsed.host, 1); // the same host rules as a dial target
        return InetSocketAddress.createUnresolved(parsed.host, parsed.port);
    }

    private record Parsed(String host, int port) {}

    private static Parsed split(String text, int lowestPort) {
        requireNonNull(text, "text");
        String trimmed = text.strip();
        String host;
        String port;
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0 || close + 1 >= trimmed.length() || trimmed.charAt(close + 1) != ':') {
                throw invalid(text);
            }
            host = trimmed.substring(1, close);
            port = trimmed.substring(close + 2);
        } else {
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0 || trimmed.indexOf(':') != colon) {
                throw invalid(text); // no port, or an IPv6 literal without brackets
            }
            host = trimmed.substring(0, colon);
            port = trimmed.substring(colon + 1);
        }
        if (host.isEmpty() || port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1; // more digits than an int: out of range
        }
        if (number < lowestPort || number > 65_535) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "port must be between %d and 65535, but was %s in '%s'", lowestPort, port, text));
        }
        return new Parsed(host, number);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "address must be host:port (an IPv6 literal in brackets), but was '" + text + "'");
    }

    /**
     * Returns an unresolved socket address for this host and port.
     *
     * @return the address; a {@link Dialer} resolves it when it dials
     */
    public InetSocketAddress toUnresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Returns {@code host:port}, with an IPv6 literal in brackets, so that {@link #parse} reads it back.
     *
     * @return the address as text; also the value of the {@code host} metric tag
     */
    @Override
    public String toString() {
        return SocketAddresses.describe(host, port);
    }
}
