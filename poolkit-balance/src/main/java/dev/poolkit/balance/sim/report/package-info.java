/**
 * Output of simulation results: {@link dev.poolkit.balance.sim.report.TextTable} (plain text and
 * Markdown) and {@link dev.poolkit.balance.sim.report.CsvWriter}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.sim.report;
