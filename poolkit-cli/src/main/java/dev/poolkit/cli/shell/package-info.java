/**
 * {@code poolkit shell}: an interactive JLine shell ({@link dev.poolkit.cli.shell.Shell}) over the
 * admin endpoint, through {@link dev.poolkit.cli.shell.AdminClient}.
 *
 * <p>Parameters and results are non-null unless documented.
 */
package dev.poolkit.cli.shell;
