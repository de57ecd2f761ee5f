package dev.poolkit.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.net.DialerConfig;
import dev.poolkit.pool.PoolConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HostPoolConfig}: defaults, every rule with its exact message, the default error classification, the dial back-off. */
class HostPoolConfigTest {

    @Test
    void defaults_arePoolysWhereItHasOne() {
        HostPoolConfig config = HostPoolConfig.defaults();

        assertThat(config.pool().maxSize()).isEqualTo(30);
        assertThat(config.pool().minIdle()).isEqualTo(1);
        assertThat(config.pool().acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.pool().validateOnAcquire()).isTrue();
        assertThat(config.dialAttempts()).isEqualTo(3);
        assertThat(config.dialRetryDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.dialRetryMaxDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.dialer()).isEqualTo(DialerConfig.defaults());
        assertThat(config.fatalErrors()).isSameAs(HostPoolConfig.DEFAULT_FATAL_ERRORS);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void dialAttempts_zero_rejected() {
        assertThatThrownBy(() -> HostPoolConfig.builder().dialAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialAttempts must be >= 1, but was 0");
    }

    @Test
    void dialRetryDelay_zero_rejected() {
        assertThatThrownBy(() ->
                        HostPoolConfig.builder().dialRetryDelay(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialRetryDelay must be positive, but was PT0S");
    }

    @Test
    void dialRetryMaxDelay_belowTheDelay_rejected() {
        assertThatThrownBy(() -> HostPoolConfig.builder()
                        .dialRetryDelay(Duration.ofMillis(100))
                        .dialRetryMaxDelay(Duration.ofMillis(50))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialRetryMaxDelay must be >= dialRetryDelay (PT0.1S), but was PT0.05S");
    }

    @Test
    void nulls_rejectedByName() {
        assertThatThrownBy(() -> HostPoolConfig.builder().pool(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("pool");
        assertThatThrownBy(() -> HostPoolConfig.builder().dialer(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dialer");
        assertThatThrownBy(() -> HostPoolConfig.builder().fatalErrors(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("fatalErrors");
        assertThatThrownBy(() -> HostPoolConfig.builder().dialRetryDelay(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dialRetryDelay");
    }

    @Test
    void corePoolRules_applyToo() {
        assertThatThrownBy(() -> PoolConfig.builder().maxSize(2).minIdle(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minIdle must be between 0 and maxSize (2), but was 3");
    }

    @Test
    void defaultFatalErrors_ioFailuresAnywhereInTheCauseChain() {
        var fatal = HostPoolConfig.DEFAULT_FATAL_ERRORS;

        assertThat(fatal.test(new IOException("reset"))).isTrue();
        assertThat(fatal.test(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(fatal.test(new UncheckedIOException(new IOException("broken pipe"))))
                .isTrue();
        assertThat(fatal.test(new RuntimeException("wrapped", new IOException("eof"))))
                .isTrue();
        assertThat(fatal.test(new IllegalStateException("the server said no"))).isFalse();
        RuntimeException cycle = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", cycle);
        cycle.initCause(other);
        assertThat(fatal.test(cycle)).isFalse(); // a cause cycle ends the walk
    }

    @Test
    void retryDelay_growsExponentiallyWithJitterUpToTheMaximum() {
        long base = Duration.ofMillis(10).toNanos();
        long max = Duration.ofMillis(100).toNanos();
        Random random = new Random(7);
        for (int failures = 1; failures <= 8; failures++) {
            long ceiling = Math.min(max, base << failures);
            for (int i = 0; i < 200; i++) {
                Duration delay = SocketFactory.retryDelay(failures, base, max, random);
                assertThat(delay.toNanos()).isBetween(base, ceiling);
            }
        }
        assertThat(SocketFactory.retryDelay(62, base, Long.MAX_VALUE, random).toNanos())
                .isGreaterThanOrEqualTo(base); // no overflow
    }
}
