package dev.poolkit.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.CountingFactory;
import dev.poolkit.pool.testing.CountingFactory.Resource;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.PoolInvariants;
import dev.poolkit.pool.testing.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PoolListener} events and the {@link DestroyReason} that {@link ResourceFactory#destroy(Object,
 * DestroyReason)} gets, for every path that creates or destroys a resource. Everything runs on the
 * calling thread (direct executor, manual scheduler), so the event order is exact.
 */
class PoolListenerTest {

    @RegisterExtension
    final PoolInvariants invariants = new PoolInvariants();

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final CountingFactory factory = new CountingFactory();
    private final RecordingListener<Resource> listener = new RecordingListener<>();

    private PoolBuilder<Resource> builder() {
        return Pool.builder(factory)
                .name("events")
                .ticker(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .listener(listener);
    }

    private Pool<Resource> pool(PoolBuilder<Resource> builder) {
        return invariants.track(builder.build());
    }

    private void elapse(Duration duration) {
        Duration step = Duration.ofMillis(100);
        for (Duration left = duration; left.isPositive(); left = left.minus(step)) {
            clock.advance(left.compareTo(step) < 0 ? left : step);
            scheduler.runDue();
        }
    }

    @Test
    void noop_isTheSharedDefault() {
        assertThat(PoolListener.<String>noop()).isSameAs(PoolListener.<Integer>noop());
        PoolListener<Object> noop = PoolListener.noop();
        noop.created(new Object(), Duration.ZERO); // does nothing, throws nothing
    }

    @Test
    void listener_null_rejected() {
        assertThatThrownBy(() -> Pool.builder(factory).listener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("listener");
    }

    @Test
    void created_forCallerAndRefill() throws Exception {
        Pool<Resource> pool = pool(builder().minIdle(1));
        scheduler.runDue();
        pool.acquire().release();
        try (Lease<Resource> a = pool.acquire();
                Lease<Resource> b = pool.acquire()) {
            assertThat(listener.events()).containsExactly("created Resource1", "created Resource2");
        }
    }

    @Test
    void creationFailed_forCallerAndRefill() {
        factory.failCreateWhen(n -> true);
        Pool<Resource> pool = pool(builder().minIdle(1));
        scheduler.runDue();
        assertThatThrownBy(pool::acquire).isInstanceOf(ResourceCreationException.class);
        assertThat(listener.events())
                .containsExactly(
                        "creationFailed java.lang.Exception: create failed (call 1)",
                        "creationFailed java.lang.Exception: create failed (call 2)");
    }

    @Test
    void destroyed_invalidated_withAndWithoutCause() throws Exception {
        Pool<Resource> pool = pool(builder());
        pool.acquire().invalidate();
        pool.acquire().invalidate(new IOException("connection reset"));
        assertThat(listener.events())
                .containsExactly(
                        "created Resource1",
                        "destroyed Resource1 INVALIDATED",
                        "created Resource2",
                        "destroyed Resource2 INVALIDATED java.io.IOException: connection reset");
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.INVALIDATED, DestroyReason.INVALIDATED);
    }

    @Test
    void invalidate_nullCause_rejected_leaseStaysActive() throws Exception {
        Pool<Resource> pool = pool(builder());
        Lease<Resource> lease = pool.acquire();
        assertThatThrownBy(() -> lease.invalidate(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("cause");
        assertThat(lease.isActive()).isTrue();
        lease.release();
    }

    @Test
    void destroyed_idleTimeout() throws Exception {
        Pool<Resource> pool = pool(builder().idleTimeout(Duration.ofSeconds(10)));
        pool.acquire().release();
        elapse(Duration.ofSeconds(15));
        assertThat(pool.stats().size()).isZero();
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.IDLE_TIMEOUT);
        assertThat(listener.events()).endsWith("destroyed Resource1 IDLE_TIMEOUT");
    }

    @Test
    void destroyed_maxLifetime_whileIdle_andOnRelease() throws Exception {
        Pool<Resource> pool =
                pool(builder().maxSize(2).idleTimeout(Duration.ZERO).maxLifetime(Duration.ofSeconds(10)));
        Lease<Resource> held = pool.acquire();
        pool.acquire().release();
        elapse(Duration.ofSeconds(11));
        held.release();
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.MAX_LIFETIME, DestroyReason.MAX_LIFETIME);
    }

    @Test
    void destroyed_validationFailed_background_withCauseWhenItThrew() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(2).validationInterval(Duration.ofSeconds(1)));
        Lease<Resource> a = pool.acquire();
        Lease<Resource> b = pool.acquire();
        a.release();
        b.release();
        factory.validWhen(r -> {
            if (r.id() == 1) {
                throw new IllegalStateException("ping failed");
            }
            return false;
        });
        elapse(Duration.ofSeconds(2));
        assertThat(listener.events())
                .contains(
                        "destroyed Resource1 VALIDATION_FAILED java.lang.IllegalStateException: ping failed",
                        "destroyed Resource2 VALIDATION_FAILED");
        assertThat(pool.stats().validationFailures()).isEqualTo(2);
    }

    @Test
    void destroyed_validationFailed_onAcquire() throws Exception {
        Pool<Resource> pool = pool(builder()
                .validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO)
                .idleTimeout(Duration.ZERO)
                .maxLifetime(Duration.ZERO));
        pool.acquire().release();
        clock.advance(Duration.ofMillis(1));
        factory.validWhen(r -> r.id() != 1);
        try (Lease<Resource> lease = pool.acquire()) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.VALIDATION_FAILED);
    }

    @Test
    void destroyed_shrunk_idleAtResize_andSurplusOnRelease() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(3));
        List<Lease<Resource>> leases = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        leases.get(0).release();
        pool.resize(1);
        leases.get(1).release();
        leases.get(2).release();
        assertThat(factory.destroyReasons()).containsExactly(DestroyReason.SHRUNK, DestroyReason.SHRUNK);
        assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle).containsExactly(1, 1);
    }

    @Test
    void destroyed_closed_idle_returnedLater_andRevokedAfterTimeout() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(3));
        Lease<Resource> returnedLater = pool.acquire();
        Lease<Resource> kept = pool.acquire();
        pool.acquire().release();
        assertThat(pool.close(Duration.ZERO)).isFalse();
        returnedLater.release(); // revoked too: a no-op, counted
        assertThat(kept.isActive()).isFalse();
        assertThat(factory.destroyReasons())
                .containsExactly(DestroyReason.CLOSED, DestroyReason.CLOSED, DestroyReason.CLOSED);
    }

    @Test
    void destroyed_closed_leaseReturnedAfterClose() throws Exception {
        Pool<Resource> pool = pool(builder());
        Lease<Resource> lease = pool.acquire();
        pool.close();
        assertThat(factory.destroyReasons()).isEmpty();
        lease.release();
        assertThat(listener.events()).containsExactly("created Resource1", "destroyed Resource1 CLOSED");
    }

    @Test
    void acquireTimedOut_onTheCallersThread() throws Exception {
        Pool<Resource> pool = pool(builder().maxSize(1));
        Lease<Resource> held = pool.acquire();
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(5))).isInstanceOf(PoolTimeoutException.class);
        assertThat(listener.events()).containsExactly("created Resource1", "timedOut 5");
        held.release();
    }

    @Test
    void leakSuspected_once() throws Exception {
        Pool<Resource> pool = pool(builder().leakThreshold(Duration.ofSeconds(2)));
        Lease<Resource> lease = pool.acquire();
        elapse(Duration.ofSeconds(5));
        assertThat(listener.events()).containsExactly("created Resource1", "leak Resource1");
        lease.release();
    }

    @Test
    void listener_throwing_isCounted_andPoolKeepsWorking() throws Exception {
        PoolListener<Resource> broken = new PoolListener<>() {
            @Override
            public void created(Resource resource, Duration took) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void destroyed(Resource resource, DestroyReason reason, Throwable cause) {
                throw new AssertionError("listener bug");
            }
        };
        Pool<Resource> pool = pool(builder().listener(broken));
        pool.acquire().invalidate();
        try (Lease<Resource> lease = pool.acquire()) {
            assertThat(lease.get().id()).isEqualTo(2);
        }
        assertThat(pool.stats().listenerFailures()).isEqualTo(3);
        assertThat(pool.stats().destroyed()).isEqualTo(1);
    }
}
