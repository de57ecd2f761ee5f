/**
 * Plain output formats for simulation results, independent of the simulator: {@link
 * dev.poolkit.balance.sim.report.TextTable} (aligned text and Markdown) and {@link
 * dev.poolkit.balance.sim.report.CsvWriter}. The simulator's {@code ComparisonReport} lays its
 * results out in them.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.sim.report;
