package dev.poolkit.cli.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the admin endpoint, as a route handler sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, without the query
 * @param pathParameters the values of a route's {@code {name}} segments
 * @param query the decoded query parameters, first value of each
 * @param body the request body, at most {@link AdminConfig#maxBodyBytes()} bytes
 */
public record AdminRequest(
        String method, String path, Map<String, String> pathParameters, Map<String, String> query, byte[] body) {

    /** Copies the collections. */
    public AdminRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        body = body.clone();
    }

    /**
     * Returns a path parameter.
     *
     * @param name the segment's name in the route's pattern
     * @return its value
     * @throws IllegalArgumentException if the route has no such segment
     */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path parameter '" + name + "' in " + path);
        }
        return value;
    }

    /**
     * Returns a query parameter.
     *
     * @param name the parameter's name
     * @return its first value, or empty
     */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /**
     * Returns the body split into whitespace-separated words (the POST actions' argument form).
     *
     * @return the words, possibly empty
     */
    public List<String> bodyWords() {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    /**
     * Returns the request body.
     *
     * @return a copy of the body bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
