package dev.poolkit.pool.internal;

import java.time.Duration;
import java.util.Locale;

/** Argument checks with messages of the form {@code <field> must be <rule>, but was <value>}. Cold paths only. */
public final class Checks {

    private Checks() {}

    /**
     * Throws {@link IllegalArgumentException} with a formatted message unless {@code condition} holds.
     *
     * @param condition the rule
     * @param format the message format ({@link Locale#ROOT})
     * @param args the message arguments
     * @throws IllegalArgumentException if {@code condition} is false
     */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
        }
    }

    /**
     * Checks that a duration is neither null nor negative.
     *
     * @param value the duration
     * @param field the field's name for the message
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static Duration notNegative(Duration value, String field) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        argument(!value.isNegative(), "%s must not be negative, but was %s", field, value);
        return value;
    }

    /**
     * Checks that a duration is neither null, zero nor negative.
     *
     * @param value the duration
     * @param field the field's name for the message
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static Duration positive(Duration value, String field) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        argument(value.isPositive(), "%s must be positive, but was %s", field, value);
        return value;
    }
}
