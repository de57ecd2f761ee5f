package dev.poolkit.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.monitor.Info;
import dev.poolkit.monitor.Monitor;
import dev.poolkit.monitor.MonitorConfig;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.monitor.metrics.MonitorMetrics;
import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import dev.poolkit.monitor.testing.Promtool;
import dev.poolkit.net.HostAndPort;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin endpoint over real HTTP on loopback: routing, errors, token, monitors, metrics. */
@Timeout(60)
class AdminServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        http.close();
    }

    private AdminServer start(AdminConfig config, List<AdminRoute> routes) throws IOException {
        AdminServer server = AdminServer.start(config, routes);
        toClose.add(server);
        return server;
    }

    private HttpResponse<String> send(AdminServer server, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<AdminRoute> echoRoutes() {
        return List.of(
                AdminRoute.get("/hello/{who}", r -> AdminResponse.text(200, "hello " + r.pathParameter("who"))),
                AdminRoute.post("/echo", r -> AdminResponse.text(200, String.join("|", r.bodyWords()))),
                AdminRoute.get("/bad", r -> {
                    throw new IllegalArgumentException("limit must be >= 1, but was 0");
                }),
                AdminRoute.get("/boom", r -> {
                    throw new IllegalStateException("handler bug");
                }));
    }

    // ---------------------------------------------------------------- routing and errors

    @Test
    void get_pathParameter_reachesTheHandler() throws Exception {
        AdminServer server = start(AdminConfig.of(ANY_PORT), echoRoutes());
        HttpResponse<String> response = send(server, "GET", "/hello/world", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello world");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void unknownPath_404() throws Exception {
        AdminServer server = start(AdminConfig.of(ANY_PORT), echoRoutes());
        HttpResponse<String> response = send(server, "GET", "/nope", null, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"no such endpoint: /nope\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue(AdminResponse.JSON);
    }

    @Test
    void wrongMethod_405_withAllow() throws Exception {
        AdminServer server = start(AdminConfig.of(ANY_PORT), echoRoutes());
        HttpResponse<String> response = send(server, "GET", "/echo", null, null);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).isEqualTo("{\"error\":\"method GET not allowed on /echo; use POST\"}");
    }

    @Test
    void bodyOverTheLimit_413() throws Exception {
        AdminServer server = start(new AdminConfig(ANY_PORT, java.util.Optional.empty(), 8), echoRoutes());
        assertThat(send(server, "POST", "/echo", "a b c", null).body()).isEqualTo("a|b|c");
        HttpResponse<String> response = send(server, "POST", "/echo", "123456789", null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"request body larger than 8 bytes\"}");
    }

    @Test
    void handlerRejectsArgument_400_handlerFails_500() throws Exception {
        AdminServer server = start(AdminConfig.of(ANY_PORT), echoRoutes());
        HttpResponse<String> bad = send(server, "GET", "/bad", null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"limit must be >= 1, but was 0\"}");
        HttpResponse<String> boom = send(server, "GET", "/boom", null, null);
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("handler bug");
    }

    @Test
    void token_missingOrWrong_401_right_200() throws Exception {
        AdminServer server = start(AdminConfig.of(ANY_PORT).withToken("s3cret"), echoRoutes());
        HttpResponse<String> missing = send(server, "GET", "/hello/x", null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"poolkit\"");
        assertThat(missing.body()).isEqualTo("{\"error\":\"a bearer token is required\"}");
        HttpResponse<String> wrong = send(server, "GET", "/hello/x", null, "guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body())
                .isEqualTo("{\"error\":\"the bearer token was refused\"}")
                .doesNotContain("s3cret");
        assertThat(send(server, "GET", "/hello/x", null, "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void start_portInUse_bindExceptionNamesTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = HostAndPort.parseListenAddress("127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> AdminServer.start(AdminConfig.of(address), echoRoutes()))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith(
                            "cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for the admin endpoint: ");
        }
    }

    @Test
    void config_badValues_rejected() {
        assertThatThrownBy(() -> AdminConfig.of(ANY_PORT).withToken(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token must not be blank when set");
        assertThatThrownBy(() -> new AdminConfig(ANY_PORT, java.util.Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBodyBytes must be >= 0, but was -1");
        assertThatThrownBy(() -> AdminRoute.get("metrics", r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pattern must start with '/', but was 'metrics'");
    }

    // ---------------------------------------------------------------- monitors and metrics

    private MonitorPool monitors() {
        MonitorPool pool = MonitorPool.create();
        toClose.add(pool);
        for (String name : List.of("db", "cache")) {
            pool.add(Monitor.builder(Info.of(name))
                    .config(MonitorConfig.builder().name(name).build())
                    .healthCheck(ctx -> {})
                    .build());
        }
        return pool;
    }

    @Test
    void monitors_jsonAndText_likeThePool() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = start(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        HttpResponse<String> json = send(server, "GET", "/monitors", null, null);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).isEqualTo(pool.toJson());
        HttpResponse<String> text = send(server, "GET", "/monitors?format=text", null, null);
        assertThat(text.body()).isEqualTo(pool.toText());
        assertThat(send(server, "GET", "/monitors?format=xml", null, null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void monitorActions_startStop_unknownName404() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = start(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        HttpResponse<String> started = send(server, "POST", "/monitors/db/start", "", null);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(AdminServerTestJson.read(started.body()))
                .containsEntry("monitor", "db")
                .containsEntry("action", "start")
                .containsEntry("running", true);
        assertThat(pool.get("db").orElseThrow().isRunning()).isTrue();
        assertThat(pool.get("cache").orElseThrow().isRunning()).isFalse();
        send(server, "POST", "/monitors/db/stop", "", null);
        assertThat(pool.get("db").orElseThrow().isRunning()).isFalse();
        HttpResponse<String> unknown = send(server, "POST", "/monitors/nope/start", "", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no monitor named 'nope'\"}");
    }

    @Test
    void shell_outputIdenticalToTheLocalCommand() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = start(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        for (String line : List.of("list", "status", "info db", "status cache db nope")) {
            List<String> words = List.of(line.split(" "));
            ShellCommand local = MonitorCommands.of(pool).stream()
                    .filter(c -> c.name().equals(words.get(0)))
                    .findFirst()
                    .orElseThrow();
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            local.run(out, err, words.subList(1, words.size()));
            Map<String, Object> remote = AdminServerTestJson.read(
                    send(server, "POST", "/shell", line, null).body());
            assertThat(remote).as(line).containsEntry("out", out.toString()).containsEntry("err", err.toString());
        }
        HttpResponse<String> unknown = send(server, "POST", "/shell", "frob", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).startsWith("{\"error\":\"unknown command 'frob': one of [");
    }

    @Test
    void shellCommandList_namesAndDescriptionsInGolibOrder() throws Exception {
        MonitorPool pool = monitors();
        AdminServer server = start(AdminConfig.of(ANY_PORT), MonitorRoutes.of(pool));
        HttpResponse<String> response = send(server, "GET", "/shell", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode list =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        List<ShellCommand> commands = MonitorCommands.of(pool);
        assertThat(list).hasSize(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            assertThat(list.get(i).get("name").asText())
                    .isEqualTo(commands.get(i).name());
            assertThat(list.get(i).get("description").asText())
                    .isEqualTo(commands.get(i).description());
        }
        assertThat(response.body()).startsWith("[{\"name\":\"list\",\"description\":\"Print the monitors' List\"},");
    }

    @Test
    void openRoute_servedWithoutTheToken_othersStillNeedIt() throws Exception {
        AdminServer server = start(
                AdminConfig.of(ANY_PORT).withToken("s3cret"),
                List.of(
                        AdminRoute.openGet("/page", r -> AdminResponse.text(200, "page")),
                        AdminRoute.get("/data", r -> AdminResponse.text(200, "data"))));
        assertThat(AdminRoute.openGet("/page", r -> null).open()).isTrue();
        assertThat(AdminRoute.get("/data", r -> null).open()).isFalse();
        assertThat(send(server, "GET", "/page", null, null).body()).isEqualTo("page");
        assertThat(send(server, "GET", "/page", null, "wrong").statusCode()).isEqualTo(200);
        assertThat(send(server, "GET", "/data", null, null).statusCode()).isEqualTo(401);
        assertThat(send(server, "POST", "/page", "", null).statusCode()).isEqualTo(401);
        assertThat(send(server, "POST", "/page", "", "s3cret").statusCode()).isEqualTo(405);
        assertThat(send(server, "GET", "/data", null, "s3cret").body()).isEqualTo("data");
    }

    @Test
    void metrics_prometheusText_promtoolClean() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorPool pool = monitors();
        MonitorMetrics binding = MonitorMetrics.bind(pool, registry);
        toClose.add(binding);
        binding.collect();
        AdminServer server = start(AdminConfig.of(ANY_PORT), MetricsRoutes.of(registry));
        HttpResponse<String> response = send(server, "GET", "/metrics", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsRoutes.PROMETHEUS_TEXT);
        assertThat(response.body()).contains("monitor_status{monitor=\"db\"} 0.0");
        Promtool.assertCheckMetricsClean(response.body());
    }
}
