package dev.poolkit.monitor.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Go's {@code time.Duration} text forms, which golib's monitor output and configuration files use:
 * formatting ({@code 1m5s}, {@code 15ms}, with golib's {@code <days>d} prefix) and parsing
 * ({@code "5s"}, {@code "1h30m"}, {@code "1.5s"}, {@code "100ms"}, also {@code "2d"}). Not API.
 */
public final class GoDurations {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;
    private static final long NANOS_PER_DAY = 24 * NANOS_PER_HOUR;

    private GoDurations() {}

    /**
     * Appends golib's duration text: {@code <days>d} when there are whole days, followed by Go's
     * {@code time.Duration} form of the remainder when there are no days or the remainder is not
     * zero. Examples: {@code 0s}, {@code 15ms}, {@code 1.5s}, {@code 1m5s}, {@code 2h15m0s},
     * {@code 1d}, {@code 1d2h0m0s}.
     *
     * @param out where to append
     * @param nanos the duration in nanoseconds
     * @return {@code out}
     */
    public static StringBuilder appendWithDays(StringBuilder out, long nanos) {
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos; // Long.MIN_VALUE cannot be a monitor duration
        }
        long days = nanos / NANOS_PER_DAY;
        long rest = nanos % NANOS_PER_DAY;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (days == 0 || rest > 0) {
            appendGo(out, rest);
        }
        return out;
    }

    /**
     * Returns {@link #appendWithDays} as a string.
     *
     * @param nanos the duration in nanoseconds
     * @return the text
     */
    public static String formatWithDays(long nanos) {
        return appendWithDays(new StringBuilder(16), nanos).toString();
    }

    /**
     * Appends Go's {@code time.Duration.String()} form of a non-negative duration.
     *
     * @param out where to append
     * @param nanos the duration, at least 0
     * @return {@code out}
     */
    public static StringBuilder appendGo(StringBuilder out, long nanos) {
        if (nanos == 0) {
            return out.append("0s");
        }
        if (nanos < NANOS_PER_SECOND) {
            if (nanos < NANOS_PER_MICRO) {
                return out.append(nanos).append("ns");
            }
            if (nanos < NANOS_PER_MILLI) {
                appendFraction(out, nanos, NANOS_PER_MICRO);
                return out.append("µs");
            }
            appendFraction(out, nanos, NANOS_PER_MILLI);
            return out.append("ms");
        }
        long hours = nanos / NANOS_PER_HOUR;
        long minutes = nanos % NANOS_PER_HOUR / NANOS_PER_MINUTE;
        long secondsNanos = nanos % NANOS_PER_MINUTE;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        appendFraction(out, secondsNanos, NANOS_PER_SECOND);
        return out.append('s');
    }

    private static void appendFraction(StringBuilder out, long nanos, long unit) {
        out.append(nanos / unit);
        long frac = nanos % unit;
        if (frac == 0) {
            return;
        }
        out.append('.');
        // unit is a power of ten: print the fraction with leading zeros, then drop trailing zeros
        int digits = (int) Math.log10(unit);
        int start = out.length();
        String f = Long.toString(frac);
        for (int i = f.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(f);
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '0') {
            end--;
        }
        out.setLength(end);
    }

    /**
     * Parses a Go duration string, with {@code d} (24 h) accepted as an extra unit: a sequence of
     * decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code us}, {@code µs},
     * {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}), optionally signed. {@code "0"} is zero.
     *
     * @param text the text
     * @return the duration (negative if the text has a minus sign)
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < s.length()) {
            int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numStart, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i).toLowerCase(Locale.ROOT);
            if (number.isEmpty()
                    || number.equals(".")
                    || number.chars().filter(c -> c == '.').count() > 1) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> NANOS_PER_MICRO;
                case "ms" -> NANOS_PER_MILLI;
                case "s" -> NANOS_PER_SECOND;
                case "m" -> NANOS_PER_MINUTE;
                case "h" -> NANOS_PER_HOUR;
                case "d" -> NANOS_PER_DAY;
                case "" -> throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
                default ->
                    throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            };
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            long nanos = total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(negative ? -nanos : nanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range", e);
        }
    }
}
