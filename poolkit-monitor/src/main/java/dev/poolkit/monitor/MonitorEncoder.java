package dev.poolkit.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.poolkit.monitor.internal.GoDurations;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * golib's text and JSON encodings of a monitor and of a monitor pool (reference §1.3, §1.5).
 * Stateless and thread-safe; each call encodes one state snapshot per monitor.
 */
final class MonitorEncoder {

    private static final JsonFactory JSON = new JsonFactory();
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private MonitorEncoder() {}

    /** Appends {@code <status>: <name>[ (<info>)] | <latency> / <uptime> / <downtime>[ | <message>]}. */
    static void appendText(Monitor m, StringBuilder sb) {
        MonitorState s = m.state();
        sb.append(s.status()).append(": ").append(m.name());
        int mark = sb.length();
        sb.append(" (");
        int infoStart = sb.length();
        m.info().appendText(sb);
        if (sb.length() == infoStart) {
            sb.setLength(mark);
        } else {
            sb.append(')');
        }
        sb.append(" | ");
        GoDurations.appendWithDays(sb, truncate(s.latency(), NANOS_PER_MILLI));
        sb.append(" / ");
        GoDurations.appendWithDays(sb, truncate(s.uptime(), NANOS_PER_SECOND));
        sb.append(" / ");
        GoDurations.appendWithDays(sb, truncate(s.downtime(), NANOS_PER_SECOND));
        if (!s.message().isEmpty()) {
            sb.append(" | ").append(s.message());
        }
    }

    /** Every monitor's text followed by a newline, in the order given; empty for none. */
    static String poolText(Collection<Monitor> monitors) {
        StringBuilder sb = new StringBuilder();
        for (Monitor m : monitors) {
            appendText(m, sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    static String toJson(Monitor m) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(m, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A JSON object mapping each name to its monitor's JSON, in the map's order; {@code {}} for none. */
    static String poolJson(Map<String, Monitor> monitors) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Monitor> e : monitors.entrySet()) {
                g.writeFieldName(e.getKey());
                writeJson(e.getValue(), g);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeJson(Monitor m, JsonGenerator g) throws IOException {
        MonitorState s = m.state();
        g.writeStartObject();
        g.writeStringField("status", s.status().toString());
        g.writeStringField("name", m.name());
        g.writeObjectFieldStart("info");
        g.writeStringField("name", m.info().name());
        g.writeFieldName("data");
        writeValue(g, m.info().data());
        g.writeEndObject();
        long latency = truncate(s.latency(), NANOS_PER_MILLI);
        g.writeStringField("latency", GoDurations.formatWithDays(latency));
        g.writeNumberField("latency_ms", TimeUnit.NANOSECONDS.toMillis(latency));
        writeTime(g, "uptime", s.uptime());
        writeTime(g, "downtime", s.downtime());
        writeTime(g, "risetime", s.riseTime());
        writeTime(g, "falltime", s.fallTime());
        g.writeStringField("message", s.message());
        g.writeEndObject();
    }

    private static void writeTime(JsonGenerator g, String key, Duration d) throws IOException {
        long n = truncate(d, NANOS_PER_SECOND);
        g.writeStringField(key, GoDurations.formatWithDays(n));
        g.writeNumberField(key + "_epoc", n / NANOS_PER_SECOND);
    }

    /**
     * Writes an info data value as golib's {@code encoding/json} would: numbers and booleans as
     * such, maps as objects with sorted keys, collections and arrays as arrays, null as null, and
     * anything else as its {@link String#valueOf} text.
     */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> map) {
            // Go's encoding/json writes map keys sorted; the top-level data map is sorted already
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            g.writeStartObject();
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object x : c) {
                writeValue(g, x);
            }
            g.writeEndArray();
        } else if (v.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                writeValue(g, Array.get(v, i));
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static long truncate(Duration d, long unit) {
        long n = d.toNanos();
        return n - n % unit;
    }
}
