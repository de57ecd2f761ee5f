package dev.poolkit.balance.sim;

import static java.util.Objects.requireNonNull;

import dev.poolkit.balance.internal.Checks;
import java.time.Duration;
import java.util.function.LongToDoubleFunction;

/**
 * A value that changes over simulated time: a host's success probability in a {@link
 * TrialsScenario}, its error rate or a latency factor in a {@link TrafficScenario}. Time is
 * counted in nanoseconds from the start of the run; in a trials scenario trial {@code k}
 * (counting from 0) happens at {@code k} milliseconds.
 *
 * <p>Profiles are piecewise ({@link #constant}, {@link #then}, built by {@link
 * TrialsScenario.Builder#phase}) or continuous ({@link #linear}, {@link #continuous}, or any
 * lambda). {@link #validUntilNanos(long)} tells the simulator how long a value holds, so that a
 * piecewise profile is evaluated once per piece, not once per request.
 *
 * <p>Implementations must be pure (the same time gives the same value) and thread-safe; seeds run
 * in parallel over the same scenario. The factories return immutable values that compare by
 * content.
 */
@FunctionalInterface
public interface Profile {
    /**
     * Returns the value at a time.
     *
     * @param nanos simulated nanoseconds since the start, {@code >= 0}
     * @return the value
     */
    double valueAt(long nanos);

    /**
     * Returns until when {@link #valueAt(long)} at {@code nanos} stays the same: the value holds
     * for every time in {@code [nanos, result)}. The default, {@code nanos + 1}, is right for any
     * profile (the value is re-read at every later time); piecewise profiles return the start of
     * their next piece, and {@link Long#MAX_VALUE} for a last piece that never ends.
     *
     * @param nanos simulated nanoseconds since the start, {@code >= 0}
     * @return a time after {@code nanos}
     */
    default long validUntilNanos(long nanos) {
        return nanos + 1;
    }

    /**
     * Returns this profile until {@code at}, then {@code next} (which is read at the same absolute
     * times, not restarted at {@code at}).
     *
     * @param at when {@code next} takes over, not negative
     * @param next the profile from then on
     * @return the combined profile
     * @throws IllegalArgumentException if {@code at} is negative
     * @throws NullPointerException if an argument is null
     */
    default Profile then(Duration at, Profile next) {
        requireNonNull(at, "at");
        requireNonNull(next, "next");
        Checks.argument(!at.isNegative(), "at must not be negative, but was %s", at);
        return new Profiles.Then(this, at.toNanos(), next);
    }

    /**
     * Returns this profile until {@code at}, then the constant {@code value}.
     *
     * @param at when the value takes over, not negative
     * @param value the value from then on, finite
     * @return the combined profile
     * @throws IllegalArgumentException if {@code at} is negative or {@code value} is not finite
     * @throws NullPointerException if {@code at} is null
     */
    default Profile then(Duration at, double value) {
        return then(at, constant(value));
    }

    /**
     * Returns a constant profile.
     *
     * @param value the value, finite
     * @return the profile
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    static Profile constant(double value) {
        return new Profiles.Constant(value);
    }

    /**
     * Returns a linear ramp: {@code start} until {@code from}, then linearly to {@code end} at
     * {@code to}, and {@code end} after.
     *
     * @param from when the ramp starts, not negative
     * @param start the value until then, finite
     * @param to when the ramp ends, after {@code from}
     * @param end the value from then on, finite
     * @return the profile
     * @throws IllegalArgumentException if a value is not finite, {@code from} is negative or
     *     {@code to} is not after {@code from}
     * @throws NullPointerException if {@code from} or {@code to} is null
     */
    static Profile linear(Duration from, double start, Duration to, double end) {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        Checks.argument(!from.isNegative(), "from must not be negative, but was %s", from);
        Checks.argument(to.compareTo(from) > 0, "to must be after from (%s), but was %s", from, to);
        return new Profiles.Linear(from.toNanos(), start, to.toNanos(), end);
    }

    /**
     * Returns a profile computed by a function of the time in nanoseconds, re-read at every time.
     *
     * @param function the value at each time; pure and thread-safe
     * @return the profile
     * @throws NullPointerException if {@code function} is null
     */
    static Profile continuous(LongToDoubleFunction function) {
        requireNonNull(function, "function");
        return function::applyAsDouble;
    }
}
