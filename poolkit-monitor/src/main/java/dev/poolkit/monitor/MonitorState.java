package dev.poolkit.monitor;

import java.time.Duration;

/**
 * One immutable snapshot of a monitor's state machine, swapped in after every check so that readers
 * see consistent values without a lock or an allocation.
 */
record MonitorState(
        Status status,
        String message,
        boolean rise,
        boolean fall,
        int cntRise,
        int cntFall,
        Duration latency,
        Duration uptime,
        Duration downtime,
        Duration riseTime,
        Duration fallTime,
        long lastNanos) {

    /** golib's initial message, typo included: it is part of the observable output. */
    static final String INITIAL_MESSAGE = "no healcheck still run";

    static MonitorState initial(long nowNanos) {
        return new MonitorState(
                Status.KO,
                INITIAL_MESSAGE,
                false,
                false,
                0,
                0,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                nowNanos);
    }

    /**
     * Applies one check result: golib's state machine, exactly (reference §1.3). The time since the
     * previous result is credited to the status held before this one.
     */
    MonitorState next(boolean success, String msg, long latencyNanos, long nowNanos, MonitorConfig cfg) {
        long dur = nowNanos - lastNanos;
        Status st = status;
        boolean ri;
        boolean fa;
        int cr;
        int cf;
        Duration up = uptime;
        Duration down = downtime;
        Duration riseT = riseTime;
        Duration fallT = fallTime;
        if (success) {
            cf = 0;
            cr = cntRise + 1;
            switch (status) {
                case KO -> {
                    if (cr >= cfg.riseCountKo()) {
                        cr = 0;
                        st = Status.WARN;
                    }
                    ri = true;
                    fa = false;
                    riseT = riseT.plusNanos(dur);
                    down = down.plusNanos(dur);
                }
                case WARN -> {
                    if (cr >= cfg.riseCountWarn()) {
                        cr = 0;
                        ri = false;
                        st = Status.OK;
                    } else {
                        ri = true;
                    }
                    fa = false;
                    riseT = riseT.plusNanos(dur);
                    down = down.plusNanos(dur);
                }
                default -> {
                    cr = 0;
                    ri = false;
                    fa = false;
                    up = up.plusNanos(dur);
                }
            }
        } else {
            cr = 0;
            cf = cntFall + 1;
            switch (status) {
                case OK -> {
                    if (cf >= cfg.fallCountWarn()) {
                        cf = 0;
                        st = Status.WARN;
                    }
                    fa = true;
                    ri = false;
                    fallT = fallT.plusNanos(dur);
                    up = up.plusNanos(dur);
                }
                case WARN -> {
                    if (cf >= cfg.fallCountKo()) {
                        cf = 0;
                        st = Status.KO;
                        fa = false;
                    } else {
                        fa = true;
                    }
                    ri = false;
                    fallT = fallT.plusNanos(dur);
                    down = down.plusNanos(dur);
                }
                default -> {
                    cf = 0;
                    fa = false;
                    ri = false;
                    down = down.plusNanos(dur);
                }
            }
        }
        return new MonitorState(
                st,
                success ? "" : msg,
                ri,
                fa,
                cr,
                cf,
                latencyNanos == 0 ? Duration.ZERO : Duration.ofNanos(latencyNanos),
                up,
                down,
                riseT,
                fallT,
                nowNanos);
    }
}
