package dev.poolkit.pool.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.IdleOrder;
import dev.poolkit.pool.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules and messages of {@link KeyedPoolConfig} (style §3: the field as its builder method, and the value). */
class KeyedPoolConfigTest {

    @Test
    void defaults_areTheDocumentedOnes() {
        KeyedPoolConfig config = KeyedPoolConfig.defaults();
        assertThat(config.name()).isEqualTo("keyed");
        assertThat(config.maxPerKey()).isEqualTo(PoolConfig.DEFAULT_MAX_SIZE);
        assertThat(config.maxTotal()).isEqualTo(100);
        assertThat(config.perKey()).isEqualTo(PoolConfig.defaults());
    }

    @Test
    void maxPerKey_negative_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder().maxPerKey(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPerKey must be >= 1, but was -1");
    }

    @Test
    void maxPerKey_zero_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder().maxPerKey(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPerKey must be >= 1, but was 0");
    }

    @Test
    void maxPerKey_aboveEnginesLimit_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder()
                        .maxPerKey(PoolConfig.MAX_POOL_SIZE + 1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPerKey must be <= 1048576, but was 1048577");
    }

    @Test
    void maxTotal_zero_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder().maxTotal(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTotal must be >= 1, but was 0");
    }

    @Test
    void name_blank_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder().name(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ' '");
        assertThatThrownBy(() -> KeyedPoolConfig.builder().name(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    void perKey_null_rejected() {
        assertThatThrownBy(() -> KeyedPoolConfig.builder().perKey(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("perKey");
    }

    @Test
    void perKey_minIdleAboveMaxPerKey_rejected() {
        PoolConfig perKey = PoolConfig.builder().minIdle(5).build();
        assertThatThrownBy(() ->
                        KeyedPoolConfig.builder().maxPerKey(4).perKey(perKey).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perKey.minIdle must be between 0 and maxPerKey (4), but was 5");
    }

    @Test
    void configFor_perKeySettingsWithNameAndMaxPerKey() {
        PoolConfig perKey = PoolConfig.builder()
                .name("ignored")
                .maxSize(99)
                .minIdle(1)
                .idleTimeout(Duration.ofSeconds(7))
                .order(IdleOrder.FIFO)
                .build();
        KeyedPoolConfig config =
                KeyedPoolConfig.builder().maxPerKey(3).perKey(perKey).build();
        PoolConfig forKey = config.configFor("keyed[k]");
        assertThat(forKey)
                .isEqualTo(perKey.toBuilder().name("keyed[k]").maxSize(3).build());
    }

    @Test
    void toBuilder_copiesEveryField() {
        KeyedPoolConfig config = KeyedPoolConfig.builder()
                .name("hosts")
                .maxPerKey(2)
                .maxTotal(9)
                .perKey(PoolConfig.builder().minIdle(1).build())
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
