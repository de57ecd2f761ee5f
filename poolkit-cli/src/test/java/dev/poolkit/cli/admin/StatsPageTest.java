package dev.poolkit.cli.admin;

import static dev.poolkit.cli.testing.TestProxies.address;
import static dev.poolkit.cli.testing.TestProxies.adminUrl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.poolkit.cli.proxy.Proxy;
import dev.poolkit.cli.testing.TestProxies;
import dev.poolkit.monitor.MonitorPool;
import dev.poolkit.net.host.Connection;
import dev.poolkit.net.service.HostStatus;
import dev.poolkit.net.service.Service;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The stats page ({@code GET /}) of a real in-process {@link Proxy} on loopback backends, in a real
 * headless browser: Debian's {@code chromium} driven through Debian's {@code chromedriver} (no
 * driver download). Skipped, with a message, where they are not installed.
 */
@Timeout(60)
class StatsPageTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOKEN = "s3cret";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        http.close();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    /** The real proxy over {@code backends}, settled: every monitor OK, every backend enabled. */
    private Proxy proxy(List<LoopbackServer> backends) throws Exception {
        return closeLater(TestProxies.start(1, Optional.of(TOKEN), backends));
    }

    private static void traffic(Service service, int requests) throws InterruptedException {
        for (int i = 0; i < requests; i++) {
            Connection connection = service.getConnection();
            connection.release();
        }
    }

    private static boolean enabled(Service service, String host) {
        return service.hosts().stream()
                .filter(h -> h.host().equals(host))
                .findFirst()
                .map(HostStatus::enabled)
                .orElseThrow();
    }

    // ---------------------------------------------------------------- without a browser

    @Test
    void page_servedWithoutTheToken_dataStillNeedsIt() throws Exception {
        List<LoopbackServer> backends = List.of(closeLater(LoopbackServer.start(LoopbackServer.Mode.ECHO)));
        String url = adminUrl(proxy(backends));

        HttpResponse<String> page = get(url, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue(StatsPageRoutes.HTML);
        assertThat(page.body())
                .startsWith("<!DOCTYPE html>")
                .contains("<canvas id=\"chart\"", "<script src=\"stats.js\"></script>")
                .doesNotContain("http://", "https://", "//cdn");
        HttpResponse<String> script = get(url, "/stats.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("'Bearer ' + token").doesNotContain("http://", "https://");
        assertThat(get(url, "/stats.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");

        assertThat(get(url, "/hosts").statusCode()).isEqualTo(401);
        assertThat(get(url, "/monitors").statusCode()).isEqualTo(401);
        // Only GET of the page's own files is open; an unknown path still asks for the token first.
        assertThat(get(url, "/nope").statusCode()).isEqualTo(401);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(url + "/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String url, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    // ---------------------------------------------------------------- in the browser

    private WebDriver browser() {
        assumeTrue(
                Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium"
                        + " chromium-driver): the stats page's browser test is skipped");
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriver driver = new ChromeDriver(driverService, options);
        toClose.add(() -> {
            driver.quit();
            driverService.stop();
        });
        return driver;
    }

    @Test
    void page_inChromium_showsEveryBackend_disableTakesItOutOfRotation() throws Exception {
        List<LoopbackServer> backends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backends.add(closeLater(LoopbackServer.start(LoopbackServer.Mode.ECHO)));
        }
        Proxy proxy = proxy(backends);
        Service service = proxy.service();
        MonitorPool monitors = proxy.monitors();
        traffic(service, 9);
        List<String> hosts = backends.stream().map(b -> address(b).toString()).toList();
        WebDriver driver = browser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));

        driver.get(adminUrl(proxy) + "/?token=" + TOKEN + "&refresh=300");

        // every backend, with its pool and its monitor
        wait.until(d -> d.findElements(By.cssSelector("#backends tbody tr")).size() == 3);
        for (String host : hosts) {
            String row = "#backends tr[data-host='" + host + "']";
            wait.until(d ->
                    d.findElement(By.cssSelector(row + " td.state")).getText().equals("enabled"));
            wait.until(d ->
                    d.findElement(By.cssSelector(row + " td.monitor")).getText().equals("OK"));
            assertThat(driver.findElement(By.cssSelector(row + " td.requests")).getText())
                    .isEqualTo("3");
            assertThat(driver.findElement(By.cssSelector(row + " td.share")).getText())
                    .isEqualTo("33.3%");
            assertThat(driver.findElement(By.cssSelector(row + " td.size")).getText())
                    .endsWith(" / 4");
            assertThat(driver.findElement(By.cssSelector("#monitors tr[data-monitor='" + host + "'] td.status"))
                            .getText())
                    .isEqualTo("OK");
        }
        assertThat(driver.getCurrentUrl()).doesNotContain(TOKEN).endsWith("/?refresh=300");

        // the chart follows the traffic
        Awaits.await().atMost(Duration.ofSeconds(20)).until(() -> {
            traffic(service, 3);
            String rate = driver.findElement(By.id("rate-requests")).getText();
            return !rate.equals("-") && Double.parseDouble(rate) > 0;
        });

        // disable takes the backend out of rotation
        String off = hosts.get(0);
        driver.findElement(By.cssSelector("#backends tr[data-host='" + off + "'] button[data-action='disable']"))
                .click();
        Awaits.await().until(() -> !enabled(service, off));
        wait.until(d -> d.findElement(By.cssSelector("#backends tr[data-host='" + off + "'] td.state"))
                .getText()
                .equals("disabled"));
        for (int i = 0; i < 6; i++) {
            Connection connection = service.getConnection();
            assertThat(connection.address().getPort())
                    .isNotEqualTo(backends.get(0).port());
            connection.release();
        }

        // a monitor's stop button stops it
        String stopped = hosts.get(1);
        driver.findElement(By.cssSelector("#monitors tr[data-monitor='" + stopped + "'] button[data-action='stop']"))
                .click();
        Awaits.await().until(() -> !monitors.get(stopped).orElseThrow().isRunning());

        Path screenshot = Path.of("target", "stats-page.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(screenshot)).isPositive();

        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(severe).as("browser console warnings and errors").isEmpty();
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
    }
}
