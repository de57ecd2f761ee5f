/**
 * The pool engine. Not API: nothing here is stable, and no public signature outside this package
 * names a type from it.
 */
package dev.poolkit.pool.internal;
