/**
 * The Monte Carlo simulator: {@link dev.poolkit.balance.sim.Simulator} runs the real strategies on
 * {@link dev.poolkit.balance.sim.TrialsScenario}s (pooly's Bernoulli model) and {@link
 * dev.poolkit.balance.sim.TrafficScenario}s (discrete-event traffic), over many seeds in parallel;
 * {@link dev.poolkit.balance.sim.Scenarios} holds the built-in scenarios and {@link
 * dev.poolkit.balance.sim.SimulatorMain} prints the comparison table of {@code docs/strategies.md}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.sim;
