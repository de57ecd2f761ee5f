package dev.poolkit.cli.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads JSON bodies in tests. */
final class AdminServerTestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminServerTestJson() {}

    static Map<String, Object> read(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }
}
