package dev.poolkit.net.tls;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How a client protects a connection: not at all, encrypted without checking who the peer is, or
 * encrypted with the peer's certificate and host name verified. The codes {@code "0"}, {@code "1"}
 * and {@code "2"} are NodePass's names for the same three modes and are accepted by {@link #parse}.
 */
public enum TlsMode {
    /** Plain TCP. NodePass code {@code "0"}. */
    NONE("0"),
    /**
     * TLS 1.3, the peer's certificate is not checked: the traffic is private from passive
     * listeners, but an active man in the middle is not detected. Meant for a server that presents
     * a {@link SelfSignedCertificate}. NodePass code {@code "1"}.
     */
    SELF_SIGNED("1"),
    /**
     * TLS 1.3, the peer's certificate must chain to a trusted certificate (a given trust store or
     * the JDK's) and name the expected host. NodePass code {@code "2"}.
     */
    VERIFIED("2");

    private final String code;

    TlsMode(String code) {
        this.code = code;
    }

    /**
     * Returns NodePass's code for this mode.
     *
     * @return {@code "0"}, {@code "1"} or {@code "2"}
     */
    public String code() {
        return code;
    }

    /**
     * Reads a mode from its name ({@code NONE}, {@code SELF_SIGNED}, {@code VERIFIED}; any case,
     * {@code -} for {@code _}) or its NodePass code ({@code 0}, {@code 1}, {@code 2}). Unlike NodePass,
     * which falls back to plain TCP for a code it does not know, an unknown value is an error.
     *
     * @param text the name or code; surrounding white space is ignored
     * @return the mode
     * @throws IllegalArgumentException if {@code text} names no mode; the message quotes it
     * @throws NullPointerException if {@code text} is null
     */
    public static TlsMode parse(String text) {
        requireNonNull(text, "tlsMode");
        String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TlsMode mode : values()) {
            if (mode.name().equals(key) || mode.code.equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "tlsMode must be one of NONE (0), SELF_SIGNED (1) or VERIFIED (2), but was '" + text + "'");
    }
}
