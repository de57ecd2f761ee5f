package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of every {@link PoolConfig} field, with the exact messages. */
class PoolConfigTest {

    @Test
    void defaults_areDocumentedValues() {
        PoolConfig config = PoolConfig.defaults();
        assertThat(config.name()).isEqualTo("pool");
        assertThat(config.maxSize()).isEqualTo(10);
        assertThat(config.minIdle()).isZero();
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.validationInterval()).isZero();
        assertThat(config.validateOnAcquire()).isFalse();
        assertThat(config.validationIdleThreshold()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.leakThreshold()).isZero();
        assertThat(config.order()).isEqualTo(IdleOrder.LIFO);
        assertThat(config.fairness()).isEqualTo(PoolConfig.DEFAULT_FAIRNESS);
        assertThat(config.fairnessThreshold()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void toBuilder_copiesEveryField() {
        PoolConfig config = PoolConfig.builder()
                .name("db")
                .maxSize(7)
                .minIdle(3)
                .acquireTimeout(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(2))
                .maxLifetime(Duration.ofSeconds(3))
                .validationInterval(Duration.ofSeconds(4))
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofMillis(1500))
                .leakThreshold(Duration.ofSeconds(6))
                .order(IdleOrder.FIFO)
                .creationRetryInitialDelay(Duration.ofMillis(7))
                .creationRetryMaxDelay(Duration.ofMillis(8))
                .fairness(PoolConfig.DEFAULT_FAIRNESS == Fairness.STRICT ? Fairness.BOUNDED : Fairness.STRICT)
                .fairnessThreshold(Duration.ofMillis(9))
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void create_fromConfig_usesIt() {
        PoolConfig config = PoolConfig.builder().name("made").maxSize(3).build();
        try (Pool<CountingFactory.Resource> pool = Pool.create(new CountingFactory(), config)) {
            assertThat(pool.config()).isEqualTo(config);
            assertThat(pool.name()).isEqualTo("made");
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(b -> b.name(""), "name must not be blank, but was ''"),
                bad(b -> b.name("  "), "name must not be blank, but was '  '"),
                bad(b -> b.maxSize(0), "maxSize must be >= 1, but was 0"),
                bad(b -> b.maxSize(-5), "maxSize must be >= 1, but was -5"),
                bad(b -> b.maxSize(1_048_577), "maxSize must be <= 1048576, but was 1048577"),
                bad(b -> b.minIdle(-1), "minIdle must be between 0 and maxSize (10), but was -1"),
                bad(b -> b.maxSize(2).minIdle(3), "minIdle must be between 0 and maxSize (2), but was 3"),
                bad(
                        b -> b.acquireTimeout(Duration.ofMillis(-1)),
                        "acquireTimeout must not be negative, but was PT-0.001S"),
                bad(b -> b.idleTimeout(Duration.ofSeconds(-1)), "idleTimeout must not be negative, but was PT-1S"),
                bad(b -> b.maxLifetime(Duration.ofSeconds(-2)), "maxLifetime must not be negative, but was PT-2S"),
                bad(
                        b -> b.validationInterval(Duration.ofSeconds(-3)),
                        "validationInterval must not be negative, but was PT-3S"),
                bad(
                        b -> b.validationIdleThreshold(Duration.ofSeconds(-4)),
                        "validationIdleThreshold must not be negative, but was PT-4S"),
                bad(b -> b.validationTimeout(Duration.ZERO), "validationTimeout must be positive, but was PT0S"),
                bad(
                        b -> b.validationTimeout(Duration.ofMillis(-1)),
                        "validationTimeout must be positive, but was PT-0.001S"),
                bad(b -> b.leakThreshold(Duration.ofSeconds(-5)), "leakThreshold must not be negative, but was PT-5S"),
                bad(
                        b -> b.creationRetryInitialDelay(Duration.ZERO),
                        "creationRetryInitialDelay must be positive, but was PT0S"),
                bad(
                        b -> b.creationRetryMaxDelay(Duration.ofMillis(-1)),
                        "creationRetryMaxDelay must be positive, but was PT-0.001S"),
                bad(
                        b -> b.creationRetryInitialDelay(Duration.ofSeconds(2))
                                .creationRetryMaxDelay(Duration.ofSeconds(1)),
                        "creationRetryMaxDelay must be >= creationRetryInitialDelay (PT2S), but was PT1S"),
                bad(b -> b.fairnessThreshold(Duration.ZERO), "fairnessThreshold must be positive, but was PT0S"),
                bad(
                        b -> b.fairnessThreshold(Duration.ofNanos(-1)),
                        "fairnessThreshold must be positive, but was PT-0.000000001S"));
    }

    private static Arguments bad(Consumer<PoolConfig.Settings<?>> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void build_invalidValue_rejectedWithFieldAndValue(Consumer<PoolConfig.Settings<?>> change, String message) {
        PoolConfig.Builder builder = PoolConfig.builder();
        change.accept(builder);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void poolBuilder_invalidValue_rejectedBeforeAnythingStarts(
            Consumer<PoolConfig.Settings<?>> change, String message) {
        CountingFactory factory = new CountingFactory();
        PoolBuilder<CountingFactory.Resource> builder = Pool.builder(factory);
        change.accept(builder);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(factory.createCalls()).isZero();
    }

    @Test
    void build_nulls_rejectedWithFieldName() {
        assertThatThrownBy(() -> PoolConfig.builder().name(null).build()).hasMessage("name");
        assertThatThrownBy(() -> PoolConfig.builder().acquireTimeout(null).build())
                .hasMessage("acquireTimeout");
        assertThatThrownBy(() -> PoolConfig.builder().idleTimeout(null).build()).hasMessage("idleTimeout");
        assertThatThrownBy(() -> PoolConfig.builder().order(null).build()).hasMessage("order");
        assertThatThrownBy(() -> PoolConfig.builder().fairness(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("fairness");
        assertThatThrownBy(() -> PoolConfig.builder().fairnessThreshold(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("fairnessThreshold");
        assertThatThrownBy(() -> PoolConfig.builder().validationTimeout(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("validationTimeout");
        assertThatThrownBy(() -> Pool.builder(new CountingFactory()).executor(null))
                .hasMessage("executor");
        assertThatThrownBy(() -> Pool.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
        assertThatThrownBy(() -> Pool.builder(new CountingFactory()).ticker(null))
                .hasMessage("ticker");
        assertThatThrownBy(() -> Pool.builder(new CountingFactory()).scheduler(null))
                .hasMessage("scheduler");
    }
}
