package dev.poolkit.monitor.metrics;

import java.time.Duration;
import java.util.List;

/**
 * Names, tag and help texts of the monitor metrics (design §5). In Prometheus text they appear as
 * {@code monitor_latency_seconds} (histogram), {@code monitor_uptime_seconds}, {@code
 * monitor_downtime_seconds}, {@code monitor_risetime_seconds}, {@code monitor_falltime_seconds},
 * {@code monitor_status}, {@code monitor_rise}, {@code monitor_fall} and {@code monitor_sli}, each
 * with the tag {@code monitor}. These are golib's names (plus Prometheus unit suffixes), the one
 * family that does not follow the {@code poolkit.<component>} pattern.
 */
public final class MonitorMetricNames {

    private MonitorMetricNames() {}

    /** The tag holding the monitor's name (and {@code mean}, {@code min}, {@code max} for the SLI). */
    public static final String TAG_MONITOR = "monitor";

    /**
     * Timer of check latencies ({@code monitor_latency_seconds} histogram in Prometheus), with the
     * positive {@link #LATENCY_BUCKETS} as bucket bounds.
     */
    public static final String LATENCY = "monitor.latency";
    /** Uptime gauge, seconds. */
    public static final String UPTIME = "monitor.uptime";
    /** Downtime gauge, seconds. */
    public static final String DOWNTIME = "monitor.downtime";
    /** Rise-time gauge, seconds. */
    public static final String RISETIME = "monitor.risetime";
    /** Fall-time gauge, seconds. */
    public static final String FALLTIME = "monitor.falltime";
    /** Status gauge: KO 0, Warn 1, OK 2. */
    public static final String STATUS = "monitor.status";
    /** Rise flag gauge: 1 while rising. */
    public static final String RISE = "monitor.rise";
    /** Fall flag gauge: 1 while falling. */
    public static final String FALL = "monitor.fall";
    /** Availability gauge per monitor, plus {@code mean}, {@code min}, {@code max} series. */
    public static final String SLI = "monitor.sli";

    // golib's help texts, kept verbatim (design §2)
    static final String HELP_LATENCY = "the time monitor took to check components' health";
    static final String HELP_UPTIME = "the total seconds during the component are up";
    static final String HELP_DOWNTIME = "the total time during the components are down";
    static final String HELP_RISETIME = "the total time during the components are rising";
    static final String HELP_FALLTIME = "the total time during the components are falling";
    static final String HELP_STATUS = "the instant status of components";
    static final String HELP_RISE = "the status rising value of components";
    static final String HELP_FALL = "the status falling value of components";
    static final String HELP_SLI = "the SLIs rate of each component";

    /**
     * golib's 16 latency bucket bounds, in seconds: 0, .05, .1, .2, .3, .4, .5, .75, 1, 1.5, 2, 2.5, 3,
     * 4, 5, 10. The timer publishes the 15 positive ones: Micrometer accepts positive bounds only, so
     * golib's {@code le="0"} bucket is not published on any registry.
     */
    public static final List<Duration> LATENCY_BUCKETS = List.of(
            Duration.ZERO,
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(750),
            Duration.ofSeconds(1),
            Duration.ofMillis(1500),
            Duration.ofSeconds(2),
            Duration.ofMillis(2500),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
}
