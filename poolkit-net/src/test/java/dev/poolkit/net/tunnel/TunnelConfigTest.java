package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** NP-1, NP-2 and the validation of both configurations, with exact messages. */
class TunnelConfigTest {

    private static final HostAndPort SERVER = new HostAndPort("127.0.0.1", 10101);

    private static TunnelClientConfig.Builder client() {
        return TunnelClientConfig.builder(SERVER);
    }

    @Test
    void np1_zeros_meanNodePassDefaults_poolNotReady() {
        TunnelClientConfig config = client().minCapacity(0)
                .maxCapacity(0)
                .minInterval(Duration.ZERO)
                .maxInterval(Duration.ZERO)
                .build();
        assertThat(config.minCapacity()).isEqualTo(1);
        assertThat(config.maxCapacity()).isEqualTo(1);
        assertThat(config.minInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxInterval()).isEqualTo(Duration.ofSeconds(1));
        try (TunnelClientPool pool = TunnelClientPool.create(config)) {
            assertThat(pool.capacity()).isEqualTo(1);
            assertThat(pool.interval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(pool.active()).isZero();
            assertThat(pool.ready()).isFalse();
        }
    }

    @Test
    void np2_minAboveMax_swapped() {
        TunnelClientConfig config = client().minCapacity(10)
                .maxCapacity(2)
                .minInterval(Duration.ofSeconds(5))
                .maxInterval(Duration.ofSeconds(1))
                .build();
        assertThat(config.minCapacity()).isEqualTo(2);
        assertThat(config.maxCapacity()).isEqualTo(10);
        assertThat(config.minInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxInterval()).isEqualTo(Duration.ofSeconds(5));
        try (TunnelClientPool pool = TunnelClientPool.create(config)) {
            assertThat(pool.capacity()).isEqualTo(2);
            assertThat(pool.interval()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void np2_nullListener_throwsNpe() {
        assertThatThrownBy(() -> TunnelServerPool.create(null, TunnelServerConfig.defaults()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("listener");
    }

    @Test
    void serverPool_unboundOrClosedListener_rejected() throws IOException {
        try (ServerSocket unbound = new ServerSocket()) {
            assertThatThrownBy(() -> TunnelServerPool.create(unbound, TunnelServerConfig.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("listener must be bound and open, but was ServerSocket[unbound]");
        }
    }

    @Test
    void clientConfig_defaults_andToBuilderRoundTrip() {
        TunnelClientConfig config = client().build();
        assertThat(config.name()).isEqualTo("tunnel");
        assertThat(config.minCapacity()).isEqualTo(TunnelClientConfig.DEFAULT_MIN_CAPACITY);
        assertThat(config.maxCapacity()).isEqualTo(TunnelClientConfig.DEFAULT_MAX_CAPACITY);
        assertThat(config.minInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tls().mode()).isEqualTo(TlsMode.NONE);
        assertThat(config.single()).isFalse();
        TunnelClientConfig custom = config.toBuilder()
                .name("edge")
                .capacity(7)
                .single(true)
                .tls(TlsClientConfig.builder().mode(TlsMode.SELF_SIGNED).build())
                .build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(custom.minCapacity()).isEqualTo(7);
        assertThat(custom.maxCapacity()).isEqualTo(7);
    }

    @Test
    void clientConfig_negativeOrNonsense_rejected() {
        assertThatThrownBy(() -> client().minCapacity(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minCapacity must not be negative, but was -1");
        assertThatThrownBy(() -> client().maxCapacity(-2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCapacity must not be negative, but was -2");
        assertThatThrownBy(() -> client().minInterval(Duration.ofMillis(-5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minInterval must not be negative, but was PT-0.005S");
        assertThatThrownBy(() -> client().keepAlive(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepAlive must not be negative, but was PT-1S");
        assertThatThrownBy(() -> client().idReadTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idReadTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> client().dialRetryInitialDelay(Duration.ofSeconds(2))
                        .dialRetryMaxDelay(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialRetryMaxDelay must be at least dialRetryInitialDelay (PT2S), but was PT1S");
        assertThatThrownBy(() -> client().name(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ' '");
        assertThatThrownBy(() -> client().tls(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tls");
        assertThatThrownBy(() -> TunnelClientConfig.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("server");
    }

    @Test
    void serverConfig_defaults_andValidation() {
        TunnelServerConfig config = TunnelServerConfig.defaults();
        assertThat(config.allowList().allowsAll()).isTrue();
        assertThat(config.tls()).isNull();
        assertThat(config.tcpNoDelay()).isTrue();
        assertThat(config.maxPooled()).isEqualTo(65_536);
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThatThrownBy(() -> TunnelServerConfig.builder().maxPooled(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPooled must be at least 1, but was 0");
        assertThatThrownBy(() -> TunnelServerConfig.builder()
                        .keepAlive(Duration.ofSeconds(-3))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepAlive must not be negative, but was PT-3S");
        assertThatThrownBy(() -> TunnelServerConfig.builder().allow("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowList entries must be IP addresses or CIDR ranges (such as 10.0.0.0/8 or fd00::/8),"
                        + " but one was '10.0.0.0/33'");
        assertThatThrownBy(() -> TunnelServerConfig.builder().allowList(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("allowList");
    }
}
