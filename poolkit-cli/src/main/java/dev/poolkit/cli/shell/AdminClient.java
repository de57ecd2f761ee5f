package dev.poolkit.cli.shell;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A client of the admin endpoint ({@code dev.poolkit.cli.admin.AdminServer}): GET and POST with the
 * bearer token, JSON bodies parsed, and every failure turned into an {@link AdminClientException}
 * whose message is one line an operator can act on.
 *
 * <p>Thread-safe; {@link #close()} releases the HTTP client.
 */
public final class AdminClient implements AutoCloseable {

    /** How long connecting and each request may take; the endpoint is local and answers at once. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    private AdminClient(URI base, Optional<String> token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Creates a client; connects nothing yet.
     *
     * @param url the endpoint's base URL ({@code http://127.0.0.1:9900}); a bare {@code HOST:PORT}
     *     means {@code http://HOST:PORT}
     * @param token the bearer token, or empty to send none
     * @param timeout how long connecting and each request may take
     * @return the client
     * @throws IllegalArgumentException if {@code url} is not an http(s) URL with a host, or carries a
     *     path, query or fragment, or {@code timeout} is not positive; the message names the value
     * @throws NullPointerException if an argument is null
     */
    public static AdminClient create(String url, Optional<String> token, Duration timeout) {
        requireNonNull(url, "url");
        requireNonNull(token, "token");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        String text = url.strip();
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw badUrl(url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && (uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"));
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw badUrl(url);
        }
        URI base = URI.create(scheme + "://" + uri.getRawAuthority());
        return new AdminClient(base, token.filter(t -> !t.isBlank()), timeout);
    }

    private static IllegalArgumentException badUrl(String url) {
        return new IllegalArgumentException(
                "--admin must be an http URL such as http://127.0.0.1:9900 (or HOST:PORT), but was '" + url + "'");
    }

    /**
     * Returns the base URL requests go to.
     *
     * @return the URL without a trailing slash, for example {@code http://127.0.0.1:9900}
     */
    public URI base() {
        return base;
    }

    /**
     * Sends a GET and parses the JSON answer.
     *
     * @param path the path, starting with {@code /}, already percent-encoded where needed
     * @return the parsed body
     * @throws AdminClientException if the endpoint cannot be reached, refuses the token, answers
     *     with a status other than 2xx, or with a body that is not JSON
     * @throws InterruptedException if the thread was interrupted while waiting for the answer
     */
    public JsonNode getJson(String path) throws InterruptedException {
        return parse("GET", path, send("GET", path, null));
    }

    /**
     * Sends a POST with a plain-text body and parses the JSON answer.
     *
     * @param path the path, starting with {@code /}, already percent-encoded where needed
     * @param body the request body (a command line for {@code /shell}, empty for the actions)
     * @return the parsed body
     * @throws AdminClientException as {@link #getJson} does
     * @throws InterruptedException if the thread was interrupted while waiting for the answer
     */
    public JsonNode postJson(String path, String body) throws InterruptedException {
        requireNonNull(body, "body");
        return parse("POST", path, send("POST", path, body));
    }

    private String send(String method, String path, String body) throws InterruptedException {
        requireNonNull(path, "path");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AdminClientException(
                    AdminClientException.UNREACHABLE,
                    "cannot reach the admin endpoint at " + base + ": " + unreachable(e),
                    e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new AdminClientException(
                    401,
                    token.isPresent()
                            ? "the admin endpoint at " + base + " refused the token (401)"
                            : "the admin endpoint at " + base + " requires a token (401); give --token",
                    null);
        }
        if (status / 100 != 2) {
            throw new AdminClientException(status, errorText(response.body(), status), null);
        }
        return response.body();
    }

    private JsonNode parse(String method, String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AdminClientException(
                    AdminClientException.BAD_ANSWER,
                    method + " " + path + " at " + base + " did not answer JSON: " + describe(e),
                    e);
        }
    }

    /** The endpoint's {@code {"error": ...}} text, else the status and body as they came. */
    private static String errorText(String body, int status) {
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not the endpoint's error shape: fall through to the raw text
        }
        String raw = body == null ? "" : body.strip();
        return "HTTP " + status
                + (raw.isEmpty() ? "" : ": " + raw.lines().findFirst().orElse(""));
    }

    /** Why no answer came, in words: the JDK's client often gives a bare exception here. */
    private String unreachable(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
        }
        return describe(e);
    }

    /** One line: the message, else the type (a bare ConnectException has no message). */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause.getMessage() == null || cause.getMessage().isBlank()) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank()
                ? cause.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        http.close();
    }
}
