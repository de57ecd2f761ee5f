package dev.poolkit.balance.internal;

import java.util.Locale;

/**
 * Argument checks that throw {@link IllegalArgumentException} with a message formatted in {@link
 * Locale#ROOT}. Cold paths only: the varargs array allocates.
 *
 * <p>Stateless and thread-safe.
 */
public final class Checks {
    private Checks() {}

    /**
     * Throws {@link IllegalArgumentException} with the formatted message when {@code condition}
     * is false.
     *
     * @param condition the rule that must hold
     * @param format a {@link String#format} pattern, {@code <field> must be <rule>, but was <value>}
     * @param args the pattern's arguments
     * @throws IllegalArgumentException if {@code condition} is false
     */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
        }
    }

    /**
     * Checks that {@code value} lies in {@code [0, 1]} (NaN is rejected).
     *
     * @param field the name used in the message
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is outside {@code [0, 1]} or NaN
     */
    public static double unitInterval(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be between 0 and 1, but was %s", field, value));
        }
        return value;
    }
}
