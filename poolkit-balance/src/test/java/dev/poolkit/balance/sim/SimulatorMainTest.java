package dev.poolkit.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.balance.strategy.StrategyRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void print_everyStrategyAndScenario_markdownTables() {
        Simulator simulator = new Simulator(2);
        List<TrialsResult> trials = SimulatorMain.runTrials(simulator, 2);
        List<TrafficResult> traffic = List.of(
                simulator.runTraffic(Scenarios.fastFailer(), "thompson-cd", StrategyRegistry.defaultFactory(), 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimulatorMain.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), trials, traffic, 2, 1);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(trials)
                .hasSize(Scenarios.trials().size() * StrategyRegistry.names().size());
        assertThat(out)
                .contains("### Cumulative regret, mean / p90 over 2 seeds (lower is better)")
                .contains("| strategy | pooly | close-arms | failover | recovery | many-hosts |")
                .contains("| thompson-cd |")
                .contains("| softmax(0.1) | ")
                .contains("| failover @500 | recovery @300 | recovery @600 |")
                .contains("| fast-failer | thompson-cd | ");
    }
}
