package dev.poolkit.monitor;

/**
 * The test a {@link Monitor} runs at every tick: it returns normally when the component is healthy
 * and throws when it is not; the exception's message becomes the monitor's message.
 *
 * <p>The check receives a {@link CheckContext} that is cancelled when the monitor's check timeout
 * expires or the monitor is stopped; at that moment the thread running the check is also
 * interrupted, so blocking JDK calls (socket I/O on virtual threads, {@code Thread.sleep},
 * {@code Future.get}, ...) end early. A check should use {@link CheckContext#remaining()} as the
 * timeout of its own I/O. A check that ignores both is not aborted: the monitor waits for it, and
 * records the latency it really took.
 *
 * <p><b>A check runs on its own (by default virtual) thread and may block, but it must not call
 * {@link Monitor#stop()} on its own monitor and wait for it.</b> Anything it throws, errors such as
 * {@link StackOverflowError} included, is a failure; it never stops the monitor.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Checks the component.
     *
     * @param context the cancellable context of this check, with its deadline
     * @throws Exception if the component is not healthy; the message becomes the monitor's message
     */
    void check(CheckContext context) throws Exception;
}
