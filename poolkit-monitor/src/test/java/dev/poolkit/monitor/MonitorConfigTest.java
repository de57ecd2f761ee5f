package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config builder validation and golib-keyed JSON/YAML files, bad input included. */
class MonitorConfigTest {

    // ---------------------------------------------------------------- builder

    @Test
    @DisplayName("negative durations are rejected with the field and the value")
    void builder_negativeDuration_rejected() {
        assertThatThrownBy(() -> MonitorConfig.builder()
                        .checkTimeout(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkTimeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> MonitorConfig.builder()
                        .intervalRise(Duration.ofMillis(-5))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intervalRise must not be negative, but was PT-0.005S");
    }

    @Test
    @DisplayName("counts outside 0..255 are rejected with the field and the value")
    void builder_countOutOfRange_rejected() {
        assertThatThrownBy(() -> MonitorConfig.builder().fallCountKo(256).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fallCountKo must be between 0 and 255, but was 256");
        assertThatThrownBy(() -> MonitorConfig.builder().riseCountWarn(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("riseCountWarn must be between 0 and 255, but was -1");
        assertThat(MonitorConfig.builder().riseCountWarn(255).build().riseCountWarn())
                .isEqualTo(255);
    }

    @Test
    @DisplayName("nulls are rejected naming the field")
    void builder_null_rejected() {
        assertThatThrownBy(() -> MonitorConfig.builder().intervalCheck(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("intervalCheck");
        assertThatThrownBy(() -> MonitorConfig.builder().name(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    @DisplayName("toBuilder round-trips; template is golib's DefaultConfig")
    void toBuilder_and_template() {
        MonitorConfig t = MonitorConfig.template();
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t.checkTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.intervalCheck()).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.intervalFall()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.intervalRise()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new int[] {t.fallCountKo(), t.fallCountWarn(), t.riseCountKo(), t.riseCountWarn()})
                .containsExactly(3, 2, 3, 2);
        assertThat(t.normalized()).isSameAs(t);
    }

    // ---------------------------------------------------------------- files

    @Test
    @DisplayName("JSON with golib's keys and Go duration strings")
    void fromJson_golibKeys() {
        MonitorConfig c = MonitorConfig.fromJson("""
                {"name": "db", "check-timeout": "3s", "interval-check": "1m30s", "interval-fall": "1.5s",
                 "interval-rise": "250ms", "fall-count-ko": 3, "fall-count-warn": 2, "rise-count-ko": 4,
                 "rise-count-warn": 5, "data": {"version": "14.5", "port": 5432}, "logger": {"level": "info"}}
                """);
        assertThat(c.name()).isEqualTo("db");
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.intervalCheck()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.intervalFall()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.intervalRise()).isEqualTo(Duration.ofMillis(250));
        assertThat(new int[] {c.fallCountKo(), c.fallCountWarn(), c.riseCountKo(), c.riseCountWarn()})
                .containsExactly(3, 2, 4, 5);
        assertThat(c.data()).isEqualTo(Map.of("port", 5432, "version", "14.5"));
    }

    @Test
    @DisplayName("YAML with golib's keys; missing keys are zero and normalise like golib; interval-down alias")
    void fromYaml_golibKeys_andNormalisation() {
        MonitorConfig c = MonitorConfig.fromYaml("""
                name: cache
                interval-check: 2s
                interval-down: 500ms
                rise-count-ko: 2
                """);
        assertThat(c.intervalFall()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.checkTimeout()).isZero();
        MonitorConfig n = c.normalized();
        assertThat(n.checkTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(n.intervalRise()).isEqualTo(Duration.ofSeconds(2));
        assertThat(n.fallCountKo()).isEqualTo(1);
        assertThat(n.riseCountKo()).isEqualTo(2);
    }

    @Test
    @DisplayName("read(Path) picks YAML or JSON by file name")
    void read_byExtension(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("m.yml"), "name: y\ninterval-check: 1d\n");
        Path json = Files.writeString(dir.resolve("m.json"), "{\"name\":\"j\",\"interval-check\":1000000}");
        assertThat(MonitorConfig.read(yaml).intervalCheck()).isEqualTo(Duration.ofDays(1));
        assertThat(MonitorConfig.read(json).intervalCheck()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    @DisplayName("an unknown key is an error naming the key")
    void fromJson_unknownKey_namesKey() {
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"interval-chek\": \"1s\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown key 'interval-chek' in monitor config; known keys: name, data,");
        assertThatThrownBy(() -> MonitorConfig.fromYaml("nmae: x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown key 'nmae'");
    }

    @Test
    @DisplayName("negative durations, bad duration text and counts over 255 are errors naming the key")
    void fromJson_badValues_nameKey() {
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"check-timeout\": \"-5s\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check-timeout must not be negative, but was \"-5s\"");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"interval-check\": \"5 parsecs\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("interval-check must be a duration such as \"5s\", but was \"5 parsecs\"");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"interval-rise\": true}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval-rise must be a duration such as \"5s\", but was true");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"fall-count-ko\": 256}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fall-count-ko must be an integer between 0 and 255, but was 256");
        assertThatThrownBy(() -> MonitorConfig.fromYaml("rise-count-warn: -1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rise-count-warn must be an integer between 0 and 255, but was -1");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{\"rise-count-ko\": 1.5}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rise-count-ko must be an integer between 0 and 255, but was 1.5");
        assertThatThrownBy(() -> MonitorConfig.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor config must be a JSON object");
        assertThatThrownBy(() -> MonitorConfig.fromJson("{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("monitor config is not valid JSON");
    }
}
