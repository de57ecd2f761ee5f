package dev.poolkit.balance.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.sim.Scenarios;
import dev.poolkit.balance.sim.Simulator;
import dev.poolkit.balance.sim.TrafficResult;
import dev.poolkit.balance.sim.TrialsResult;
import dev.poolkit.balance.strategy.StrategyRegistry;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void textTable_alignsColumnsAndRendersMarkdown() {
        TextTable table = new TextTable(List.of("strategy", "regret"))
                .row(List.of("softmax(0.1)", "3.0"))
                .row(List.of("ucb1", "18.25"));
        assertThat(table.toText())
                .isEqualTo("strategy      regret\n" + "softmax(0.1)     3.0\n" + "ucb1           18.25\n");
        assertThat(table.toMarkdown())
                .isEqualTo("| strategy | regret |\n|---|---:|\n| softmax(0.1) | 3.0 |\n| ucb1 | 18.25 |\n");
    }

    @Test
    void csv_quotesFieldsWithCommas() {
        assertThat(CsvWriter.quote("plain")).isEqualTo("plain");
        assertThat(CsvWriter.quote("thompson-cd(window=12,delta=0.001)"))
                .isEqualTo("\"thompson-cd(window=12,delta=0.001)\"");
        assertThat(CsvWriter.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void csv_trialsCurves_oneLinePerStep() {
        TrialsResult result = new Simulator(1)
                .runTrials(Scenarios.pooly(), "softmax(0.1)", StrategyRegistry.factory("softmax(0.1)"), 2);
        StringWriter out = new StringWriter();
        CsvWriter.trialsCurves(List.of(result), out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(251);
        assertThat(lines[0]).isEqualTo("scenario,strategy,step,mean_score,regret");
        assertThat(lines[1]).startsWith("pooly,softmax(0.1),1,0.500000,");
    }

    @Test
    void csv_trafficShares_onePerHostAndSecond() {
        TrafficResult result =
                new Simulator(1).runTraffic(Scenarios.herdRecovery(), "random", StrategyRegistry.factory("random"), 1);
        StringWriter out = new StringWriter();
        CsvWriter.trafficShares(List.of(result), out);
        assertThat(out.toString().split("\n")).hasSize(1 + 60 * 11);
    }
}
