package dev.poolkit.monitor.check;

import static java.util.Objects.requireNonNull;

import dev.poolkit.monitor.CheckContext;
import dev.poolkit.monitor.HealthCheck;
import dev.poolkit.pool.Lease;
import dev.poolkit.pool.Pool;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Ready-made health checks: TCP connect, TLS handshake, HTTP GET expecting a 2xx status, and "a
 * {@link Pool} can lease within its timeout". Each bounds its own I/O by the check's remaining time
 * ({@link CheckContext#remaining()}), so it fails with a timeout message instead of running past the
 * monitor's check timeout, and each is interruptible.
 *
 * <p>The checks are thread-safe. The HTTP check owns an {@link HttpClient}; close it when done.
 */
public final class HealthChecks {

    private HealthChecks() {}

    private static int timeoutMillis(CheckContext ctx) throws SocketTimeoutException {
        long ms = ctx.remaining().toMillis();
        if (ms <= 0) {
            throw new SocketTimeoutException("no time left before the check deadline");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /**
     * A check that opens and closes a TCP connection.
     *
     * @param address the host and port; an unresolved address is resolved at each check
     * @return the check; it fails with the connect error ("Connection refused", "Connect timed out")
     * @throws NullPointerException if {@code address} is null
     */
    public static HealthCheck tcpConnect(InetSocketAddress address) {
        requireNonNull(address, "address");
        return ctx -> {
            try (Socket s = new Socket()) {
                s.connect(resolve(address), timeoutMillis(ctx));
            } catch (IOException e) {
                throw new IOException("tcp connect to " + address + " failed: " + e.getMessage(), e);
            }
        };
    }

    /**
     * A check that connects and completes a TLS handshake (the peer's certificate is verified against
     * the context's trust managers, and its host name when {@code verifyHostname} is set).
     *
     * @param address the host and port
     * @param sslContext the client context, with the trust store that must accept the server
     * @param verifyHostname whether to check the certificate's names against the address's host
     * @return the check; it fails with the TLS or connect error
     * @throws NullPointerException if an argument is null
     */
    public static HealthCheck tlsHandshake(InetSocketAddress address, SSLContext sslContext, boolean verifyHostname) {
        requireNonNull(address, "address");
        requireNonNull(sslContext, "sslContext");
        return ctx -> {
            InetSocketAddress target = resolve(address);
            try (Socket raw = new Socket()) {
                int timeout = timeoutMillis(ctx);
                raw.connect(target, timeout);
                raw.setSoTimeout(timeoutMillis(ctx));
                try (SSLSocket tls = (SSLSocket) sslContext
                        .getSocketFactory()
                        .createSocket(raw, address.getHostString(), address.getPort(), false)) {
                    if (verifyHostname) {
                        SSLParameters params = tls.getSSLParameters();
                        params.setEndpointIdentificationAlgorithm("HTTPS");
                        tls.setSSLParameters(params);
                    }
                    tls.startHandshake();
                }
            } catch (IOException e) {
                throw new IOException("tls handshake with " + address + " failed: " + e.getMessage(), e);
            }
        };
    }

    /**
     * A check that sends an HTTP GET and expects a 2xx status; the body is discarded. The returned
     * check owns an {@link HttpClient} (connect timeout 10 s at most, each request bounded by the
     * check's remaining time) and must be closed when no longer used.
     *
     * @param uri the URI ({@code http} or {@code https})
     * @param sslContext the context for {@code https}, or null for the JDK default
     * @return the check; it fails with {@code HTTP GET <uri> returned <status>} or the I/O error
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if the scheme is not http or https
     */
    public static HttpGetCheck httpGet(URI uri, SSLContext sslContext) {
        return new HttpGetCheck(uri, sslContext);
    }

    /** An HTTP GET health check; see {@link HealthChecks#httpGet}. Thread-safe. */
    public static final class HttpGetCheck implements HealthCheck, AutoCloseable {
        private final URI uri;
        private final ExecutorService executor;
        private final HttpClient client;

        private HttpGetCheck(URI uri, SSLContext sslContext) {
            this.uri = requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            Checks.argument(
                    "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme),
                    "uri must be http or https, but was %s",
                    uri);
            this.executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("poolkit-monitor-http").factory());
            HttpClient.Builder b = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor);
            if (sslContext != null) {
                b.sslContext(sslContext);
            }
            this.client = b.build();
        }

        @Override
        public void check(CheckContext ctx) throws Exception {
            Duration left = ctx.remaining();
            if (left.isZero()) {
                throw new SocketTimeoutException("no time left before the check deadline");
            }
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(left).GET().build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new IOException("HTTP GET " + uri + " returned " + status);
            }
        }

        /** Closes the HTTP client and its executor, and waits for their threads to end. */
        @Override
        public void close() {
            client.close();
            executor.close();
        }
    }

    /**
     * A check that leases a resource from a pool and returns it at once. The wait is bounded by
     * {@code timeout} and by the check's remaining time, whichever is shorter.
     *
     * @param pool the pool
     * @param timeout the longest wait for a lease
     * @return the check; it fails with the pool's exception (timeout, closed, creation failure)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static HealthCheck poolCanLease(Pool<?> pool, Duration timeout) {
        requireNonNull(pool, "pool");
        Checks.notNegative(timeout, "timeout");
        return ctx -> {
            Duration left = ctx.remaining();
            Duration wait = left.compareTo(timeout) < 0 ? left : timeout;
            try (Lease<?> lease = pool.acquire(wait)) {
                lease.get();
            }
        };
    }

    /**
     * A check that a pool can lease within its configured acquire timeout (bounded by the check's
     * remaining time).
     *
     * @param pool the pool
     * @return the check
     * @throws NullPointerException if {@code pool} is null
     */
    public static HealthCheck poolCanLease(Pool<?> pool) {
        return poolCanLease(pool, requireNonNull(pool, "pool").config().acquireTimeout());
    }

    private static InetSocketAddress resolve(InetSocketAddress a) {
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }
}
