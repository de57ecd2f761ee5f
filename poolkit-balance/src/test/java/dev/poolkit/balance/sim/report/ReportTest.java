package dev.poolkit.balance.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void csv_headerThenRows_doublesWithSixDecimals() {
        StringWriter out = new StringWriter();
        new CsvWriter(out, List.of("name", "step", "value"))
                .row("epsilon-greedy(0.1,0.01,0.0)", 1, 0.5)
                .row("ucb1", 2, 1.0 / 3);
        assertThat(out.toString())
                .isEqualTo("name,step,value\n\"epsilon-greedy(0.1,0.01,0.0)\",1,0.500000\nucb1,2,0.333333\n");
    }

    @Test
    void csv_wrongNumberOfFields_rejected() {
        CsvWriter csv = new CsvWriter(new StringWriter(), List.of("a", "b"));
        assertThatThrownBy(() -> csv.row("x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fields must be 2, but was 1");
        assertThatThrownBy(() -> new CsvWriter(new StringWriter(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header must not be empty, but was []");
    }
}
