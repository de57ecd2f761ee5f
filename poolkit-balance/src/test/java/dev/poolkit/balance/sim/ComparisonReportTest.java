package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.balance.sim.ComparisonReport.Format;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComparisonReportTest {
    private static final List<TrialsResult> TRIALS = new ArrayList<>();

    @BeforeAll
    static void run() {
        Simulator simulator = Simulator.sequential();
        for (TrialsScenario scenario : List.of(Scenarios.pooly(), Scenarios.recovery())) {
            for (String name : List.of("round-robin", "softmax(0.1)", "thompson-cd")) {
                TRIALS.add(simulator.runTrials(scenario, name, StrategyRegistry.factory(name), 3));
            }
        }
    }

    @Test
    void trials_markdown_everySection() {
        String md = ComparisonReport.trials(TRIALS, Format.MARKDOWN);
        assertThat(md)
                .startsWith("### Cumulative regret, mean ± standard error / p90 over 3 seeds (lower is better)\n\n"
                        + "| strategy | pooly | recovery |\n|---|---:|---:|\n"
                        + "| round-robin | 133.6 ± 0.0 / 133.6 | ")
                .contains("### Ratio of mean regret to the best strategy's in the same run")
                .contains("### pooly scenario: final running mean score, pooly's published single run, success rate")
                .contains("| softmax(0.1) | ", " | 0.924 | ")
                .contains("| strategy | recovery @300 @600 |")
                .contains("| round-robin | 300 / 400 (100%) |")
                .contains("| **");
    }

    @Test
    void trials_text_sameSectionsAlignedWithoutMarkup() {
        String text = ComparisonReport.trials(TRIALS, Format.TEXT);
        assertThat(text)
                .startsWith("Cumulative regret, mean ± standard error / p90 over 3 seeds (lower is better)\n\n"
                        + "strategy                    pooly             recovery\n"
                        + "round-robin   133.6 ± 0.0 / 133.6  226.4 ± 0.0 / 226.4\n")
                .contains("\nRatio of mean regret to the best strategy's in the same run\n\n")
                .contains("\nRe-convergence after each change of the best host")
                .doesNotContain("|", "**", "###");
        // every row of a table is as wide as its header
        String first = text.split("\n\n")[1];
        assertThat(first.lines().map(String::length).distinct()).hasSize(1);
    }

    @Test
    void ratioToBest_oneRowPerScenario() {
        String md = ComparisonReport.ratioToBest(TRIALS, "round-robin", Format.MARKDOWN);
        assertThat(md.split("\n")).hasSize(4);
        assertThat(md).startsWith("| scenario | best strategy | its regret | round-robin | ratio |\n");
        assertThatThrownBy(() -> ComparisonReport.ratioToBest(TRIALS, "ucb1", Format.TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("results must include ucb1 on every scenario, but lack pooly");
    }

    @Test
    void csv_trialsCurvesAndTrafficShares() {
        StringWriter trials = new StringWriter();
        ComparisonReport.trialsCsv(TRIALS.subList(0, 1), trials);
        String[] lines = trials.toString().split("\n");
        assertThat(lines).hasSize(251);
        assertThat(lines[0]).isEqualTo("scenario,strategy,step,mean_score,regret");
        assertThat(lines[1]).isEqualTo("pooly,round-robin,1,0.500000,0.800000");

        TrafficResult traffic = Simulator.sequential()
                .runTraffic(Scenarios.herdRecovery(), "random", StrategyRegistry.factory("random"), 1);
        StringWriter shares = new StringWriter();
        ComparisonReport.trafficCsv(List.of(traffic), shares);
        assertThat(shares.toString().split("\n")).hasSize(1 + 60 * 11);
        assertThat(ComparisonReport.traffic(List.of(traffic), Format.MARKDOWN)).contains("| herd-recovery | random | ");
        assertThat(ComparisonReport.traffic(List.of(traffic), Format.TEXT))
                .startsWith("Traffic scenarios over 1 seeds: ")
                .contains("\nherd-recovery    random   0.9691     0.9691  ");
    }
}
