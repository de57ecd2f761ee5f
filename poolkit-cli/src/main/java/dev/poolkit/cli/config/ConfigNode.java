package dev.poolkit.cli.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One value of a YAML configuration file with the line it was written on, so that every error can
 * name the file, the line and the key ({@code proxy.yaml, line 7: pool.max-size must be ...}). A
 * node is a mapping, a list or a scalar; keys keep the order of the file, and a key given twice in
 * one mapping is an error (YAML parsers usually let the last one win silently).
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigNode {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String file;
    private final String path;
    private final int line;
    private final JsonNode scalar; // null unless a scalar
    private final Map<String, ConfigNode> fields; // null unless a mapping
    private final List<ConfigNode> elements; // null unless a list

    private ConfigNode(
            String file,
            String path,
            int line,
            JsonNode scalar,
            Map<String, ConfigNode> fields,
            List<ConfigNode> elements) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.scalar = scalar;
        this.fields = fields;
        this.elements = elements;
    }

    /**
     * Reads a YAML file.
     *
     * @param file the file
     * @return its root node, a mapping
     * @throws ConfigException if the file cannot be read, is not valid YAML, or is not one mapping
     * @throws NullPointerException if {@code file} is null
     */
    public static ConfigNode read(Path file) {
        requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + reason(e), e);
        }
        return parse(file.toString(), text);
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException || e instanceof UncheckedIOException) {
            return "it is not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Parses YAML text.
     *
     * @param file the name to put in messages
     * @param text the YAML text
     * @return the root node, a mapping
     * @throws ConfigException if the text is not valid YAML or not one mapping; the message names the
     *     line
     * @throws NullPointerException if an argument is null
     */
    public static ConfigNode parse(String file, String text) {
        requireNonNull(file, "file");
        requireNonNull(text, "text");
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                throw new ConfigException(
                        file + " is empty; it must be a YAML mapping such as 'listen: 127.0.0.1:6380'");
            }
            ConfigNode root = node(file, "", p);
            if (root.fields == null) {
                throw root.error("the file must be a YAML mapping of keys such as 'listen: 127.0.0.1:6380', but was "
                        + root.describe());
            }
            if (p.nextToken() != null) {
                throw new ConfigException(file + ", line " + lineOf(p.currentTokenLocation())
                        + ": a second YAML document; the file must hold one");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file : file + ", line " + at.getLineNr();
            throw new ConfigException(where + ": not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String: cannot happen
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static int lineOf(JsonLocation location) {
        return Math.max(1, location.getLineNr());
    }

    /** Reads the value at the parser's current token, which is its first. */
    private static ConfigNode node(String file, String path, JsonParser p) throws IOException {
        int line = lineOf(p.currentTokenLocation());
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, ConfigNode> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = lineOf(p.currentTokenLocation());
                String childPath = path.isEmpty() ? key : path + "." + key;
                ConfigNode earlier = fields.get(key);
                if (earlier != null) {
                    throw new ConfigException(file + ", line " + keyLine + ": duplicate key '" + childPath
                            + "' (first given on line " + earlier.line + ")");
                }
                p.nextToken();
                ConfigNode child = node(file, childPath, p);
                fields.put(key, child.atLine(keyLine));
            }
            return new ConfigNode(file, path, line, null, fields, null);
        }
        if (token == JsonToken.START_ARRAY) {
            List<ConfigNode> elements = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                elements.add(node(file, path + "[" + elements.size() + "]", p));
            }
            return new ConfigNode(file, path, line, null, null, elements);
        }
        JsonNode value = YAML.readTree(p);
        return new ConfigNode(file, path, line, value == null ? NullNode.getInstance() : value, null, null);
    }

    /** A mapping's value is reported on its key's line: where the operator wrote it. */
    private ConfigNode atLine(int keyLine) {
        return new ConfigNode(file, path, keyLine, scalar, fields, elements);
    }

    // ---------------------------------------------------------------- structure

    /**
     * Returns the key path of this value, such as {@code pool.max-size} or {@code backends[1]};
     * empty for the root.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the line the value (or its key) is on.
     *
     * @return the line, from 1
     */
    public int line() {
        return line;
    }

    /**
     * Returns an error about this value, for the caller to throw.
     *
     * @param message what is wrong, naming the key
     * @return the exception, with the file and line in front of the message
     */
    public ConfigException error(String message) {
        return new ConfigException(file + ", line " + line + ": " + message);
    }

    /**
     * Returns an error about this value with a cause, for the caller to throw.
     *
     * @param message what is wrong, naming the key
     * @param cause the underlying failure
     * @return the exception, with the file and line in front of the message
     */
    public ConfigException error(String message, Throwable cause) {
        return new ConfigException(file + ", line " + line + ": " + message, cause);
    }

    /**
     * Checks that this is a mapping with no keys but {@code known}.
     *
     * @param known the keys allowed here
     * @return this node
     * @throws ConfigException naming the first unknown key and its line, or if this is not a mapping
     */
    public ConfigNode allowOnly(Collection<String> known) {
        for (Map.Entry<String, ConfigNode> e : mapping().entrySet()) {
            if (!known.contains(e.getKey())) {
                String where = path.isEmpty() ? "" : " in '" + path + "'";
                throw e.getValue()
                        .error("unknown key '" + e.getKey() + "'" + where + "; known keys: "
                                + String.join(", ", known));
            }
        }
        return this;
    }

    /**
     * Returns the value of a key of this mapping.
     *
     * @param key the key
     * @return its value, or empty if the key is absent (or its value is null, {@code key:} alone)
     * @throws ConfigException if this is not a mapping
     */
    public Optional<ConfigNode> field(String key) {
        ConfigNode child = mapping().get(key);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(child);
    }

    private Map<String, ConfigNode> mapping() {
        if (fields == null) {
            throw error(name() + " must be a mapping of keys, but was " + describe());
        }
        return fields;
    }

    /**
     * Returns the elements of this list; a single scalar counts as a list of one.
     *
     * @return the elements, in order
     * @throws ConfigException if this is a mapping
     */
    public List<ConfigNode> elements() {
        if (elements != null) {
            return List.copyOf(elements);
        }
        if (fields != null) {
            throw error(name() + " must be a list, but was a mapping");
        }
        return List.of(this);
    }

    private boolean isNull() {
        return scalar != null && scalar.isNull();
    }

    private String name() {
        return path.isEmpty() ? "the file" : "'" + path + "'";
    }

    private String describe() {
        if (fields != null) {
            return "a mapping";
        }
        if (elements != null) {
            return "a list";
        }
        return scalar.isNull() ? "empty" : scalar.isTextual() ? "'" + scalar.asText() + "'" : scalar.toString();
    }

    // ---------------------------------------------------------------- scalars

    /**
     * Returns this scalar as text; numbers are taken as written.
     *
     * @return the text
     * @throws ConfigException if this is not a string or number
     */
    public String text() {
        if (scalar == null || !(scalar.isTextual() || scalar.isNumber())) {
            throw error(path + " must be a string, but was " + describe());
        }
        return scalar.asText();
    }

    /**
     * Returns this scalar as an integer within bounds.
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws ConfigException if this is not an integer in {@code [min, max]}
     */
    public int integer(int min, int max) {
        boolean valid = scalar != null
                && scalar.isIntegralNumber()
                && scalar.canConvertToInt()
                && scalar.asInt() >= min
                && scalar.asInt() <= max;
        if (!valid) {
            throw error(path + " must be an integer between " + min + " and " + max + ", but was " + describe());
        }
        return scalar.asInt();
    }

    /**
     * Returns this scalar as a boolean.
     *
     * @return the value
     * @throws ConfigException if this is not {@code true} or {@code false}
     */
    public boolean bool() {
        if (scalar == null || !scalar.isBoolean()) {
            throw error(path + " must be true or false, but was " + describe());
        }
        return scalar.asBoolean();
    }

    /**
     * Returns this scalar as a duration ({@link Durations#parse}).
     *
     * @return the duration
     * @throws ConfigException if this is not a duration
     */
    public Duration duration() {
        if (scalar == null || !scalar.isTextual()) {
            throw error(path + " must be a duration such as 5s or 250ms, but was " + describe());
        }
        try {
            return Durations.parse(scalar.asText());
        } catch (IllegalArgumentException e) {
            throw error(path + " must be a duration such as 5s or 250ms, but was " + describe(), e);
        }
    }

    /**
     * Returns this value as a Jackson tree, for readers that take JSON (such as the monitor
     * configuration with golib's keys).
     *
     * @return a copy of the value
     */
    public JsonNode toJson() {
        if (scalar != null) {
            return scalar.deepCopy();
        }
        if (fields != null) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            fields.forEach((k, v) -> object.set(k, v.toJson()));
            return object;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        elements.forEach(e -> array.add(e.toJson()));
        return array;
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + (path.isEmpty() ? "(root)" : path) + " = " + describe();
    }
}
