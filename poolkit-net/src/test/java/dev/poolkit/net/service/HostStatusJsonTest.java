package dev.poolkit.net.service;

import static dev.poolkit.net.service.ServiceTestKit.address;
import static dev.poolkit.net.service.ServiceTestKit.config;
import static dev.poolkit.net.service.ServiceTestKit.hostPool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolkit.net.HostAndPort;
import dev.poolkit.net.host.HostTestKit;
import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.LoopbackServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The status records are what an admin endpoint's {@code /hosts} and {@code /pools} write: a plain ObjectMapper must do. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostStatusJsonTest {

    @Test
    void hosts_writtenByAPlainObjectMapper() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.Mode.ECHO);
                Service service = Service.builder("json")
                        .config(config("round-robin", hostPool(4, 1)).build())
                        .build()) {
            HostAndPort up = address(server);
            HostAndPort down = address(HostTestKit.refusingAddress());
            service.add(up);
            service.add(down);
            service.disable(down);
            service.getConnection().release();
            Awaits.await().until(() -> service.hosts().get(1).pool().lastDialFailure() != null);

            JsonNode hosts = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(service.hosts()));

            assertThat(hosts).hasSize(2);
            JsonNode first = hosts.get(0);
            assertThat(first.get("host").asText()).isEqualTo(up.toString());
            assertThat(first.get("enabled").asBoolean()).isTrue();
            assertThat(first.get("requests").asLong()).isEqualTo(1);
            assertThat(first.get("share").asDouble()).isEqualTo(1.0);
            assertThat(first.get("pool").get("name").asText()).isEqualTo("json/" + up);
            assertThat(first.get("pool").get("lastDialFailure").isNull()).isTrue();
            JsonNode second = hosts.get(1);
            assertThat(second.get("enabled").asBoolean()).isFalse();
            assertThat(second.get("pool").get("lastDialFailure").asText())
                    .startsWith("java.net.ConnectException: connect to 127.0.0.1:" + down.port());
            assertThat(first.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "host",
                            "enabled",
                            "score",
                            "outstanding",
                            "requests",
                            "share",
                            "getFailures",
                            "releases",
                            "failures",
                            "pool");
        }
    }
}
