package dev.poolkit.cli.simulate;

import static java.util.Objects.requireNonNull;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.poolkit.balance.sim.TrafficResult;
import dev.poolkit.balance.sim.TrafficScenario;
import dev.poolkit.balance.sim.TrialsResult;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the simulator's results with XChart, one image per scenario, each written as PNG and SVG:
 *
 * <ul>
 *   <li>a trials scenario: two panels, the running mean score per strategy (the value pooly
 *       plotted) above the cumulative regret against the oracle, with the trials at which the best
 *       host changes marked;
 *   <li>a traffic scenario: the watched host's share of requests per simulated second, per
 *       strategy, with the watched period and the fair share marked.
 * </ul>
 *
 * <p>Strategies of one family ({@code softmax(0.1)}, {@code softmax(0.5)}) share a colour and
 * differ in dashes, so that a legend of fourteen entries still reads at a glance; the default
 * strategy is drawn black and thicker. Rendering is headless (no display is needed).
 *
 * <p>Stateless and thread-safe.
 */
final class Charts {

    static {
        // Before any AWT class initialises: the command runs on servers and in CI without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Width of every image, in pixels (PNG) or points (SVG). */
    static final int WIDTH = 1100;
    /** Height of one panel. */
    static final int PANEL_HEIGHT = 460;
    /** The most points drawn per curve; longer curves are thinned evenly (the last point kept). */
    static final int MAX_POINTS = 300;

    private static final Color[] FAMILY_COLOURS = {
        new Color(0x1f77b4), // blue
        new Color(0xff7f0e), // orange
        new Color(0x2ca02c), // green
        new Color(0xd62728), // red
        new Color(0x9467bd), // purple
        new Color(0x8c564b), // brown
        new Color(0xe377c2), // pink
        new Color(0x7f7f7f), // grey
        new Color(0xbcbd22), // olive
        new Color(0x17becf), // cyan
    };
    private static final float[][] DASHES = {null, {9f, 5f}, {2f, 4f}, {12f, 4f, 2f, 4f}};
    private static final Color GUIDE = new Color(0x555555);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Charts() {}

    /**
     * Writes one PNG and one SVG per scenario into {@code dir}, named after the scenario.
     *
     * @param dir an existing directory
     * @param trials trials results, grouped into charts by scenario in first-seen order
     * @param traffic traffic results, likewise
     * @param trafficScenarios the traffic scenarios by name, for their watched host and period
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(
            Path dir,
            List<TrialsResult> trials,
            List<TrafficResult> traffic,
            Map<String, TrafficScenario> trafficScenarios)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (List<TrialsResult> results :
                byScenario(trials, TrialsResult::scenario).values()) {
            written.addAll(save(dir, results.get(0).scenario(), trialsPanels(results)));
        }
        for (List<TrafficResult> results :
                byScenario(traffic, TrafficResult::scenario).values()) {
            String name = results.get(0).scenario();
            TrafficScenario scenario = requireNonNull(trafficScenarios.get(name), name);
            written.addAll(save(dir, name, List.of(trafficPanel(scenario, results))));
        }
        return written;
    }

    /** The running mean score above the cumulative regret, both over trials. */
    static List<XYChart> trialsPanels(List<TrialsResult> results) {
        TrialsResult first = results.get(0);
        String changes = first.changes().isEmpty() ? "" : " (dashed lines: the best host changes)";
        XYChart score = chart(
                first.scenario() + ": running mean score per strategy, mean of " + seeds(first.seeds()),
                "trial" + changes,
                "running mean score (higher is better)");
        XYChart regret = chart(
                first.scenario() + ": cumulative regret against always choosing the best host",
                "trial" + changes,
                "cumulative regret (lower is better)");
        Styles styles = new Styles(results.stream().map(TrialsResult::strategy).toList());
        for (TrialsResult r : results) {
            double[] x = new double[r.steps()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            styles.apply(r.strategy(), add(score, r.strategy(), x, values(r.meanScoreCurve())));
            styles.apply(r.strategy(), add(regret, r.strategy(), x, values(r.regretCurve())));
        }
        for (TrialsResult.Reconvergence change : first.changes()) {
            score.addAnnotation(new AnnotationLine(change.atStep(), true, false));
            regret.addAnnotation(new AnnotationLine(change.atStep(), true, false));
        }
        score.getStyler().setYAxisDecimalPattern("0.00");
        regret.getStyler().setYAxisMin(0.0);
        return List.of(score, regret);
    }

    /** The watched host's share of each simulated second's requests. */
    static XYChart trafficPanel(TrafficScenario scenario, List<TrafficResult> results) {
        TrafficScenario.Watch watch = scenario.watch();
        XYChart share = chart(
                scenario.name() + ": share of requests sent to host " + watch.host() + ", mean of "
                        + seeds(results.get(0).seeds()),
                String.format(
                        Locale.ROOT,
                        "simulated second (dashed: the watched period %d-%d s, and the fair share 1/%d)",
                        watch.from().toSeconds(),
                        watch.to().toSeconds(),
                        scenario.hostCount()),
                "share of host " + watch.host() + "'s requests per second (%)");
        Styles styles = new Styles(results.stream().map(TrafficResult::strategy).toList());
        for (TrafficResult r : results) {
            List<Double> perSecond = r.sharePerSecond().get(watch.host());
            double[] x = new double[perSecond.size()];
            double[] y = new double[perSecond.size()];
            for (int s = 0; s < x.length; s++) {
                x[s] = s + 0.5; // the middle of the second the share was counted over
                y[s] = 100 * perSecond.get(s);
            }
            styles.apply(r.strategy(), add(share, r.strategy(), x, y));
        }
        share.addAnnotation(new AnnotationLine(watch.from().toMillis() / 1000.0, true, false));
        share.addAnnotation(new AnnotationLine(watch.to().toMillis() / 1000.0, true, false));
        share.addAnnotation(new AnnotationLine(100.0 / scenario.hostCount(), false, false));
        share.getStyler().setYAxisMin(0.0);
        share.getStyler().setXAxisMin(0.0);
        share.getStyler().setXAxisMax((double) scenario.duration().toSeconds());
        return share;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(WIDTH, PANEL_HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xbbbbbb));
        s.setPlotGridLinesColor(new Color(0xe4e4e4));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(TITLE_FONT);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setLegendFont(LEGEND_FONT);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendSeriesLineLength(34);
        s.setChartPadding(14);
        s.setAnnotationLineColor(GUIDE);
        s.setAnnotationLineStroke(
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        s.setXAxisDecimalPattern("#,##0");
        s.setAntiAlias(true);
        return chart;
    }

    private static XYSeries add(XYChart chart, String name, double[] x, double[] y) {
        int n = x.length;
        if (n > MAX_POINTS) {
            double[] tx = new double[MAX_POINTS];
            double[] ty = new double[MAX_POINTS];
            for (int i = 0; i < MAX_POINTS; i++) {
                int from = (int) Math.round((double) i * (n - 1) / (MAX_POINTS - 1));
                tx[i] = x[from];
                ty[i] = y[from];
            }
            x = tx;
            y = ty;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }

    private static double[] values(List<Double> curve) {
        double[] values = new double[curve.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = curve.get(i);
        }
        return values;
    }

    private static String seeds(int seeds) {
        return String.format(Locale.ROOT, "%,d %s", seeds, seeds == 1 ? "seed" : "seeds");
    }

    private static <R> Map<String, List<R>> byScenario(List<R> results, Function<R, String> scenario) {
        Map<String, List<R>> groups = new LinkedHashMap<>();
        for (R r : results) {
            groups.computeIfAbsent(scenario.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** Writes {@code name.png} and {@code name.svg}: the panels stacked, each the full width. */
    private static List<Path> save(Path dir, String name, List<XYChart> panels) throws IOException {
        int height = PANEL_HEIGHT * panels.size();
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");

        Path png = dir.resolve(base + ".png");
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            paint(g, panels);
        } finally {
            g.dispose();
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        }

        Path svg = dir.resolve(base + ".svg");
        VectorGraphics2D vector = new VectorGraphics2D();
        paint(vector, panels);
        Document document = Processors.get("svg").getDocument(vector.getCommands(), new PageSize(0, 0, WIDTH, height));
        try (OutputStream out = Files.newOutputStream(svg)) {
            document.writeTo(out);
        }
        return List.of(png, svg);
    }

    private static void paint(Graphics2D g, List<XYChart> panels) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, PANEL_HEIGHT * panels.size());
        AffineTransform origin = g.getTransform();
        for (int i = 0; i < panels.size(); i++) {
            g.setTransform(origin);
            g.translate(0, i * PANEL_HEIGHT);
            g.setClip(0, 0, WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(g, WIDTH, PANEL_HEIGHT);
        }
        g.setTransform(origin);
        g.setClip(null);
    }

    /** Colour and dashes per strategy: a colour per family in order of appearance, dashes per member. */
    private static final class Styles {
        private final Map<String, Color> colours = new LinkedHashMap<>();
        private final Map<String, Integer> members = new LinkedHashMap<>();
        private final Map<String, Integer> dashOf = new LinkedHashMap<>();

        Styles(List<String> strategies) {
            for (String strategy : strategies) {
                if (dashOf.containsKey(strategy) || strategy.equals(StrategyRegistry.DEFAULT)) {
                    continue; // the default is black, outside the palette
                }
                String family = family(strategy);
                colours.computeIfAbsent(family, f -> FAMILY_COLOURS[colours.size() % FAMILY_COLOURS.length]);
                int member = members.merge(family, 1, Integer::sum) - 1;
                // past ten families the colours repeat, so those families start further along the dashes
                int cycle = (new ArrayList<>(colours.keySet()).indexOf(family)) / FAMILY_COLOURS.length;
                dashOf.put(strategy, (member + cycle) % DASHES.length);
            }
        }

        void apply(String strategy, XYSeries series) {
            if (strategy.equals(StrategyRegistry.DEFAULT)) {
                series.setLineColor(Color.BLACK);
                series.setLineStyle(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                return;
            }
            series.setLineColor(colours.get(family(strategy)));
            float[] dash = DASHES[dashOf.get(strategy)];
            series.setLineStyle(
                    dash == null
                            ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                            : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        }

        /** {@code softmax(0.5)} belongs to {@code softmax}; {@code thompson-cd} is a family of its own. */
        private static String family(String strategy) {
            int paren = strategy.indexOf('(');
            return paren < 0 ? strategy : strategy.substring(0, paren);
        }
    }
}
