package dev.poolkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poolkit.monitor.shell.MonitorCommands;
import dev.poolkit.monitor.shell.ShellCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** golib's monitor-pool scenarios GMP-1..12 (reference §1.9) and the design §5 fixes. */
class MonitorPoolTest {

    private final Fixture fx = Fixture.create();

    private Monitor named(String name) {
        return fx.monitor(name)
                .config(MonitorConfig.builder().name(name).build())
                .build();
    }

    private Monitor named(String name, HealthCheck check) {
        return fx.monitor(name)
                .config(MonitorConfig.builder().name(name).build())
                .healthCheck(check)
                .build();
    }

    private static String run(ShellCommand c, List<String> args, StringBuilder err) {
        StringBuilder out = new StringBuilder();
        c.run(out, err, args);
        return out.toString();
    }

    private static ShellCommand command(MonitorPool pool, String name) {
        return MonitorCommands.of(pool).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName("GMP-1 a new pool: not running, empty, uptime 0, text \"\", JSON {}")
    void gmp1_newPool_empty() {
        MonitorPool pool = MonitorPool.create();
        assertThat(pool.isRunning()).isFalse();
        assertThat(pool.names()).isEmpty();
        assertThat(pool.uptime()).isZero();
        assertThat(pool.toText()).isEmpty();
        assertThat(pool.toJson()).isEqualTo("{}");
    }

    @Test
    @DisplayName("GMP-2 add(null) is ignored; set(null) fails with \"nil monitor\"")
    void gmp2_nullMonitor() {
        MonitorPool pool = MonitorPool.create();
        pool.add(null);
        assertThat(pool.names()).isEmpty();
        assertThatThrownBy(() -> pool.set(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("nil monitor");
    }

    @Test
    @DisplayName("GMP-3 a, b, c listed in insertion order; a second \"a\" replaces the first, keeps its place")
    void gmp3_duplicateName_replacesAndKeepsOrder() {
        MonitorPool pool = MonitorPool.create();
        Monitor a1 = named("a");
        pool.add(named("c"));
        pool.add(a1);
        pool.add(named("b"));
        assertThat(pool.names()).containsExactly("c", "a", "b");
        Monitor a2 = named("a");
        pool.add(a2);
        assertThat(pool.names()).containsExactly("c", "a", "b");
        assertThat(pool.get("a")).containsSame(a2);
    }

    @Test
    @DisplayName("GMP-3 fix: the replaced monitor is stopped")
    void gmp3_replacedMonitor_isStopped() {
        MonitorPool pool = MonitorPool.create();
        Monitor a1 = named("a", ctx -> {});
        pool.add(a1);
        pool.start();
        assertThat(a1.isRunning()).isTrue();
        Monitor a2 = named("a", ctx -> {});
        pool.add(a2);
        assertThat(a1.isRunning()).isFalse();
        assertThat(a2.isRunning()).as("added to a running pool").isTrue();
        pool.close();
    }

    @Test
    @DisplayName("GMP-4 get of empty or unknown names is empty; remove of them is a no-op")
    void gmp4_unknownNames() {
        MonitorPool pool = MonitorPool.create();
        pool.add(named("a"));
        assertThat(pool.get("")).isEmpty();
        assertThat(pool.get("zz")).isEmpty();
        assertThat(pool.remove("")).isEmpty();
        assertThat(pool.remove("zz")).isEmpty();
        assertThat(pool.names()).containsExactly("a");
        Monitor a = pool.get("a").orElseThrow();
        assertThat(pool.remove("a")).containsSame(a);
        assertThat(pool.names()).isEmpty();
    }

    @Test
    @DisplayName("GMP-5 adding or setting a stopped monitor on a running pool starts it")
    void gmp5_addToRunningPool_starts() {
        MonitorPool pool = MonitorPool.create();
        pool.add(named("x"));
        pool.start();
        Monitor n = named("n");
        pool.add(n);
        assertThat(n.isRunning()).isTrue();
        Monitor m = named("m");
        pool.set(m);
        assertThat(m.isRunning()).isTrue();
        pool.close();
    }

    @Test
    @DisplayName("GMP-6 batch start joins the errors in pool order with \", \\n\"")
    void gmp6_batchStart_combinedError() {
        MonitorPool pool = MonitorPool.create();
        Monitor x = named("x");
        Monitor ok = named("ok");
        Monitor y = named("y");
        pool.add(x);
        pool.add(ok);
        pool.add(y);
        x.close();
        y.close();
        assertThatThrownBy(pool::start)
                .isInstanceOf(MonitorException.class)
                .hasMessage("error on starting monitor 'x': monitor 'x' is closed, \n"
                        + "error on starting monitor 'y': monitor 'y' is closed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(ok.isRunning()).as("the others start").isTrue();
        pool.stop();
        assertThat(pool.isRunning()).isFalse();
        MonitorPool empty = MonitorPool.create();
        empty.start();
        empty.restart();
        empty.stop();
    }

    @Test
    @DisplayName("GMP-7 running iff at least one monitor runs")
    void gmp7_isRunning() {
        MonitorPool pool = MonitorPool.create();
        Monitor a = named("a");
        pool.add(a);
        pool.add(named("b"));
        pool.add(named("c"));
        assertThat(pool.isRunning()).isFalse();
        a.start();
        assertThat(pool.isRunning()).isTrue();
        a.stop();
        assertThat(pool.isRunning()).isFalse();
    }

    @Test
    @DisplayName("GMP-8 uptime is the largest monitor uptime: 5 s, 9 s, 0 s gives 9 s")
    void gmp8_uptime_max() {
        MonitorPool pool = MonitorPool.create();
        int[] uptimes = {5, 9, 0};
        for (int i = 0; i < uptimes.length; i++) {
            Fixture own = Fixture.create();
            Monitor m = own.monitor("m" + i)
                    .config(MonitorConfig.builder().name("m" + i).build())
                    .healthCheck(ctx -> {})
                    .build();
            m.start();
            // counts 1: KO -> Warn at 1 s, Warn -> OK at 2 s, then one second of uptime per check
            own.run(Duration.ofSeconds(uptimes[i] == 0 ? 1 : uptimes[i] + 2), Duration.ofSeconds(1));
            m.stop();
            assertThat(m.uptime()).isEqualTo(Duration.ofSeconds(uptimes[i]));
            pool.add(m);
        }
        assertThat(pool.uptime()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    @DisplayName("GMP-9 walk with a filter visits exactly those; a walker returning false stops at one")
    void gmp9_walk() {
        MonitorPool pool = MonitorPool.create();
        for (String n : List.of("a", "b", "c", "d")) {
            pool.add(named(n));
        }
        List<String> seen = new ArrayList<>();
        pool.walk((n, m) -> seen.add(n), "d", "b", "ghost");
        assertThat(seen).containsExactly("b", "d");
        seen.clear();
        pool.walk((n, m) -> {
            seen.add(n);
            return false;
        });
        assertThat(seen).containsExactly("a");
    }

    @Test
    @DisplayName("GMP-10 six shell commands in golib's order with golib's descriptions")
    void gmp10_shellCommands() {
        List<ShellCommand> cmds = MonitorCommands.of(MonitorPool.create());
        assertThat(cmds)
                .extracting(ShellCommand::name)
                .containsExactly("list", "info", "status", "start", "stop", "restart");
        assertThat(cmds)
                .extracting(ShellCommand::description)
                .containsExactly(
                        "Print the monitors' List",
                        "Print information about monitors (leave args empty to print info for all monitors)",
                        "Print status & message for monitor (leave args empty to print status of all monitors)",
                        "Starting monitor (leave args empty to start all monitors)",
                        "Stopping monitor (leave args empty to stop all monitors)",
                        "Restarting monitor (leave args empty to restart all monitors)");
    }

    @Test
    @DisplayName("GMP-11 status: OK lines on stdout, others on stderr; unknown names print nothing")
    void gmp11_statusCommand() {
        MonitorPool pool = MonitorPool.create();
        Monitor ok1 = named("ok1", ctx -> {});
        Monitor ko1 = named("ko1", ctx -> {
            throw new IllegalStateException("boom");
        });
        pool.add(ok1);
        pool.add(ko1);
        pool.start();
        fx.step(Duration.ofSeconds(1));
        fx.step(Duration.ofSeconds(1));
        assertThat(ok1.status()).isEqualTo(Status.OK);
        StringBuilder err = new StringBuilder();
        assertThat(run(command(pool, "status"), List.of(), err)).isEqualTo("OK - ok1\n");
        assertThat(err.toString()).isEqualTo("KO - ko1: boom\n");
        StringBuilder err2 = new StringBuilder();
        assertThat(run(command(pool, "status"), List.of("ghost"), err2)).isEmpty();
        assertThat(err2.toString()).isEmpty();
        pool.close();
    }

    @Test
    @DisplayName("GMP-12 info, start and restart print golib's exact text")
    void gmp12_infoStartRestart() {
        MonitorPool pool = MonitorPool.create();
        Info info = Info.of("svc");
        info.setData(Map.of("version", "1.0"));
        Monitor m = Monitor.builder(info)
                .ticker(fx.clock)
                .scheduler(fx.scheduler)
                .executor(Runnable::run)
                .config(MonitorConfig.builder().name("m").build())
                .build();
        pool.add(m);
        StringBuilder err = new StringBuilder();
        assertThat(run(command(pool, "info"), List.of("m"), err)).isEqualTo("svc\n\tversion: 1.0\n\n");
        assertThat(run(command(pool, "start"), List.of("m"), err))
                .isEqualTo("Starting monitor 'm'\nUpdating monitor 'm' on pool\n");
        assertThat(m.isRunning()).isTrue();
        assertThat(run(command(pool, "restart"), List.of("m"), err))
                .isEqualTo("Stopping monitor 'm'\nStarting monitor 'm'\nUpdating monitor 'm' on pool\n");
        assertThat(run(command(pool, "stop"), List.of("m"), err))
                .isEqualTo("Stopping monitor 'm'\nUpdating monitor 'm' on pool\n");
        assertThat(m.isRunning()).isFalse();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @DisplayName("shell list and info over all monitors follow insertion order; non-string values print plainly")
    void shell_listAndInfo_allMonitors() {
        MonitorPool pool = MonitorPool.create();
        Monitor b = named("b");
        b.info().addData("port", 5432);
        pool.add(b);
        pool.add(named("a"));
        StringBuilder err = new StringBuilder();
        assertThat(run(command(pool, "list"), List.of(), err)).isEqualTo("b\na\n");
        assertThat(run(command(pool, "info"), List.of(), err)).isEqualTo("b\n\tport: 5432\n\na\n\n");
    }

    @Test
    @DisplayName("shell start of a closed monitor prints the error on stderr")
    void shell_startFailure_onStderr() {
        MonitorPool pool = MonitorPool.create();
        Monitor x = named("x");
        pool.add(x);
        x.close();
        StringBuilder err = new StringBuilder();
        assertThat(run(command(pool, "start"), List.of(), err)).isEqualTo("Starting monitor 'x'\n");
        assertThat(err.toString()).isEqualTo("monitor 'x' is closed\n");
    }

    @Test
    @DisplayName("fix: a closed pool rejects adds and stops its monitors")
    void close_rejectsAdd() {
        MonitorPool pool = MonitorPool.create();
        Monitor a = named("a");
        pool.add(a);
        pool.start();
        pool.close();
        assertThat(a.isRunning()).isFalse();
        assertThat(pool.names()).containsExactly("a");
        assertThatThrownBy(() -> pool.add(named("b")))
                .isInstanceOf(MonitorClosedException.class)
                .hasMessage("monitor pool is closed; cannot add monitor 'b'");
    }

    @Test
    @DisplayName("text and JSON of a pool follow insertion order")
    void encodings_insertionOrder() {
        MonitorPool pool = MonitorPool.create();
        pool.add(named("z"));
        pool.add(named("a"));
        assertThat(pool.toText())
                .isEqualTo("KO: z (z) | 0s / 0s / 0s | no healcheck still run\n"
                        + "KO: a (a) | 0s / 0s / 0s | no healcheck still run\n");
        assertThat(pool.toJson()).startsWith("{\"z\":{\"status\":\"KO\",\"name\":\"z\"");
        assertThat(pool.toJson()).contains("},\"a\":{\"status\":\"KO\",\"name\":\"a\"");
    }
}
