/**
 * {@code poolkit simulate} ({@link dev.poolkit.cli.simulate.SimulateCommand}): poolkit-balance's
 * simulator from the command line, with a progress bar, the comparison tables, CSV curves and
 * PNG/SVG charts drawn with XChart.
 */
package dev.poolkit.cli.simulate;
