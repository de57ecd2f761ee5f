package dev.poolkit.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The stats page: {@code GET /} serves one self-contained HTML page (its JS and CSS from
 * {@code /stats.js} and {@code /stats.css}, all three shipped in the jar; nothing from elsewhere)
 * that refreshes itself from {@code GET /hosts}, {@code /pools} and {@code /monitors}: per backend
 * its state, score, share of traffic, pool size/idle/leased/waiting, monitor state and latency,
 * and a live chart of requests/s and errors/s (deltas of the hosts' {@code requests} and of their
 * {@code getFailures + failures} between refreshes). Its buttons call {@code POST
 * /hosts/{host}/enable|disable} and {@code POST /monitors/{name}/start|stop|restart}.
 *
 * <p>The three files are served without the token (they hold no data); the page sends the token on
 * every data call. Give it in the page's URL once, {@code /?token=...}: the script keeps it in memory
 * and takes it out of the address bar. {@code ?refresh=MS} sets the refresh period (default 2000).
 */
public final class StatsPageRoutes {

    /** The content type of the page. */
    public static final String HTML = "text/html; charset=utf-8";

    private static final String RESOURCES = "stats/";

    private StatsPageRoutes() {}

    /**
     * Returns the routes of the page and its script and style sheet.
     *
     * @return the routes
     * @throws UncheckedIOException if a file is missing from the jar (a broken build)
     */
    public static List<AdminRoute> of() {
        return List.of(
                file("/", "index.html", HTML),
                file("/stats.js", "stats.js", "text/javascript; charset=utf-8"),
                file("/stats.css", "stats.css", "text/css; charset=utf-8"));
    }

    private static AdminRoute file(String path, String resource, String contentType) {
        AdminResponse response = new AdminResponse(200, contentType, read(resource));
        return AdminRoute.openGet(path, request -> response);
    }

    private static byte[] read(String resource) {
        try (InputStream in = StatsPageRoutes.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + resource + " is not in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stats page's " + resource, e);
        }
    }
}
