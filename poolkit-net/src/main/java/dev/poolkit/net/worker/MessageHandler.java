package dev.poolkit.net.worker;

/**
 * Handles one framed message of a connection (pool-manager's callback). The worker reads the
 * connection, frames the bytes into messages (see {@link WorkerPoolConfig#bufferSize()}) and calls
 * the handler once per message, in order, on the worker's thread; the next message is read only after
 * the handler returns.
 *
 * <p>The handler replies through {@link ClientConnection#output()} and may {@link
 * ClientConnection#close() close} the connection. <b>It must not read from {@link
 * ClientConnection#input()}</b>: the worker owns the reading side. Implementations are called from
 * many workers at once and must be thread-safe.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one message.
     *
     * @param client the connection the message came from
     * @param message the message's bytes, never empty; the array belongs to the handler
     * @throws Exception for any failure: the pool closes this connection, counts the failure and logs
     *     it (an {@link java.io.IOException} at DEBUG, anything else at WARN); the worker lives on
     */
    void onMessage(ClientConnection client, byte[] message) throws Exception;
}
