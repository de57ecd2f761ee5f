package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poolkit.net.SocketAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint (JDK {@code HttpServer}): routes requests to {@link AdminRoute}s, checks
 * the bearer token, and answers every failure with a status and a JSON body
 * {@code {"error": "..."}}: 401 without the right token (except on {@linkplain AdminRoute#open() open}
 * routes, which serve the stats page's own files), 404 for an unknown path, 405 for a known
 * path with another method (with {@code Allow}), 413 for a body over the limit, 400 for a bad
 * request, 500 for a handler that failed (logged).
 *
 * <p>Requests run on a virtual thread each. Thread-safe; {@link #close()} stops listening and waits
 * for running requests.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminConfig config;
    private final List<AdminRoute> routes;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] expectedAuthorization;

    private AdminServer(AdminConfig config, List<AdminRoute> routes) throws IOException {
        this.config = config;
        this.routes = List.copyOf(routes);
        this.expectedAuthorization = config.token()
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        server = HttpServer.create(SocketAddresses.resolve(config.address()), 64);
        executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("poolkit-admin-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /**
     * Starts listening.
     *
     * @param config where to listen and the token
     * @param routes the endpoints
     * @return the running server
     * @throws IOException if the address cannot be bound (a port in use); the message names it
     * @throws NullPointerException if an argument is null
     */
    public static AdminServer start(AdminConfig config, List<AdminRoute> routes) throws IOException {
        requireNonNull(config, "config");
        requireNonNull(routes, "routes");
        try {
            return new AdminServer(config, routes);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("cannot listen on " + SocketAddresses.describe(config.address())
                    + " for the admin endpoint: " + e.getMessage());
        }
    }

    /**
     * Returns the address the server listens on, with the real port when port 0 was asked for.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Returns the base URL, for example {@code http://127.0.0.1:9900}.
     *
     * @return the URL without a trailing slash
     */
    public String url() {
        InetSocketAddress address = address();
        return "http://" + SocketAddresses.describe(address.getAddress().getHostAddress(), address.getPort());
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            AdminResponse response;
            try {
                response = answer(exchange);
            } catch (RuntimeException e) {
                LOG.warn("Admin endpoint: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = error(500, "internal error: " + e);
            }
            send(exchange, response);
        } catch (IOException e) {
            LOG.debug("Admin endpoint: could not answer {}", exchange.getRequestURI(), e);
        }
    }

    private AdminResponse answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        if (expectedAuthorization != null && !isOpen(method, path)) {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] bytes = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(bytes, expectedAuthorization)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"poolkit\"");
                return error(401, given == null ? "a bearer token is required" : "the bearer token was refused");
            }
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (AdminRoute route : routes) {
            Optional<Map<String, String>> parameters = route.match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Optional<byte[]> body = readBody(exchange);
            if (body.isEmpty()) {
                return error(413, "request body larger than " + config.maxBodyBytes() + " bytes");
            }
            AdminRequest request = new AdminRequest(
                    method,
                    path,
                    parameters.get(),
                    query(exchange.getRequestURI().getRawQuery()),
                    body.get());
            try {
                return route.handler().handle(request);
            } catch (IllegalArgumentException e) {
                return error(400, e.getMessage());
            } catch (NoSuchElementException e) {
                return error(404, e.getMessage());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            return error(405, "method " + method + " not allowed on " + path + "; use " + String.join(" or ", allowed));
        }
        return error(404, "no such endpoint: " + path);
    }

    private boolean isOpen(String method, String path) {
        for (AdminRoute route : routes) {
            if (route.open()
                    && route.method().equals(method)
                    && route.match(path).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Reads the body, or empty if it is over the limit (declared or actual). */
    private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        int max = config.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Content-Length is not a number: '" + declared + "'");
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? Optional.empty() : Optional.of(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    /**
     * Returns an error response with the JSON body {@code {"error": message}}.
     *
     * @param status the status code
     * @param message what went wrong
     * @return the response
     */
    public static AdminResponse error(int status, String message) {
        return AdminResponse.json(status, toJson(Map.of("error", String.valueOf(message))));
    }

    /**
     * Writes a value as JSON with the admin endpoint's mapper.
     *
     * @param value a map, list, record or other Jackson-serialisable value
     * @return the JSON text
     */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    private static void send(HttpExchange exchange, AdminResponse response) throws IOException {
        byte[] body = response.body();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops listening, lets running requests finish (up to a second), and ends their threads. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    /**
     * Returns the configured routes, for help texts and tests.
     *
     * @return the routes in the order they are matched
     */
    public List<AdminRoute> routes() {
        return new ArrayList<>(routes);
    }
}
