package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.internal.Checks;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of a {@link Monitor}: its name, the check timeout, the three check intervals
 * and the four rise/fall counts of golib's monitor, plus optional static info data.
 *
 * <p>The record rejects nonsense (negative durations, counts outside 0..255) when it is built. It
 * keeps zero values as given; {@link #normalized()} applies golib's documented defaults, and
 * {@link Monitor#setConfig} stores the normalised form and logs each value it changed, once, with
 * the given and the used value: at DEBUG for a zero value (zero means "use the default", and the
 * builder leaves the fall and rise intervals at zero), at INFO for a non-zero value below the
 * minimum:
 *
 * <table>
 *   <caption>Normalisation (golib's rules)</caption>
 *   <tr><th>Field</th><th>Rule</th></tr>
 *   <tr><td>checkTimeout</td><td>below 1 µs becomes 5 s</td></tr>
 *   <tr><td>intervalCheck</td><td>below 1 µs becomes 1 s</td></tr>
 *   <tr><td>intervalFall, intervalRise</td><td>below 1 µs becomes intervalCheck</td></tr>
 *   <tr><td>each count</td><td>0 becomes 1</td></tr>
 *   <tr><td>name</td><td>empty becomes {@code "not named"}</td></tr>
 * </table>
 *
 * <p>Configuration files use golib's keys ({@code name}, {@code data}, {@code check-timeout},
 * {@code interval-check}, {@code interval-fall} (alias {@code interval-down}), {@code interval-rise},
 * {@code fall-count-ko}, {@code fall-count-warn}, {@code rise-count-ko}, {@code rise-count-warn})
 * with golib's duration strings such as {@code "5s"} or {@code "1m30s"} (a bare integer is
 * nanoseconds), in JSON ({@link #fromJson}) or YAML ({@link #fromYaml}). Durations take exactly the
 * units of Go's {@code time.ParseDuration} ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}, case-sensitive) plus golib's {@code d} (24 h). Unknown keys, a key given
 * twice, and {@code interval-fall} together with its alias are rejected; golib's {@code logger} key
 * is accepted and ignored, because poolkit logs through SLF4J.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the monitor's name; empty means {@code "not named"}
 * @param checkTimeout how long a check may run before its context is cancelled
 * @param intervalCheck the time between checks while the status is steady
 * @param intervalFall the time between checks while falling (OK towards KO)
 * @param intervalRise the time between checks while rising (KO towards OK)
 * @param fallCountKo consecutive failures that take Warn to KO
 * @param fallCountWarn consecutive failures that take OK to Warn
 * @param riseCountKo consecutive successes that take KO to Warn
 * @param riseCountWarn consecutive successes that take Warn to OK
 * @param data static info data that replaces the {@link Info}'s static data when non-empty
 */
public record MonitorConfig(
        String name,
        Duration checkTimeout,
        Duration intervalCheck,
        Duration intervalFall,
        Duration intervalRise,
        int fallCountKo,
        int fallCountWarn,
        int riseCountKo,
        int riseCountWarn,
        SortedMap<String, Object> data) {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorConfig.class);

    /** The name of a monitor that was given none: {@value}. */
    public static final String DEFAULT_NAME = "not named";
    /** The check timeout that a zero (below 1 µs) timeout becomes: 5 s. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** The check interval that a zero (below 1 µs) interval becomes: 1 s. */
    public static final Duration DEFAULT_INTERVAL_CHECK = Duration.ofSeconds(1);
    /** The count that a zero count becomes: 1. */
    public static final int DEFAULT_COUNT = 1;
    /** The largest count (golib stores counts as uint8): {@value}. */
    public static final int MAX_COUNT = 255;

    private static final Duration MIN_DURATION = Duration.ofNanos(1_000);

    /**
     * Checks every rule.
     *
     * @throws IllegalArgumentException if a duration is negative or a count is outside 0..255
     * @throws NullPointerException if a field is null
     */
    public MonitorConfig {
        requireNonNull(name, "name");
        Checks.notNegative(checkTimeout, "checkTimeout");
        Checks.notNegative(intervalCheck, "intervalCheck");
        Checks.notNegative(intervalFall, "intervalFall");
        Checks.notNegative(intervalRise, "intervalRise");
        count(fallCountKo, "fallCountKo");
        count(fallCountWarn, "fallCountWarn");
        count(riseCountKo, "riseCountKo");
        count(riseCountWarn, "riseCountWarn");
        requireNonNull(data, "data");
        TreeMap<String, Object> copy = new TreeMap<>();
        data.forEach((k, v) -> copy.put(requireNonNull(k, "data key"), requireNonNull(v, "data value")));
        data = Collections.unmodifiableSortedMap(copy);
    }

    private static void count(int value, String field) {
        Checks.argument(
                value >= 0 && value <= MAX_COUNT, "%s must be between 0 and %d, but was %d", field, MAX_COUNT, value);
    }

    /**
     * Returns the configuration of a monitor that was never configured (golib's {@code GetConfig} of
     * a new monitor): check timeout 5 s, all intervals 1 s, all counts 1, name {@code "not named"}.
     *
     * @return the defaults
     */
    public static MonitorConfig defaults() {
        return builder().build().normalized();
    }

    /**
     * Returns golib's recommended template ({@code DefaultConfig}): check timeout 3 s, check interval
     * 5 s, fall and rise intervals 10 s, fall-count-ko 3, fall-count-warn 2, rise-count-ko 3,
     * rise-count-warn 2. It is a starting point only; nothing applies it automatically.
     *
     * @return the template
     */
    public static MonitorConfig template() {
        return builder()
                .checkTimeout(Duration.ofSeconds(3))
                .intervalCheck(Duration.ofSeconds(5))
                .intervalFall(Duration.ofSeconds(10))
                .intervalRise(Duration.ofSeconds(10))
                .fallCountKo(3)
                .fallCountWarn(2)
                .riseCountKo(3)
                .riseCountWarn(2)
                .build();
    }

    /**
     * Starts a builder with the values of {@link #defaults()}, except that the fall and rise intervals
     * are zero, which normalisation turns into the check interval: setting only {@code
     * intervalCheck} sets all three.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with every value of this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .checkTimeout(checkTimeout)
                .intervalCheck(intervalCheck)
                .intervalFall(intervalFall)
                .intervalRise(intervalRise)
                .fallCountKo(fallCountKo)
                .fallCountWarn(fallCountWarn)
                .riseCountKo(riseCountKo)
                .riseCountWarn(riseCountWarn)
                .data(data);
    }

    /**
     * Returns this configuration with golib's normalisation applied (see the class comment).
     *
     * @return the normalised configuration; {@code this} if nothing changed
     */
    public MonitorConfig normalized() {
        String n = name.isEmpty() ? DEFAULT_NAME : name;
        Duration timeout = checkTimeout.compareTo(MIN_DURATION) < 0 ? DEFAULT_CHECK_TIMEOUT : checkTimeout;
        Duration check = intervalCheck.compareTo(MIN_DURATION) < 0 ? DEFAULT_INTERVAL_CHECK : intervalCheck;
        Duration fall = intervalFall.compareTo(MIN_DURATION) < 0 ? check : intervalFall;
        Duration rise = intervalRise.compareTo(MIN_DURATION) < 0 ? check : intervalRise;
        MonitorConfig result = new MonitorConfig(
                n,
                timeout,
                check,
                fall,
                rise,
                Math.max(DEFAULT_COUNT, fallCountKo),
                Math.max(DEFAULT_COUNT, fallCountWarn),
                Math.max(DEFAULT_COUNT, riseCountKo),
                Math.max(DEFAULT_COUNT, riseCountWarn),
                data);
        return result.equals(this) ? this : result;
    }

    /** Logs, once each, the fields that normalisation changed from this configuration to {@code used}. */
    void logNormalization(MonitorConfig used) {
        if (used == this || !LOG.isInfoEnabled() && !LOG.isDebugEnabled()) {
            return;
        }
        String n = used.name;
        logChange(n, "name", name, used.name);
        logChange(n, "checkTimeout", checkTimeout, used.checkTimeout);
        logChange(n, "intervalCheck", intervalCheck, used.intervalCheck);
        logChange(n, "intervalFall", intervalFall, used.intervalFall);
        logChange(n, "intervalRise", intervalRise, used.intervalRise);
        logChange(n, "fallCountKo", fallCountKo, used.fallCountKo);
        logChange(n, "fallCountWarn", fallCountWarn, used.fallCountWarn);
        logChange(n, "riseCountKo", riseCountKo, used.riseCountKo);
        logChange(n, "riseCountWarn", riseCountWarn, used.riseCountWarn);
    }

    private static void logChange(String monitor, String field, Object given, Object used) {
        if (given.equals(used)) {
            return;
        }
        // zero (or an empty name) means "use the default"; a non-zero value below the minimum is
        // probably a mistake worth seeing
        if (given.equals(Duration.ZERO) || given.equals(0) || given.equals("")) {
            LOG.debug("Monitor '{}': {} not set, using {}", monitor, field, used);
        } else {
            LOG.info("Monitor '{}': {} {} is below the minimum, using {}", monitor, field, given, used);
        }
    }

    // ---------------------------------------------------------------- files

    /**
     * Reads a configuration from JSON with golib's keys.
     *
     * @param json the JSON object text
     * @return the configuration (not normalised)
     * @throws IllegalArgumentException if the text is not a JSON object, a key is unknown or given
     *     twice, both {@code interval-fall} and {@code interval-down} are given, or a value is
     *     invalid; the message names the key
     * @throws NullPointerException if {@code json} is null
     */
    public static MonitorConfig fromJson(String json) {
        return MonitorConfigReader.JSON.read(json);
    }

    /**
     * Reads a configuration from YAML with golib's keys.
     *
     * @param yaml the YAML mapping text
     * @return the configuration (not normalised)
     * @throws IllegalArgumentException if the text is not a YAML mapping, a key is unknown or given
     *     twice, both {@code interval-fall} and {@code interval-down} are given, or a value is
     *     invalid; the message names the key
     * @throws NullPointerException if {@code yaml} is null
     */
    public static MonitorConfig fromYaml(String yaml) {
        return MonitorConfigReader.YAML.read(yaml);
    }

    /**
     * Reads a configuration file: YAML if its name ends in {@code .yaml} or {@code .yml}, JSON
     * otherwise.
     *
     * @param file the file
     * @return the configuration (not normalised)
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the content is invalid; the message names the key
     * @throws NullPointerException if {@code file} is null
     */
    public static MonitorConfig read(Path file) {
        return MonitorConfigReader.read(file);
    }

    /** Collects the values of a {@link MonitorConfig}; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
        private Duration intervalCheck = DEFAULT_INTERVAL_CHECK;
        private Duration intervalFall = Duration.ZERO; // normalised to intervalCheck
        private Duration intervalRise = Duration.ZERO; // normalised to intervalCheck
        private int fallCountKo = DEFAULT_COUNT;
        private int fallCountWarn = DEFAULT_COUNT;
        private int riseCountKo = DEFAULT_COUNT;
        private int riseCountWarn = DEFAULT_COUNT;
        private Map<String, ?> data = Map.of();

        private Builder() {}

        /**
         * Sets the monitor's name.
         *
         * @param name the name; empty is normalised to {@code "not named"}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the check timeout.
         *
         * @param checkTimeout how long a check may run; not negative
         * @return this builder
         */
        public Builder checkTimeout(Duration checkTimeout) {
            this.checkTimeout = checkTimeout;
            return this;
        }

        /**
         * Sets the interval between checks while the status is steady.
         *
         * @param intervalCheck the interval; not negative
         * @return this builder
         */
        public Builder intervalCheck(Duration intervalCheck) {
            this.intervalCheck = intervalCheck;
            return this;
        }

        /**
         * Sets the interval between checks while falling.
         *
         * @param intervalFall the interval; not negative; below 1 µs (the default) means {@code
         *     intervalCheck}
         * @return this builder
         */
        public Builder intervalFall(Duration intervalFall) {
            this.intervalFall = intervalFall;
            return this;
        }

        /**
         * Sets the interval between checks while rising.
         *
         * @param intervalRise the interval; not negative; below 1 µs (the default) means {@code
         *     intervalCheck}
         * @return this builder
         */
        public Builder intervalRise(Duration intervalRise) {
            this.intervalRise = intervalRise;
            return this;
        }

        /**
         * Sets how many consecutive failures take Warn to KO.
         *
         * @param fallCountKo 0..255
         * @return this builder
         */
        public Builder fallCountKo(int fallCountKo) {
            this.fallCountKo = fallCountKo;
            return this;
        }

        /**
         * Sets how many consecutive failures take OK to Warn.
         *
         * @param fallCountWarn 0..255
         * @return this builder
         */
        public Builder fallCountWarn(int fallCountWarn) {
            this.fallCountWarn = fallCountWarn;
            return this;
        }

        /**
         * Sets how many consecutive successes take KO to Warn.
         *
         * @param riseCountKo 0..255
         * @return this builder
         */
        public Builder riseCountKo(int riseCountKo) {
            this.riseCountKo = riseCountKo;
            return this;
        }

        /**
         * Sets how many consecutive successes take Warn to OK.
         *
         * @param riseCountWarn 0..255
         * @return this builder
         */
        public Builder riseCountWarn(int riseCountWarn) {
            this.riseCountWarn = riseCountWarn;
            return this;
        }

        /**
         * Sets the static info data.
         *
         * @param data the data; copied and sorted by key
         * @return this builder
         */
        public Builder data(Map<String, ?> data) {
            this.data = data;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a duration is negative or a count is outside 0..255
         * @throws NullPointerException if a value is null
         */
        public MonitorConfig build() {
            requireNonNull(data, "data");
            return new MonitorConfig(
                    name,
                    checkTimeout,
                    intervalCheck,
                    intervalFall,
                    intervalRise,
                    fallCountKo,
                    fallCountWarn,
                    riseCountKo,
                    riseCountWarn,
                    new TreeMap<>(data));
        }
    }
}
