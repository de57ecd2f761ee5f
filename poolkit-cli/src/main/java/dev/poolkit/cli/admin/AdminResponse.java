package dev.poolkit.cli.admin;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * What a route handler answers.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body the body bytes
 */
public record AdminResponse(int status, String contentType, byte[] body) {

    /** The content type of JSON bodies. */
    public static final String JSON = "application/json";
    /** The content type of plain text bodies. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /** Checks the fields and copies the body. */
    public AdminResponse {
        requireNonNull(contentType, "contentType");
        body = body.clone();
    }

    /**
     * Returns a JSON response.
     *
     * @param status the status code
     * @param json the JSON text
     * @return the response
     */
    public static AdminResponse json(int status, String json) {
        return new AdminResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a plain text response.
     *
     * @param status the status code
     * @param text the text
     * @return the response
     */
    public static AdminResponse text(int status, String text) {
        return new AdminResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the response body.
     *
     * @return a copy of the body bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
