package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint of the admin server: a method, a path pattern and a handler. A pattern is a path
 * whose segments are literal or {@code {name}}, which matches any one segment and hands it to the
 * handler as a path parameter: {@code /monitors/{name}/start}.
 *
 * @param method the HTTP method, upper case
 * @param pattern the path pattern
 * @param handler answers matching requests; it may throw {@link IllegalArgumentException} for a bad
 *     request (400, the message is the body) and {@link java.util.NoSuchElementException} for an
 *     unknown thing named in the path (404)
 * @param open whether the route is served without the bearer token: only for content that reveals
 *     and changes nothing, such as the stats page's own HTML, JS and CSS (its data comes from the
 *     other routes, which the page calls with the token)
 */
public record AdminRoute(String method, String pattern, Handler handler, boolean open) {

    /** Answers a request; called on a virtual thread per request. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers the request.
         *
         * @param request the request
         * @return the response
         * @throws Exception on failure, answered with 500 and logged
         */
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    /**
     * Creates a route that requires the token when one is set.
     *
     * @param method the HTTP method, upper case
     * @param pattern the path pattern
     * @param handler the handler
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code pattern} does not start with {@code /}
     */
    public AdminRoute(String method, String pattern, Handler handler) {
        this(method, pattern, handler, false);
    }

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code method}, {@code pattern} or {@code handler} is null
     * @throws IllegalArgumentException if {@code pattern} does not start with {@code /}
     */
    public AdminRoute {
        requireNonNull(method, "method");
        requireNonNull(pattern, "pattern");
        requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with '/', but was '" + pattern + "'");
        }
    }

    /**
     * Returns a GET route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return the route
     */
    public static AdminRoute get(String pattern, Handler handler) {
        return new AdminRoute("GET", pattern, handler);
    }

    /**
     * Returns a GET route served without the token (see {@link #open()}).
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return the route
     */
    public static AdminRoute openGet(String pattern, Handler handler) {
        return new AdminRoute("GET", pattern, handler, true);
    }

    /**
     * Returns a POST route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return the route
     */
    public static AdminRoute post(String pattern, Handler handler) {
        return new AdminRoute("POST", pattern, handler);
    }

    /**
     * Matches a path against the pattern.
     *
     * @param path the request's path
     * @return the path parameters if it matches, else empty
     */
    Optional<Map<String, String>> match(String path) {
        List<String> want = segments(pattern);
        List<String> have = segments(path);
        if (want.size() != have.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                parameters.put(w.substring(1, w.length() - 1), have.get(i));
            } else if (!w.equals(have.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? List.of() : List.of(trimmed.substring(1).split("/", -1));
    }
}
