package dev.poolkit.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlsModeTest {

    @ParameterizedTest
    @CsvSource({
        "NONE, NONE",
        "none, NONE",
        "0, NONE",
        "SELF_SIGNED, SELF_SIGNED",
        "self-signed, SELF_SIGNED",
        "' 1 ', SELF_SIGNED",
        "verified, VERIFIED",
        "2, VERIFIED"
    })
    void parse_nameOrNodePassCode_givesTheMode(String text, TlsMode expected) {
        assertThat(TlsMode.parse(text)).isEqualTo(expected);
    }

    @Test
    void code_isNodePassCode() {
        assertThat(TlsMode.NONE.code()).isEqualTo("0");
        assertThat(TlsMode.SELF_SIGNED.code()).isEqualTo("1");
        assertThat(TlsMode.VERIFIED.code()).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "", "tls", "selfsigned", "-1"})
    void parse_unknown_rejectedNamingTheValue(String text) {
        // NodePass falls back to plain TCP for an unknown code: a silent downgrade poolkit refuses.
        assertThatThrownBy(() -> TlsMode.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlsMode must be one of NONE (0), SELF_SIGNED (1) or VERIFIED (2), but was '" + text + "'");
    }

    @Test
    void parse_null_throwsNpe() {
        assertThatThrownBy(() -> TlsMode.parse(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tlsMode");
    }
}
