package dev.poolkit.net.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.pool.testing.Awaits;
import dev.poolkit.pool.testing.FakeClock;
import dev.poolkit.pool.testing.ManualScheduler;
import dev.poolkit.pool.testing.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** golib's idle manager scenarios GS-1..4, driven by a fake clock and a manual scheduler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleReaperTest {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    /** A client that counts how often it was closed. */
    private static final class Probe implements IdleReaper.Client {
        final String key;
        final AtomicInteger closes = new AtomicInteger();

        Probe(String key) {
            this.key = key;
        }

        @Override
        public Object ref() {
            return key;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }

        boolean closed() {
            return closes.get() > 0;
        }
    }

    private IdleReaper reaper(int idleSeconds) {
        IdleReaper reaper = IdleReaper.builder()
                .name("test")
                .idleTimeout(Duration.ofSeconds(idleSeconds))
                .tick(Duration.ofSeconds(1))
                .ticker(clock)
                .scheduler(scheduler)
                .build();
        reaper.start();
        return reaper;
    }

    private void tick(Duration step) {
        clock.advance(step);
        scheduler.runDue();
    }

    // ------------------------------------------------------------------ GS-1

    @Test
    @DisplayName("GS-1: idle 2, tick 1 s: a silent client is closed on the third tick and removed")
    void silentClient_closedOnThirdTick() {
        IdleReaper reaper = reaper(2);
        Probe silent = new Probe("silent");
        reaper.register(silent);
        assertThat(reaper.idleTicks()).isEqualTo(2);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(silent.closed()).as("after two ticks").isFalse();
        assertThat(reaper.stats().watched()).isEqualTo(1);
        tick(Duration.ofSeconds(1));
        assertThat(silent.closes).hasValue(1);
        assertThat(reaper.stats()).isEqualTo(new IdleReaperStats(0, 1, 3));
        tick(Duration.ofSeconds(5));
        assertThat(silent.closes).as("closed once").hasValue(1);
        reaper.close();
    }

    @Test
    @DisplayName("GS-1: a client that resets its counter every 500 ms is never closed")
    void activeClient_neverClosed() {
        IdleReaper reaper = reaper(2);
        Probe active = new Probe("active");
        IdleReaper.Registration activity = reaper.register(active);
        for (int i = 0; i < 40; i++) { // 20 s
            tick(Duration.ofMillis(500));
            activity.touch();
        }
        assertThat(active.closed()).isFalse();
        assertThat(reaper.stats().ticks()).isEqualTo(20);
        reaper.close();
        assertThat(active.closes).as("closed by close()").hasValue(1);
    }

    @Test
    @DisplayName("silence is counted from the last activity, not from registration")
    void touchedClient_closedIdleTicksAfterLastActivity() {
        IdleReaper reaper = reaper(2);
        Probe probe = new Probe("p");
        IdleReaper.Registration activity = reaper.register(probe);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        activity.touch();
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(probe.closed()).isFalse();
        tick(Duration.ofSeconds(1));
        assertThat(probe.closed()).isTrue();
        reaper.close();
    }

    @Test
    @DisplayName("ticks run at a fixed rate on the ticker: a late tick does not shift the later ones")
    void lateTick_keepsFixedRate() {
        IdleReaper reaper = reaper(5);
        tick(Duration.ofMillis(1300)); // the first tick runs 300 ms late
        assertThat(reaper.stats().ticks()).isEqualTo(1);
        tick(Duration.ofMillis(700)); // t = 2.0 s: the second tick is due
        assertThat(reaper.stats().ticks()).isEqualTo(2);
        tick(Duration.ofMillis(3500)); // t = 5.5 s: ticks 3, 4, 5 were missed; one runs, the rest are dropped
        assertThat(reaper.stats().ticks()).isEqualTo(3);
        tick(Duration.ofMillis(999));
        assertThat(reaper.stats().ticks()).isEqualTo(3);
        tick(Duration.ofMillis(1));
        assertThat(reaper.stats().ticks()).isEqualTo(4);
        reaper.close();
    }

    // ------------------------------------------------------------------ GS-2, replacement

    @Test
    @DisplayName("GS-2: register(null) and unregister(null) fail with golib's message invalid client")
    void nullClient_invalidClient() {
        IdleReaper reaper = reaper(2);
        assertThatThrownBy(() -> reaper.register(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("invalid client");
        assertThatThrownBy(() -> reaper.unregister(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("invalid client");
        reaper.close();
    }

    @Test
    @DisplayName("GS-2: unregister closes the client and stops watching it")
    void unregister_closesAndRemoves() {
        IdleReaper reaper = reaper(2);
        Probe probe = new Probe("p");
        reaper.register(probe);
        reaper.unregister(probe);
        assertThat(probe.closes).hasValue(1);
        assertThat(reaper.stats().watched()).isZero();
        tick(Duration.ofSeconds(10));
        assertThat(probe.closes).as("not closed again by a tick").hasValue(1);
        assertThat(reaper.stats().idleClosed()).isZero();
        reaper.close();
    }

    @Test
    @DisplayName("registering a client with the same ref replaces the first without closing it")
    void sameRef_replaces() {
        IdleReaper reaper = reaper(1);
        Probe first = new Probe("same");
        Probe second = new Probe("same");
        reaper.register(first);
        reaper.register(second);
        assertThat(reaper.stats().watched()).isEqualTo(1);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(first.closed()).isFalse();
        assertThat(second.closed()).isTrue();
        reaper.close();
    }

    @Test
    @DisplayName("sharded: a thousand clients across the 32 shards are all watched and all reaped")
    void manyClients_allReaped() {
        IdleReaper reaper = reaper(1);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = new Probe("client-" + i);
            probes.add(p);
            reaper.register(p);
        }
        assertThat(reaper.stats().watched()).isEqualTo(1000);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(probes).allMatch(p -> p.closes.get() == 1);
        assertThat(reaper.stats().idleClosed()).isEqualTo(1000);
        reaper.close();
    }

    @Test
    @DisplayName("a client whose close() throws is logged and the others are still closed")
    void throwingClose_othersStillClosed() {
        IdleReaper reaper = reaper(1);
        Probe probe = new Probe("fine");
        reaper.register(() -> {
            throw new IOException("already broken");
        });
        reaper.register(new IdleReaper.Client() {
            @Override
            public void close() {
                throw new IllegalStateException("bug in a client");
            }
        });
        reaper.register(probe);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(probe.closed()).isTrue();
        assertThat(reaper.stats()).isEqualTo(new IdleReaperStats(0, 3, 2));
        reaper.close();
    }

    // ------------------------------------------------------------------ GS-3, GS-4

    @Test
    @DisplayName("GS-3: close() closes every registered client and the reaper stops running")
    void close_closesAllAndStops() {
        IdleReaper reaper = reaper(5);
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        reaper.register(a);
        reaper.register(b);
        reaper.close();
        assertThat(a.closes).hasValue(1);
        assertThat(b.closes).hasValue(1);
        assertThat(reaper.isRunning()).isFalse();
        assertThat(scheduler.pending()).isZero();
        assertThatThrownBy(() -> reaper.register(new Probe("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("IdleReaper 'test' is closed");
        assertThatThrownBy(reaper::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("IdleReaper 'test' is closed");
        reaper.close();
    }

    @Test
    @DisplayName("GS-4: stop() ends the ticking at once; clients stay registered and uncounted until start()")
    void stop_endsTicking_startResumes() {
        IdleReaper reaper = reaper(1);
        Probe probe = new Probe("p");
        reaper.register(probe);
        assertThat(reaper.isRunning()).isTrue();
        reaper.stop();
        assertThat(reaper.isRunning()).isFalse();
        assertThat(scheduler.pending()).isZero();
        tick(Duration.ofSeconds(10));
        assertThat(probe.closed()).isFalse();
        reaper.start();
        reaper.start(); // idempotent: still one tick stream
        assertThat(scheduler.pending()).isEqualTo(1);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertThat(probe.closed()).isTrue();
        reaper.close();
    }

    @Test
    @DisplayName("GS-4: a shut-down scheduler stops the reaper at its next tick")
    void schedulerShutDown_reaperStops() {
        IdleReaper reaper = reaper(1);
        // the scheduler is shut down during a tick; the tick then cannot re-arm
        reaper.register(scheduler::shutdown);
        tick(Duration.ofSeconds(1));
        assertThat(reaper.isRunning()).isTrue();
        tick(Duration.ofSeconds(1));
        assertThat(reaper.isRunning()).isFalse();
        reaper.close();
    }

    @Test
    @DisplayName("without an injected scheduler the reaper ticks on poolkit-worker-<name>-reaper, gone after close")
    void ownScheduler_threadNamedAndStopped() {
        IdleReaper reaper = IdleReaper.builder()
                .name("own")
                .idleTimeout(Duration.ofMillis(20))
                .tick(Duration.ofMillis(10))
                .build();
        reaper.start();
        Probe probe = new Probe("p");
        reaper.register(probe);
        Awaits.await().until(probe::closed);
        assertThat(Threads.threadsNamed("poolkit-worker-own-reaper")).hasSize(1);
        reaper.close();
        Threads.assertNoThreadsNamed("poolkit-worker-own-");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void idleTimeout_shorterThanTick_rejected() {
        assertThatThrownBy(() ->
                        IdleReaper.builder().idleTimeout(Duration.ofMillis(100)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be between one tick (PT1S) and 2147483646 ticks, but was PT0.1S");
    }

    @Test
    void idleTimeout_unset_rejected() {
        assertThatThrownBy(() -> IdleReaper.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be between one tick (PT1S) and 2147483646 ticks, but was PT0S");
    }

    @Test
    void tick_zero_rejected() {
        assertThatThrownBy(() -> IdleReaper.builder()
                        .idleTimeout(Duration.ofSeconds(1))
                        .tick(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tick must be positive, but was PT0S");
    }

    @Test
    void name_blank_rejected() {
        assertThatThrownBy(() -> IdleReaper.builder()
                        .name("")
                        .idleTimeout(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ''");
    }

    @Test
    void idleTicks_floorOfTimeoutOverTick() {
        IdleReaper reaper = IdleReaper.builder()
                .idleTimeout(Duration.ofMillis(2900))
                .tick(Duration.ofSeconds(1))
                .build();
        assertThat(reaper.idleTicks()).isEqualTo(2);
        assertThat(reaper.tick()).isEqualTo(Duration.ofSeconds(1));
        reaper.close();
    }
}
