package dev.poolkit.net.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Connection IDs as NodePass's wire format has them (reference §5.2): four bytes from a secure
 * random generator, sent as eight lowercase hex ASCII characters with no length prefix.
 */
final class TunnelIds {

    /** The number of ASCII bytes an ID takes on the wire. */
    static final int LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TunnelIds() {}

    static String next() {
        byte[] bytes = new byte[LENGTH / 2];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    static boolean isValid(String id) {
        if (id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static byte[] encode(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    static String decode(byte[] wire) {
        return new String(wire, 0, LENGTH, StandardCharsets.ISO_8859_1);
    }
}
