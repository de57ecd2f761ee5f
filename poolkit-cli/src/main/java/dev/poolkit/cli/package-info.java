/**
 * The {@code poolkit} command ({@link dev.poolkit.cli.PoolkitCommand}); one sub-package per
 * subcommand. This module is the only one that picks a logging backend (slf4j-simple, with the
 * JDK's {@code System.Logger} of poolkit-core routed to it).
 */
package dev.poolkit.cli;
