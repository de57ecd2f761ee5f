package dev.poolkit.net.host;

import dev.poolkit.net.Dialer;
import dev.poolkit.net.SocketAddresses;
import dev.poolkit.pool.DestroyReason;
import dev.poolkit.pool.ResourceFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core pool's factory for a {@link HostPool}: dials with retries, probes idle sockets, closes
 * them. Called on the pool's executor, several calls at once; thread-safe.
 */
final class SocketFactory implements ResourceFactory<PooledSocket> {

    private static final Logger LOG = LoggerFactory.getLogger(HostPool.class);

    private final String poolName;
    private final InetSocketAddress address;
    private final Dialer dialer;
    private final int attempts;
    private final long retryDelayNanos;
    private final long retryMaxDelayNanos;

    final LongAdder dials = new LongAdder();
    final LongAdder dialFailures = new LongAdder();

    SocketFactory(String poolName, InetSocketAddress address, Dialer dialer, HostPoolConfig config) {
        this.poolName = poolName;
        this.address = address;
        this.dialer = dialer;
        this.attempts = config.dialAttempts();
        this.retryDelayNanos = config.dialRetryDelay().toNanos();
        this.retryMaxDelayNanos = config.dialRetryMaxDelay().toNanos();
    }

    @Override
    public PooledSocket create() throws Exception {
        for (int failures = 0; ; ) {
            dials.increment();
            Socket socket;
            try {
                socket = dialer.dial(address);
            } catch (IOException e) {
                dialFailures.increment();
                failures++;
                if (failures >= attempts) {
                    throw e;
                }
                Duration delay = retryDelay(failures, retryDelayNanos, retryMaxDelayNanos, ThreadLocalRandom.current());
                if (LOG.isDebugEnabled()) {
                    LOG.debug(
                            "Host pool '{}': dial {} of {} to {} failed, next in {} ms: {}",
                            poolName,
                            failures,
                            attempts,
                            SocketAddresses.describe(address),
                            delay.toMillis(),
                            e.toString());
                }
                Thread.sleep(delay); // interrupted when the pool closes
                continue;
            }
            try {
                return new PooledSocket(socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    /**
     * The wait after the n-th failed dial in a row: a random time between {@code base} and {@code
     * min(max, base * 2^n)}.
     */
    static Duration retryDelay(int failures, long baseNanos, long maxNanos, RandomGenerator random) {
        long ceiling = baseNanos;
        for (int i = 0; i < failures && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        return Duration.ofNanos(baseNanos + random.nextLong(ceiling - baseNanos + 1));
    }

    @Override
    public boolean isValid(PooledSocket socket, Duration timeout) {
        return socket.probe();
    }

    @Override
    public void destroy(PooledSocket socket, DestroyReason reason) throws IOException {
        LOG.debug("Host pool '{}': closing {} ({})", poolName, socket, reason);
        socket.close();
    }
}
