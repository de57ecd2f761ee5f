package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.poolkit.monitor.internal.GoDurations;
import dev.poolkit.pool.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link MonitorConfig} from JSON or YAML with golib's keys. The top-level mapping is read
 * key by key, so that a key given twice, or a key and its alias, is an error naming both instead of
 * the last one silently winning. Thread-safe (immutable).
 */
final class MonitorConfigReader {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorConfigReader.class);

    private static final String KNOWN_KEYS = "name, data, check-timeout, interval-check, interval-fall,"
            + " interval-rise, fall-count-ko, fall-count-warn, rise-count-ko, rise-count-warn, logger";

    static final MonitorConfigReader JSON = new MonitorConfigReader(new ObjectMapper(), "JSON");
    static final MonitorConfigReader YAML = new MonitorConfigReader(new ObjectMapper(new YAMLFactory()), "YAML");

    private final ObjectMapper mapper;
    private final String format;

    private MonitorConfigReader(ObjectMapper mapper, String format) {
        // nested values (data) must not hide duplicates either
        this.mapper = mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.format = format;
    }

    static MonitorConfig read(Path file) {
        requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read monitor config " + file, e);
        }
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (fileName.endsWith(".yaml") || fileName.endsWith(".yml") ? YAML : JSON).read(text);
    }

    MonitorConfig read(String text) {
        requireNonNull(text, "text");
        MonitorConfig.Builder b = MonitorConfig.builder()
                .checkTimeout(Duration.ZERO)
                .intervalCheck(Duration.ZERO)
                .intervalFall(Duration.ZERO)
                .intervalRise(Duration.ZERO)
                .fallCountKo(0)
                .fallCountWarn(0)
                .riseCountKo(0)
                .riseCountWarn(0)
                .name("");
        Map<String, String> seen = new HashMap<>(); // setting -> the key that set it
        try (JsonParser p = mapper.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("monitor config must be a " + format + " object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                JsonNode value = mapper.readTree(p);
                if (value == null) {
                    value = NullNode.getInstance();
                }
                String setting = key.equals("interval-down") ? "interval-fall" : key;
                String earlier = seen.putIfAbsent(setting, key);
                if (earlier != null) {
                    throw new IllegalArgumentException(
                            earlier.equals(key)
                                    ? "duplicate key '" + key + "' in monitor config"
                                    : "keys '" + earlier + "' and '" + key
                                            + "' in monitor config set the same value (interval-down is an alias of"
                                            + " interval-fall); keep one");
                }
                apply(b, key, value);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("monitor config must be a single " + format + " object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "monitor config is not valid " + format + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String: cannot happen
        }
        return b.build();
    }

    private static void apply(MonitorConfig.Builder b, String key, JsonNode v) {
        switch (key) {
            case "name" -> b.name(v.isNull() ? "" : text(key, v));
            case "data" -> b.data(data(key, v));
            case "check-timeout" -> b.checkTimeout(duration(key, v));
            case "interval-check" -> b.intervalCheck(duration(key, v));
            case "interval-fall", "interval-down" -> b.intervalFall(duration(key, v));
            case "interval-rise" -> b.intervalRise(duration(key, v));
            case "fall-count-ko" -> b.fallCountKo(count(key, v));
            case "fall-count-warn" -> b.fallCountWarn(count(key, v));
            case "rise-count-ko" -> b.riseCountKo(count(key, v));
            case "rise-count-warn" -> b.riseCountWarn(count(key, v));
            case "logger" -> LOG.debug("Monitor config: key 'logger' ignored, poolkit logs through SLF4J");
            default ->
                throw new IllegalArgumentException(
                        "unknown key '" + key + "' in monitor config; known keys: " + KNOWN_KEYS);
        }
    }

    private static String text(String key, JsonNode v) {
        Checks.argument(v.isTextual(), "%s must be a string, but was %s", key, v);
        return v.asText();
    }

    private static Duration duration(String key, JsonNode v) {
        Duration d;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            d = Duration.ofNanos(v.asLong());
        } else if (v.isTextual()) {
            try {
                d = GoDurations.parse(v.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        key + " must be a duration such as \"5s\", but was " + v + " (" + e.getMessage() + ")", e);
            }
        } else {
            throw new IllegalArgumentException(key + " must be a duration such as \"5s\", but was " + v);
        }
        Checks.argument(!d.isNegative(), "%s must not be negative, but was %s", key, v);
        return d;
    }

    private static int count(String key, JsonNode v) {
        Checks.argument(
                v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0 && v.asInt() <= MonitorConfig.MAX_COUNT,
                "%s must be an integer between 0 and %d, but was %s",
                key,
                MonitorConfig.MAX_COUNT,
                v);
        return v.asInt();
    }

    private static Map<String, Object> data(String key, JsonNode v) {
        if (v.isNull()) {
            return Map.of();
        }
        Checks.argument(v.isObject(), "%s must be an object, but was %s", key, v);
        TreeMap<String, Object> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), JSON.mapper.convertValue(e.getValue(), Object.class));
            }
        }
        return out;
    }
}
