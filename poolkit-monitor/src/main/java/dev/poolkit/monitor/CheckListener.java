package dev.poolkit.monitor;

/**
 * Told after every check of a monitor, once its new state is visible: the way to observe
 * transitions ({@link Monitor#addCheckListener}, or {@link MonitorPool#addCheckListener} for every
 * monitor of a pool). It is told of every result, not only of status changes; compare with the
 * status it saw last to detect a change. The pool and the metrics binders use it too.
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
