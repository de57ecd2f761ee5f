package dev.poolkit.net.worker;

/**
 * A snapshot of an {@link IdleReaper}, from {@link IdleReaper#stats()}.
 *
 * @param watched clients registered now
 * @param idleClosed clients closed because they stayed silent too long, over the reaper's life
 * @param ticks ticks run, over the reaper's life
 */
public record IdleReaperStats(int watched, long idleClosed, long ticks) {}
