package dev.poolkit.net.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Defaults, normalisation and every validation message of {@link WorkerPoolConfig}. */
class WorkerPoolConfigTest {

    // ------------------------------------------------------------------ defaults

    @Test
    @DisplayName("PM-1: the defaults are pool-manager's: 5120 bytes, 3 s, min 0, max 0 (unlimited)")
    void defaults_matchPoolManager() {
        WorkerPoolConfig config = WorkerPoolConfig.defaults();
        assertThat(config.bufferSize()).isEqualTo(5120);
        assertThat(config.clientDeadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.minWorkers()).isZero();
        assertThat(config.maxWorkers()).isZero();
        assertThat(config.reapInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.threadMode()).isEqualTo(ThreadMode.PLATFORM);
        assertThat(config.name()).isEqualTo("pool");
    }

    @Test
    @DisplayName("PM-1: a pool built without settings reports the default configuration")
    void poolConfig_noSettings_defaults() {
        WorkerPool pool = WorkerPool.forMessages((c, m) -> {}).build();
        assertThat(pool.config()).isEqualTo(WorkerPoolConfig.defaults());
    }

    @Test
    void bufferSize_zero_becomesDefault() {
        assertThat(WorkerPoolConfig.builder().bufferSize(0).build().bufferSize())
                .isEqualTo(WorkerPoolConfig.DEFAULT_BUFFER_SIZE);
    }

    @Test
    void clientDeadline_zero_becomesDefault() {
        assertThat(WorkerPoolConfig.builder()
                        .clientDeadline(Duration.ZERO)
                        .build()
                        .clientDeadline())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void toBuilder_copiesEveryField() {
        WorkerPoolConfig config = WorkerPoolConfig.builder()
                .name("edge")
                .minWorkers(2)
                .maxWorkers(8)
                .bufferSize(64)
                .clientDeadline(Duration.ofMillis(250))
                .reapInterval(Duration.ofSeconds(5))
                .threadMode(ThreadMode.PLATFORM)
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().maxWorkers(9).build().maxWorkers()).isEqualTo(9);
    }

    @Test
    void minWorkers_aboveZero_allowedWithUnlimitedMax() {
        assertThat(WorkerPoolConfig.builder().minWorkers(5).build().minWorkers())
                .isEqualTo(5);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void minWorkers_negative_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder().minWorkers(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minWorkers must be >= 0, but was -1");
    }

    @Test
    void maxWorkers_negative_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder().maxWorkers(-3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWorkers must be >= 0 (0 = unlimited), but was -3");
    }

    @Test
    void minWorkers_aboveMax_rejected() {
        assertThatThrownBy(() ->
                        WorkerPoolConfig.builder().minWorkers(3).maxWorkers(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minWorkers must be <= maxWorkers (2), but was 3");
    }

    @Test
    void bufferSize_negative_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder().bufferSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferSize must be between 1 and 16777216 (0 = the default 5120), but was -1");
    }

    @Test
    void bufferSize_aboveMax_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder()
                        .bufferSize(WorkerPoolConfig.MAX_BUFFER_SIZE + 1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferSize must be between 1 and 16777216 (0 = the default 5120), but was 16777217");
    }

    @Test
    void clientDeadline_negative_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder()
                        .clientDeadline(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientDeadline must not be negative, but was PT-1S");
    }

    @Test
    void reapInterval_zero_rejected() {
        assertThatThrownBy(() ->
                        WorkerPoolConfig.builder().reapInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reapInterval must be positive, but was PT0S");
    }

    @Test
    void minWorkers_inVirtualMode_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder()
                        .threadMode(ThreadMode.VIRTUAL)
                        .minWorkers(2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minWorkers must be 0 in VIRTUAL thread mode (a virtual thread is started per connection"
                        + " and never kept idle), but was 2");
    }

    @Test
    void name_blank_rejected() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder().name(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ' '");
    }

    @Test
    void nullFields_rejectedNamingTheField() {
        assertThatThrownBy(() -> WorkerPoolConfig.builder().name(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> WorkerPoolConfig.builder().clientDeadline(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("clientDeadline");
        assertThatThrownBy(() -> WorkerPoolConfig.builder().reapInterval(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("reapInterval");
        assertThatThrownBy(() -> WorkerPoolConfig.builder().threadMode(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("threadMode");
    }

    @Test
    void handler_null_rejectedNamingIt() {
        assertThatThrownBy(() -> WorkerPool.forMessages(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("handler");
        assertThatThrownBy(() -> WorkerPool.forSessions(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("handler");
    }

    @Test
    void builder_badSetting_rejectedOnBuild() {
        assertThatThrownBy(() ->
                        WorkerPool.forMessages((c, m) -> {}).maxWorkers(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWorkers must be >= 0 (0 = unlimited), but was -1");
        assertThatThrownBy(() -> WorkerPool.forMessages((c, m) -> {}).scheduler(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("scheduler");
    }
}
