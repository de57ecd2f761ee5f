package dev.poolkit.balance.strategy;

import dev.poolkit.balance.Host;
import java.util.function.Function;

/**
 * Base of the per-host state a strategy keeps in {@link Host#attachment()}: it remembers which
 * strategy instance owns it, so a host handed to another strategy starts afresh there.
 *
 * <p>Subclasses define their own thread-safety.
 */
abstract class OwnedState {
    private final Object owner;

    /**
     * Creates state owned by {@code owner}.
     *
     * @param owner the strategy instance
     */
    protected OwnedState(Object owner) {
        this.owner = owner;
    }

    /**
     * Returns the strategy instance that owns this state.
     *
     * @return the owner
     */
    protected final Object owner() {
        return owner;
    }

    /**
     * Returns whether {@code candidate} owns this state.
     *
     * @param candidate a strategy instance
     * @return whether it is the owner
     */
    public boolean isOwnedBy(Object candidate) {
        return owner == candidate;
    }

    /**
     * Returns {@code host}'s state of type {@code type} owned by {@code owner}, creating and
     * attaching it (once, even under races) if the host has none. Allocation-free once attached;
     * pass a non-capturing constructor reference as {@code factory}.
     *
     * @param host the host
     * @param owner the strategy instance
     * @param type the state class
     * @param factory creates state for an owner
     * @param <S> the state type
     * @return the attached state
     */
    public static <S extends OwnedState> S of(
            Host host, Object owner, Class<S> type, Function<Object, ? extends S> factory) {
        Object current = host.attachment();
        if (type.isInstance(current) && ((OwnedState) current).owner == owner) {
            return type.cast(current);
        }
        S fresh = factory.apply(owner);
        while (true) {
            if (host.compareAndSetAttachment(current, fresh)) {
                return fresh;
            }
            current = host.attachment();
            if (type.isInstance(current) && ((OwnedState) current).owner == owner) {
                return type.cast(current);
            }
        }
    }
}
