/**
 * The Monte Carlo simulator: {@link dev.poolkit.balance.sim.Simulator} runs the real strategies on
 * {@link dev.poolkit.balance.sim.TrialsScenario}s (pooly's Bernoulli model) and {@link
 * dev.poolkit.balance.sim.TrafficScenario}s (discrete-event traffic), over many seeds in parallel,
 * into {@link dev.poolkit.balance.sim.TrialsResult}s and {@link
 * dev.poolkit.balance.sim.TrafficResult}s (means with standard errors, comparable by content).
 * Scenarios are built from {@link dev.poolkit.balance.sim.Profile}s (values over simulated time)
 * and {@link dev.poolkit.balance.sim.Latency} distributions; {@link
 * dev.poolkit.balance.sim.Scenarios} holds the built-in and the held-out sets, and {@link
 * dev.poolkit.balance.sim.ComparisonReport} lays results out as tables and CSV. The {@code poolkit
 * simulate} command (poolkit-cli) runs it from the command line and draws the charts.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.sim;
