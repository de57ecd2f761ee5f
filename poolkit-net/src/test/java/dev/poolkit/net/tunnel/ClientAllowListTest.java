package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAllowListTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void empty_allowsEveryone() throws UnknownHostException {
        assertThat(ClientAllowList.of().allowsAll()).isTrue();
        assertThat(ClientAllowList.of()).isSameAs(ClientAllowList.allowAll());
        assertThat(ClientAllowList.allowAll().allows(ip("203.0.113.9"))).isTrue();
        assertThat(ClientAllowList.allowAll()).hasToString("ClientAllowList[any]");
    }

    @Test
    void exactIp_asNodePass_matchesOnlyThatAddress() throws UnknownHostException {
        ClientAllowList list = ClientAllowList.of("192.0.2.10");
        assertThat(list.allows(ip("192.0.2.10"))).isTrue();
        assertThat(list.allows(ip("192.0.2.11"))).isFalse();
        assertThat(list.allows(ip("::ffff:192.0.2.10")))
                .as("an IPv4-mapped address is the IPv4 address")
                .isTrue();
        assertThat(list.allows(ip("::1"))).isFalse();
    }

    @Test
    void cidrRanges_ipv4AndIpv6() throws UnknownHostException {
        ClientAllowList list = ClientAllowList.of("10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "2001:db8::1");
        assertThat(list.allows(ip("10.255.0.1"))).isTrue();
        assertThat(list.allows(ip("11.0.0.1"))).isFalse();
        assertThat(list.allows(ip("172.31.255.255"))).isTrue();
        assertThat(list.allows(ip("172.32.0.0"))).isFalse();
        assertThat(list.allows(ip("fdab::5"))).isTrue();
        assertThat(list.allows(ip("fe00::5"))).isFalse();
        assertThat(list.allows(ip("2001:db8::1"))).isTrue();
        assertThat(list.allows(ip("2001:db8::2"))).isFalse();
        assertThat(list.entries()).containsExactly("10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "2001:db8::1");
    }

    @Test
    void cidr_hostBitsSet_meansTheNetwork_prefixZero_meansTheWholeFamily() throws UnknownHostException {
        ClientAllowList list = ClientAllowList.of("10.1.2.3/8", "0.0.0.0/0");
        assertThat(list.entries()).containsExactly("10.0.0.0/8", "0.0.0.0/0");
        assertThat(list.allows(ip("198.51.100.1"))).isTrue();
        assertThat(list.allows(ip("::2"))).as("IPv4 /0 does not cover IPv6").isFalse();
        assertThat(ClientAllowList.of("::/0").allows(ip("::2"))).isTrue();
        assertThat(ClientAllowList.of("10.0.0.0/31").allows(ip("10.0.0.1"))).isTrue();
        assertThat(ClientAllowList.of("10.0.0.0/31").allows(ip("10.0.0.2"))).isFalse();
        assertThat(ClientAllowList.of("::ffff:10.0.0.0/104").entries()).containsExactly("10.0.0.0/8");
    }

    @Test
    void equality_byNormalisedEntries() {
        assertThat(ClientAllowList.of("10.1.0.0/16")).isEqualTo(ClientAllowList.of(" 10.1.9.9/16 "));
        assertThat(ClientAllowList.of("::1")).isEqualTo(ClientAllowList.of("0:0:0:0:0:0:0:1"));
        assertThat(ClientAllowList.of("::1")).hasToString("ClientAllowList[::1]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "10.0.0",
                "10.0.0.256",
                "10.0.0.01",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "fd00::/129",
                "fd00::zz",
                "fe80::1%eth0",
                "[::1]",
                "1.2.3.4 5"
            })
    void malformedEntry_rejectedQuotingIt(String entry) {
        assertThatThrownBy(() -> ClientAllowList.of("10.0.0.1", entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowList entries must be IP addresses or CIDR ranges (such as 10.0.0.0/8 or fd00::/8),"
                        + " but one was '" + entry + "'");
    }

    @Test
    void nulls_rejected() {
        assertThatThrownBy(() -> ClientAllowList.of((String) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("entry");
        assertThatThrownBy(() -> ClientAllowList.allowAll().allows(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("address");
    }
}
