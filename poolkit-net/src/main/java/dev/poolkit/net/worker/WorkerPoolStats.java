package dev.poolkit.net.worker;

/**
 * A snapshot of a {@link WorkerPool}'s state and counters, from {@link WorkerPool#stats()}. The
 * counters are cumulative over the pool's life, across stops and restarts. Each value is read
 * separately, so under load the values are not one atomic cut.
 *
 * @param workers worker threads alive now, busy and idle (in {@link ThreadMode#VIRTUAL}, one per
 *     connection being served)
 * @param idleWorkers platform workers waiting for a connection now (always 0 in VIRTUAL mode)
 * @param busy connections being served now
 * @param minWorkers the configured {@code minWorkers}
 * @param maxWorkers the configured {@code maxWorkers} (0 = unlimited)
 * @param accepted connections handed to a worker
 * @param rejected connections refused because {@code maxWorkers} were busy
 * @param messages messages delivered to the message handler
 * @param bytesRead bytes read from clients through {@link ClientConnection#input()} (the message
 *     form reads through it too) or recorded by {@link ClientConnection#recordTransfer}
 * @param bytesWritten bytes written to clients through {@link ClientConnection#output()} or
 *     recorded by {@link ClientConnection#recordTransfer}
 * @param handlerFailures handler calls that threw; each closed its connection
 * @param clientTimeouts message-form connections closed because no byte came within {@code
 *     clientDeadline}
 */
public record WorkerPoolStats(
        int workers,
        int idleWorkers,
        int busy,
        int minWorkers,
        int maxWorkers,
        long accepted,
        long rejected,
        long messages,
        long bytesRead,
        long bytesWritten,
        long handlerFailures,
        long clientTimeouts) {}
