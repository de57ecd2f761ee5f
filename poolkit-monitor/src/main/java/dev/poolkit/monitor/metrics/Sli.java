package dev.poolkit.monitor.metrics;

import java.time.Duration;

/**
 * The service level indicator of a monitor: availability = uptime / (uptime + downtime), clamped to
 * [0, {@value #MAX}]. This deliberately replaces golib's {@code 1 − downtime/uptime} (which is not a
 * ratio: 90 s up and 10 s down gave 0.889 instead of 0.9, and 10 s up and 30 s down gave 0), its
 * carry-over of the previous monitor's value for a monitor with no time, and its NaN mean for an
 * empty pool (design §5). Thread-safe (stateless).
 */
public final class Sli {

    /** The largest SLI published (golib's clamp): 0.999999999999. */
    public static final double MAX = 0.999999999999;

    private Sli() {}

    /**
     * Returns the availability of a monitor.
     *
     * @param uptime the time credited to OK
     * @param downtime the time credited to Warn and KO
     * @return the availability in [0, {@link #MAX}], or {@code NaN} if both are zero (the monitor has
     *     no time yet and must be left out of aggregates)
     */
    public static double availability(Duration uptime, Duration downtime) {
        double up = seconds(uptime);
        double down = seconds(downtime);
        if (up + down <= 0) {
            return Double.NaN;
        }
        double a = up / (up + down);
        return a < 0 ? 0 : Math.min(a, MAX);
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
