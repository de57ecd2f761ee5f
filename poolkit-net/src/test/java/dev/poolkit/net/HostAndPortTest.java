package dev.poolkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:6379,127.0.0.1,6379",
        "db.example:5432,db.example,5432",
        "[::1]:8080,::1,8080",
        "' localhost:1 ',localhost,1",
        "h:65535,h,65535"
    })
    void parse_valid_roundTrips(String text, String host, int port) {
        HostAndPort address = HostAndPort.parse(text);
        assertThat(address).isEqualTo(new HostAndPort(host, port));
        assertThat(HostAndPort.parse(address.toString())).isEqualTo(address);
    }

    @Test
    void toString_bracketsIpv6() {
        assertThat(new HostAndPort("::1", 80)).hasToString("[::1]:80");
        assertThat(new HostAndPort("a", 80)).hasToString("a:80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", "host:", ":80", "::1:80", "[::1]80", "[::1]", "host:http", "host:-1"})
    void parse_malformed_rejectedQuotingTheText(String text) {
        assertThatThrownBy(() -> HostAndPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address must be host:port (an IPv6 literal in brackets), but was '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:0", "host:65536", "host:99999999999"})
    void parse_portOutOfRange_rejected(String text) {
        String port = text.substring(5);
        assertThatThrownBy(() -> HostAndPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, but was " + port + " in '" + text + "'");
    }

    @Test
    void new_badParts_rejected() {
        assertThatThrownBy(() -> new HostAndPort(" ", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must be a host name or IP literal, but was ' '");
        assertThatThrownBy(() -> new HostAndPort("a b", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must be a host name or IP literal, but was 'a b'");
        assertThatThrownBy(() -> new HostAndPort("h", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, but was 0");
        assertThatThrownBy(() -> new HostAndPort(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("host");
    }

    @Test
    void parseListenAddress_acceptsPortZero_rejectsTheRest() {
        assertThat(HostAndPort.parseListenAddress("127.0.0.1:0"))
                .isEqualTo(java.net.InetSocketAddress.createUnresolved("127.0.0.1", 0));
        assertThat(HostAndPort.parseListenAddress("[::]:8080").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> HostAndPort.parseListenAddress("h:65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, but was 65536 in 'h:65536'");
        assertThatThrownBy(() -> HostAndPort.parseListenAddress("a b:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must be a host name or IP literal, but was 'a b'");
    }
}
