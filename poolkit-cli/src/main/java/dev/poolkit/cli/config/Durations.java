package dev.poolkit.cli.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations an operator writes in the command's options and config files, in the form
 * the monitor keys use (golib's, which is Go's {@code time.ParseDuration} plus {@code d}): one or
 * more decimal numbers each followed by a unit, {@code ns}, {@code us} (or {@code µs}), {@code ms},
 * {@code s}, {@code m}, {@code h}, {@code d}: {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 1.5h};
 * {@code 0} alone is zero. Units are case-sensitive ({@code 5S} is an error), as in Go.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L,
            "μs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L,
            "d", 86_400_000_000_000L);

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @param text the text, for example {@code 10s}; surrounding spaces are ignored
     * @return the duration, never negative
     * @throws IllegalArgumentException if the text is not of that form; the message quotes it and
     *     shows the form
     * @throws NullPointerException if {@code text} is null
     */
    public static Duration parse(String text) {
        requireNonNull(text, "text");
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException(
                    "a duration must be a number and a unit (ns, us, ms, s, m, h, d) such as 250ms, 5s or 1m30s, but was '"
                            + text + "'");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a duration must be at most 292 years, but was '" + text + "'", e);
        }
    }

    /**
     * Writes a duration the way {@link #parse} reads it, in the largest units that keep it exact:
     * {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 0s}.
     *
     * @param duration the duration, not negative
     * @return the text
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    public static String format(Duration duration) {
        requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, but was " + duration);
        }
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L != 0) {
            return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + "ms" : nanos + "ns";
        }
        long seconds = duration.toSeconds();
        StringBuilder out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
