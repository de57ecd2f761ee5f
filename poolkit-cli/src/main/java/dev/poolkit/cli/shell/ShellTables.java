package dev.poolkit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Renders the admin endpoint's {@code /hosts} and {@code /pools} JSON (the fields of
 * {@code dev.poolkit.net.service.HostStatus} and {@code PoolStatus}) as text tables. Accepts the
 * list alone or an object holding it under {@code hosts} / {@code pools} with context fields
 * beside it. Stateless and thread-safe.
 */
final class ShellTables {

    private ShellTables() {}

    /** The host objects of a {@code /hosts} answer. */
    static JsonNode hostArray(JsonNode body) {
        return body.isArray() ? body : body.path("hosts");
    }

    /** The pool objects of a {@code /pools} answer. */
    static JsonNode poolArray(JsonNode body) {
        return body.isArray() ? body : body.path("pools");
    }

    static String hosts(JsonNode body) {
        StringBuilder sb = new StringBuilder();
        if (body.has("service")) {
            sb.append("service '").append(body.path("service").asText()).append('\'');
            if (body.has("strategy")) {
                sb.append(", strategy ").append(body.path("strategy").asText());
            }
            if (body.has("listen")) {
                sb.append(", listening on ").append(body.path("listen").asText());
            }
            sb.append('\n');
        }
        JsonNode hosts = hostArray(body);
        if (hosts.isEmpty()) {
            return sb.append("no backends\n").toString();
        }
        TextTable table = new TextTable(
                "HOST", "STATE", "MONITOR", ">SCORE", ">SHARE", ">OUTSTANDING", ">REQUESTS", ">GET FAILS", ">FAILURES");
        for (JsonNode h : hosts) {
            double score = h.path("score").asDouble(-1);
            table.row(
                    h.path("host").asText(),
                    h.path("enabled").asBoolean(true) ? "enabled" : "disabled",
                    h.path("monitor").asText("-"),
                    score < 0 ? "-" : String.format(Locale.ROOT, "%.3f", score),
                    String.format(Locale.ROOT, "%.1f%%", 100 * h.path("share").asDouble()),
                    h.path("outstanding").asText("0"),
                    h.path("requests").asText("0"),
                    h.path("getFailures").asText("0"),
                    h.path("failures").asText("0"));
        }
        return sb.append(table.render()).toString();
    }

    static String pools(JsonNode body) {
        JsonNode pools = poolArray(body);
        if (pools.isEmpty()) {
            return "no backends\n";
        }
        TextTable table = new TextTable(
                "HOST",
                ">SIZE",
                ">IDLE",
                ">LEASED",
                ">WAITING",
                ">MAX",
                ">MIN IDLE",
                ">CREATED",
                ">DESTROYED",
                ">TIMEOUTS",
                ">DIAL FAILS");
        StringBuilder failures = new StringBuilder();
        for (JsonNode p : pools) {
            String host = p.path("host").asText();
            table.row(
                    host,
                    p.path("size").asText("0"),
                    p.path("idle").asText("0"),
                    p.path("leased").asText("0"),
                    p.path("waiting").asText("0"),
                    p.path("maxSize").asText("0"),
                    p.path("minIdle").asText("0"),
                    p.path("created").asText("0"),
                    p.path("destroyed").asText("0"),
                    p.path("timeouts").asText("0"),
                    p.path("dialFailures").asText("0"));
            JsonNode last = p.path("lastDialFailure");
            if (last.isTextual()) {
                failures.append("last dial failure of ")
                        .append(host)
                        .append(": ")
                        .append(last.asText())
                        .append('\n');
            }
        }
        return table.render() + failures;
    }
}
