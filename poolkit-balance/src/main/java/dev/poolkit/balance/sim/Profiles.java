package dev.poolkit.balance.sim;

import dev.poolkit.balance.internal.Checks;

/** The built-in {@link Profile}s, as records so that scenarios built from them compare by content. */
final class Profiles {
    private Profiles() {}

    /** The same value at every time. */
    record Constant(double value) implements Profile {
        Constant {
            Checks.argument(Double.isFinite(value), "value must be finite, but was %s", value);
        }

        @Override
        public double valueAt(long nanos) {
            return value;
        }

        @Override
        public long validUntilNanos(long nanos) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code before} until {@code atNanos}, then {@code after}. */
    record Then(Profile before, long atNanos, Profile after) implements Profile {
        @Override
        public double valueAt(long nanos) {
            return nanos < atNanos ? before.valueAt(nanos) : after.valueAt(nanos);
        }

        @Override
        public long validUntilNanos(long nanos) {
            return nanos < atNanos ? Math.min(before.validUntilNanos(nanos), atNanos) : after.validUntilNanos(nanos);
        }
    }

    /** {@code start} until {@code fromNanos}, a ramp to {@code end} at {@code toNanos}, then {@code end}. */
    record Linear(long fromNanos, double start, long toNanos, double end) implements Profile {
        Linear {
            Checks.argument(Double.isFinite(start), "start must be finite, but was %s", start);
            Checks.argument(Double.isFinite(end), "end must be finite, but was %s", end);
        }

        @Override
        public double valueAt(long nanos) {
            if (nanos <= fromNanos) {
                return start;
            }
            if (nanos >= toNanos) {
                return end;
            }
            return start + (end - start) * ((double) (nanos - fromNanos) / (toNanos - fromNanos));
        }

        @Override
        public long validUntilNanos(long nanos) {
            if (nanos < fromNanos) {
                return fromNanos + 1;
            }
            return nanos >= toNanos ? Long.MAX_VALUE : nanos + 1;
        }
    }
}
