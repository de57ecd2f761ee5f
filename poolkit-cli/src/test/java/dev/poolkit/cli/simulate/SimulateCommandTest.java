package dev.poolkit.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.cli.PoolkitCommand;
import dev.poolkit.cli.PoolkitCommandTest;
import dev.poolkit.cli.PoolkitCommandTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code poolkit simulate}: tables, CSV, PNG and SVG charts, and bad arguments refused before any work. */
@Timeout(120)
class SimulateCommandTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String NL = System.lineSeparator();

    static Run simulate(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        return PoolkitCommandTest.run(all);
    }

    // ------------------------------------------------------------------ outputs

    @Test
    void simulate_trialsAndTraffic_writesTableCsvPngAndSvg(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("csv");
        Path charts = dir.resolve("charts");
        Run run = simulate(
                "--scenario", "pooly",
                "--scenario", "recovery",
                "--scenario", "slow-host",
                "--strategy", "round-robin",
                "--strategy", "softmax(0.1)",
                "--strategy", "thompson-cd",
                "--seeds", "6",
                "--traffic-seeds", "1",
                "--threads", "2",
                "--progress", "lines",
                "--csv", csv.toString(),
                "--chart", charts.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Cumulative regret, mean ± standard error / p90 over 6 seeds (lower is better)"
                        + NL.replace(NL, "\n"))
                .contains("round-robin", "softmax(0.1)", "thompson-cd", "pooly", "recovery")
                .contains("The default (thompson-cd) against the best strategy of each scenario")
                .contains("Traffic scenarios over 1 seeds: ")
                .doesNotContain("|", "**");
        assertThat(run.err())
                .contains("simulate: 100%, done in ")
                .contains("simulate: wrote " + csv.resolve("trials.csv") + " and " + csv.resolve("traffic.csv"))
                .contains("simulate: drew 3 charts in " + charts + " (PNG and SVG)");

        List<String> trials = Files.readAllLines(csv.resolve("trials.csv"));
        // header, then per strategy one row per trial of pooly (250) and recovery
        assertThat(trials.get(0)).contains("strategy").contains("scenario");
        assertThat(trials).hasSizeGreaterThan(1 + 3 * 250);
        assertThat(trials.stream().filter(l -> l.startsWith("pooly,") || l.contains(",pooly,")))
                .hasSize(3 * 250);
        assertThat(Files.readAllLines(csv.resolve("traffic.csv"))).hasSizeGreaterThan(1 + 3 * 60);

        for (String scenario : List.of("pooly", "recovery", "slow-host")) {
            assertPng(charts.resolve(scenario + ".png"));
            assertSvg(charts.resolve(scenario + ".svg"));
        }
        try (var files = Files.list(charts)) {
            assertThat(files).hasSize(6);
        }
    }

    @Test
    void simulate_markdown_printsTheTablesOfTheDocs() {
        Run run = simulate(
                "--scenario",
                "pooly",
                "--strategy",
                "round-robin",
                "--strategy",
                "ucb1",
                "--seeds",
                "2",
                "--progress",
                "off",
                "--markdown");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("### Cumulative regret, mean ± standard error / p90 over 2 seeds (lower is better)\n\n"
                        + "| strategy | pooly |\n|---|---:|\n")
                .contains("### pooly scenario: final running mean score");
        assertThat(run.err()).isEmpty();
    }

    private static void assertPng(Path file) throws IOException {
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isGreaterThan(20_000);
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(in.readNBytes(PNG_MAGIC.length)).isEqualTo(PNG_MAGIC);
        }
        var image = javax.imageio.ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isIn(Charts.PANEL_HEIGHT, 2 * Charts.PANEL_HEIGHT);
        // the default strategy's black line and the first family's blue are drawn
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertThat(colours).contains(0x000000, 0x1f77b4, 0xffffff).hasSizeGreaterThan(50);
    }

    private static void assertSvg(Path file) throws Exception {
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isGreaterThan(20_000);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // the file references the SVG 1.1 DTD, which must not be fetched
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("viewBox")).startsWith("0 0 " + Charts.WIDTH + " ");
        // XChart draws text as outlines: titles, ticks and legend are many filled paths; the default
        // strategy is the thick black line, round-robin the first family colour
        assertThat(root.getElementsByTagNameNS("*", "path").getLength()).isGreaterThan(30);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains("stroke:rgb(0,0,0);stroke-width:3.2").contains("stroke:rgb(31,119,180)");
    }

    // ------------------------------------------------------------------ bad arguments

    @Test
    void simulate_unknownScenario_oneLineExit2_nothingWritten(@TempDir Path dir) {
        Path charts = dir.resolve("charts");
        Run run = simulate("--scenario", "pooly", "--scenario", "nope", "--chart", charts.toString());
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .isEqualTo("poolkit simulate: --scenario must be a built-in or held-out scenario (--help lists"
                        + " them), but was nope (see 'poolkit simulate --help')" + NL);
        assertThat(run.out()).isEmpty();
        assertThat(charts).doesNotExist();
    }

    @Test
    void simulate_unknownStrategy_oneLineExit2_nothingWritten(@TempDir Path dir) {
        Path csv = dir.resolve("csv");
        Run run = simulate("--strategy", "round-robin", "--strategy", "best-guess", "--csv", csv.toString());
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .isEqualTo("poolkit simulate: --strategy must be a registered name or form (--help lists them),"
                        + " but was best-guess (see 'poolkit simulate --help')" + NL);
        assertThat(run.out()).isEmpty();
        assertThat(csv).doesNotExist();
    }

    @Test
    void simulate_badStrategyArgument_oneLineExit2() {
        Run run = simulate("--strategy", "softmax(0)");
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .startsWith("poolkit simulate: --strategy softmax(0): ")
                .endsWith("--help')" + NL);
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void simulate_badNumbers_oneLineExit2() {
        assertThat(simulate("--seeds", "0").err())
                .isEqualTo("poolkit simulate: --seeds must be an integer >= 1, but was 0 (see 'poolkit simulate"
                        + " --help')" + NL);
        assertThat(simulate("--threads", "0").exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(simulate("--set", "odd").err())
                .startsWith("poolkit simulate: --set must be built-in, held-out or all, but was odd");
        assertThat(simulate("--set", "all", "--scenario", "pooly").err())
                .startsWith("poolkit simulate: --set all cannot be combined with --scenario");
        Run progress = simulate("--progress", "loud");
        assertThat(progress.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(progress.err().lines()).hasSize(1);
        assertThat(progress.err()).contains("must be auto, bar, lines or off, but was 'loud'");
    }

    @Test
    void simulate_chartPathIsAFile_oneLineExit2(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run run = simulate("--scenario", "pooly", "--chart", file.toString());
        assertThat(run.exitCode()).isEqualTo(PoolkitCommand.EXIT_USAGE);
        assertThat(run.err())
                .isEqualTo("poolkit simulate: --chart must be a directory, but was the file " + file
                        + " (see 'poolkit simulate --help')" + NL);
    }

    @Test
    void help_listsScenariosAndStrategies() {
        Run run = simulate("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("Usage: poolkit simulate ")
                .contains("pooly", "herd-recovery", "thompson-cd", "--chart=DIR", "--csv=DIR");
    }
}
