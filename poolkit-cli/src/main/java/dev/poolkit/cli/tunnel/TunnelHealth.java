package dev.poolkit.cli.tunnel;

import dev.poolkit.cli.admin.AdminResponse;
import dev.poolkit.cli.admin.AdminRoute;
import dev.poolkit.cli.admin.AdminServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code GET /health} of a tunnel end: 200 while the control connection between client and server
 * is up (a local connection can be relayed), 503 otherwise, with a JSON body: {@code
 * {"status":"serving"|"disconnected","side":...,"control":true|false,"pooled":n,"relays":n}}.
 */
final class TunnelHealth {

    private TunnelHealth() {}

    static AdminRoute route(String side, BooleanSupplier controlUp, IntSupplier pooled, IntSupplier relays) {
        return AdminRoute.get("/health", request -> {
            boolean up = controlUp.getAsBoolean();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "serving" : "disconnected");
            body.put("side", side);
            body.put("control", up);
            body.put("pooled", pooled.getAsInt());
            body.put("relays", relays.getAsInt());
            return AdminResponse.json(up ? 200 : 503, AdminServer.toJson(body));
        });
    }
}
