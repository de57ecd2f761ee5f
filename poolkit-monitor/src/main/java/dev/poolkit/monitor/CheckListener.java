package dev.poolkit.monitor;

/**
 * Told after every check of a monitor, once its new state is visible. Used by
 * {@link MonitorPool} and the metrics binders.
 *
 * <p><b>Runs on the check's thread; it must be fast and must not block.</b> An exception it throws is
 * logged at WARN and ignored.
 */
@FunctionalInterface
public interface CheckListener {

    /**
     * Called after a check.
     *
     * @param monitor the monitor that just recorded a result
     */
    void onCheck(Monitor monitor);
}
