package dev.poolkit.monitor.internal;

import java.time.Duration;

/**
 * Go's {@code time.Duration} text forms, which golib's monitor output and configuration files use:
 * formatting ({@code 1m5s}, {@code 15ms}, with golib's {@code <days>d} prefix) and parsing
 * ({@code "5s"}, {@code "1h30m"}, {@code "1.5s"}, {@code "100ms"}, also {@code "2d"}), both exactly as
 * Go and golib do. Not API.
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
     * Parses a duration the way golib's {@code duration} package does: its quotes and spaces are
     * removed, then the text is read with the grammar and the arithmetic of Go's {@code
     * time.ParseDuration}, with golib's extra unit {@code d} (24 h). That is an optional sign, then
     * one or more decimal numbers, each with an optional fraction and a unit: {@code ns}, {@code us},
     * {@code µs} (U+00B5), {@code μs} (U+03BC), {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d}, case-sensitive (so {@code "5S"} and {@code "1M"} are errors, as in Go). {@code "0"}
     * alone is zero. A fraction below a nanosecond is truncated, as Go's float arithmetic does.
     *
     * @param text the text
     * @return the duration (negative if the text has a minus sign)
     * @throws IllegalArgumentException if the text is not a duration or is out of range, with Go's
     *     message without its {@code time: } prefix ({@code invalid duration "x"}, {@code missing
     *     unit in duration "5"}, {@code unknown unit "y" in duration "5y"})
     */
    public static Duration parse(String text) {
        String orig = text.replace("\"", "").replace("'", "").replace(" ", "");
        String s = orig;
        boolean negative = false;
        int i = 0;
        int n = s.length();
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == n) {
            throw invalid(orig);
        }
        long total = 0; // unsigned, at most 2^63
        while (i < n) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                throw invalid(orig);
            }
            // [0-9]*
            int start = i;
            long v = 0; // unsigned, at most 2^63
            for (; i < n && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, TWO_63 / 10) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(orig);
                }
            }
            boolean pre = i != start;
            // (\.[0-9]*)?
            long f = 0; // unsigned, at most 2^63
            double scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflow = false;
                for (; i < n && isDigit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true; // precision stops here, as in Go
                        continue;
                    }
                    long y = f * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(y, TWO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = i != fracStart;
            }
            if (!pre && !post) {
                throw invalid(orig); // no digits, as in ".s"
            }
            // unit: everything up to the next number
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("missing unit in duration " + quote(orig));
            }
            String u = s.substring(unitStart, i);
            long unit = unitNanos(u);
            if (unit == 0) {
                throw new IllegalArgumentException("unknown unit " + quote(u) + " in duration " + quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f != 0) {
                // Go adds uint64(float64(f) * (float64(unit) / scale)): the same double arithmetic
                double fraction = f >= 0 ? f : 0x1p63; // f is unsigned; its one "negative" value is 2^63
                v += (long) (fraction * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(orig);
                }
            }
            total += v;
            if (Long.compareUnsigned(total, TWO_63) > 0) {
                throw invalid(orig);
            }
        }
        if (negative) {
            return Duration.ofNanos(-total); // -(2^63) wraps to Long.MIN_VALUE, as in Go
        }
        if (total < 0) {
            throw invalid(orig); // 2^63 does not fit
        }
        return Duration.ofNanos(total);
    }

    /** 2^63 as an unsigned long. */
    private static final long TWO_63 = Long.MIN_VALUE;

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unitNanos(String u) {
        return switch (u) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> NANOS_PER_MICRO;
            case "ms" -> NANOS_PER_MILLI;
            case "s" -> NANOS_PER_SECOND;
            case "m" -> NANOS_PER_MINUTE;
            case "h" -> NANOS_PER_HOUR;
            case "d" -> NANOS_PER_DAY;
            default -> 0L;
        };
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("invalid duration " + quote(orig));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
