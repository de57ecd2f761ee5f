package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.monitor.internal.GoDurations;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status parse rules (reference §1.1), info rules (§1.4) and Go duration text. */
class ValuesTest {

    @ParameterizedTest(name = "parse({0}) = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "OK|OK",
                "ok|OK",
                "'ok'|OK",
                "\"Warn\"|WARN",
                "  status ok  |OK",
                "WARN|WARN",
                "Status: OK|KO",
                "okay|KO",
                "''|KO",
                "KO|KO"
            })
    void status_parse(String text, Status expected) {
        assertThat(Status.parse(text)).isEqualTo(expected);
    }

    @Test
    @DisplayName("status names, codes, numbers and number mapping")
    void status_namesAndNumbers() {
        assertThat(Status.WARN.toString()).isEqualTo("Warn");
        assertThat(Status.WARN.code()).isEqualTo("WARN");
        assertThat(Status.OK.number()).isEqualTo(2);
        assertThat(Status.of(1)).isEqualTo(Status.WARN);
        assertThat(Status.of(2)).isEqualTo(Status.OK);
        assertThat(Status.of(258)).isEqualTo(Status.KO);
        assertThat(Status.of(-1)).isEqualTo(Status.KO);
        assertThat(Status.of(2.9)).isEqualTo(Status.OK);
        assertThat(Status.of(0.99)).isEqualTo(Status.KO);
        assertThat(Status.parse(null)).isEqualTo(Status.KO);
    }

    @Test
    @DisplayName("status with Jackson: written as its display form, read with parse (unknown is KO)")
    void status_jackson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(om.writeValueAsString(Status.WARN)).isEqualTo("\"Warn\"");
        assertThat(om.readValue("\"'ok'\"", Status.class)).isEqualTo(Status.OK);
        assertThat(om.readValue("\"bogus\"", Status.class)).isEqualTo(Status.KO);
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        assertThat(yaml.readValue("Warn", Status.class)).isEqualTo(Status.WARN);
    }

    @Test
    @DisplayName("info: empty default name rejected; name function > set name > default; data overlay")
    void info_rules() {
        assertThatThrownBy(() -> Info.of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default name cannot be empty");
        Info info = Info.of("def");
        assertThat(info.name()).isEqualTo("def");
        info.setName("set");
        assertThat(info.name()).isEqualTo("set");
        info.registerName(() -> "fn");
        assertThat(info.name()).isEqualTo("fn");
        info.registerName(() -> {
            throw new IllegalStateException("x");
        });
        assertThat(info.name()).isEqualTo("set");
        info.setData(Map.of("b", 2, "a", 1));
        info.registerData(() -> Map.of("b", "fromFn", "c", 3));
        assertThat(info.data()).containsExactly(Map.entry("a", 1), Map.entry("b", "fromFn"), Map.entry("c", 3));
        info.addData("a", null);
        assertThat(info.data()).doesNotContainKey("a");
        info.registerData(null);
        assertThat(info.toText()).isEqualTo("set (b: 2)");
    }

    @ParameterizedTest(name = "{0} ns = {1}")
    @CsvSource({
        "0,0s", "15000000,15ms", "1500000000,1.5s", "65000000000,1m5s", "8100000000000,2h15m0s",
        "86400000000000,1d", "93600000000000,1d2h0m0s", "1500,1.5µs", "999,999ns", "300500000000,5m0.5s"
    })
    void goDuration_format(long nanos, String text) {
        assertThat(GoDurations.formatWithDays(nanos)).isEqualTo(text);
    }

    @ParameterizedTest(name = "parse {0}")
    @CsvSource({
        "5s,PT5S",
        "1m30s,PT1M30S",
        "1.5s,PT1.5S",
        "100ms,PT0.1S",
        "10ns,PT0.00000001S",
        "1h,PT1H",
        "2d,PT48H",
        "0,PT0S",
        "-3s,PT-3S",
        "1us,PT0.000001S"
    })
    void goDuration_parse(String text, Duration expected) {
        assertThat(GoDurations.parse(text)).isEqualTo(expected);
    }

    @Test
    void goDuration_parse_rejectsGarbage() {
        assertThatThrownBy(() -> GoDurations.parse("5")).hasMessage("missing unit in duration \"5\"");
        assertThatThrownBy(() -> GoDurations.parse("5y")).hasMessage("unknown unit \"y\" in duration \"5y\"");
        assertThatThrownBy(() -> GoDurations.parse("")).hasMessage("invalid duration \"\"");
        // Go reads "1." as a number and then finds ".2s" where the unit should be
        assertThatThrownBy(() -> GoDurations.parse("1..2s")).hasMessage("missing unit in duration \"1..2s\"");
    }
}
