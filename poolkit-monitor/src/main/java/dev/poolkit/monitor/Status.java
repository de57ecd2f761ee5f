package dev.poolkit.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The health of a monitored component: {@link #KO}, {@link #WARN} or {@link #OK}, with golib's
 * numbering (0, 1, 2), names and parse rules. With Jackson (JSON, YAML) a status is written as its
 * display form ({@code "Warn"}) and read with {@link #parse}, so unknown text reads as KO, as in
 * golib. Immutable and thread-safe.
 */
public enum Status {
    /** Down: the component failed its checks. Number 0. */
    KO("KO", "KO"),
    /** Degraded: rising from KO or falling from OK. Number 1. */
    WARN("Warn", "WARN"),
    /** Up. Number 2. */
    OK("OK", "OK");

    private static final Status[] VALUES = values();

    private final String text;
    private final String code;

    Status(String text, String code) {
        this.text = text;
        this.code = code;
    }

    /**
     * Returns golib's display form: {@code "KO"}, {@code "Warn"} or {@code "OK"}. This is the form
     * used by the text and JSON encodings.
     *
     * @return the display form
     */
    @Override
    @JsonValue
    public String toString() {
        return text;
    }

    /**
     * Returns the upper-case code: {@code "KO"}, {@code "WARN"} or {@code "OK"}.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the status number: KO 0, Warn 1, OK 2 (the value of the {@code monitor_status} metric).
     *
     * @return 0, 1 or 2
     */
    public int number() {
        return ordinal();
    }

    /**
     * Maps a number to a status: 1 is Warn, 2 is OK, and anything else (0, negatives, values above
     * 255) is KO.
     *
     * @param number the number
     * @return the status, never null
     */
    public static Status of(long number) {
        return number == 1 || number == 2 ? VALUES[(int) number] : KO;
    }

    /**
     * Maps a floating-point number to a status after flooring it: 1.9 is Warn, 2.5 is OK, NaN is KO.
     *
     * @param number the number
     * @return the status, never null
     */
    public static Status of(double number) {
        double floor = Math.floor(number);
        return floor == 1.0 ? WARN : floor == 2.0 ? OK : KO;
    }

    /**
     * Parses a status the way golib does: the text is trimmed and lower-cased, the characters
     * {@code "}, {@code '} and space and the word {@code status} are removed, and what remains is
     * compared with {@code ok} and {@code warn}. Anything else, including {@code null}, is KO; this
     * method never fails. So {@code "'ok'"} is OK but {@code "Status: OK"} is KO (the colon stays).
     *
     * @param text the text, may be null
     * @return the status, never null
     */
    @JsonCreator
    public static Status parse(String text) {
        if (text == null) {
            return KO;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        s = s.replace("\"", "").replace("'", "").replace(" ", "").replace("status", "");
        if (s.equals("ok")) {
            return OK;
        }
        if (s.equals("warn")) {
            return WARN;
        }
        return KO;
    }
}
