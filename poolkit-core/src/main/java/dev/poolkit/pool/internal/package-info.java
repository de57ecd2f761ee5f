/**
 * The pool engine. Not API: nothing here is stable, and no public signature outside this package
 * names a type from it.
 *
 * <p>The API packages and this one depend on each other on purpose, and only along one seam: the
 * engine implements the API's interfaces ({@code Pool}, {@code Lease}, {@code KeyedPool}, {@code
 * SharedResourceRegistry}), and each API builder's {@code build()} constructs the engine (plus the
 * configuration records' use of {@link dev.poolkit.pool.internal.Checks}). Breaking that edge would
 * take a run-time lookup of the engine (a {@code ServiceLoader} or reflection) for no gain to a
 * user; no other package of poolkit takes part in a cycle.
 */
package dev.poolkit.pool.internal;
