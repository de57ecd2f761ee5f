package dev.poolkit.balance;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One host that requests can be sent to: its name (usually {@code host:port}), its pooly {@link
 * HostScore}, the number of requests outstanding on it, and one attachment slot that the strategy
 * choosing among the hosts keeps its per-host statistics in.
 *
 * <p>A host takes part in one strategy at a time: giving it to a second strategy replaces the first
 * one's statistics. A host removed from a service and added again should be a new {@code Host}
 * (pooly gives a re-added host a new round-robin slot). Identity is by reference.
 *
 * <p>Thread-safe.
 */
public final class Host {
    private static final VarHandle OUTSTANDING;
    private static final VarHandle ATTACHMENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OUTSTANDING = lookup.findVarHandle(Host.class, "outstanding", int.class);
            ATTACHMENT = lookup.findVarHandle(Host.class, "attachment", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final HostScore score;

    @SuppressWarnings("unused") // accessed through OUTSTANDING
    private volatile int outstanding;

    @SuppressWarnings("unused") // accessed through ATTACHMENT
    private volatile Object attachment;

    /**
     * Creates a host.
     *
     * @param name the host's name, for example {@code 10.0.0.1:8080}
     * @param score its score
     * @throws NullPointerException if an argument is null
     */
    public Host(String name, HostScore score) {
        this.name = requireNonNull(name, "name");
        this.score = requireNonNull(score, "score");
    }

    /**
     * Creates a host with a default {@link HostScore} on the given ticker.
     *
     * @param name the host's name
     * @param ticker the score's time source
     * @return a new host
     * @throws NullPointerException if an argument is null
     */
    public static Host of(String name, Ticker ticker) {
        return new Host(name, new HostScore(ticker));
    }

    /**
     * Returns the host's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the host's pooly score.
     *
     * @return the score
     */
    public HostScore score() {
        return score;
    }

    /**
     * Returns the number of requests started on this host and not yet finished.
     *
     * @return the count, {@code >= 0} when {@link #begin()} and {@link #end()} are paired
     */
    public int outstanding() {
        return outstanding;
    }

    /** Counts a request started on this host. Lock-free. */
    public void begin() {
        OUTSTANDING.getAndAdd(this, 1);
    }

    /** Counts a request on this host as finished. Lock-free. */
    public void end() {
        OUTSTANDING.getAndAdd(this, -1);
    }

    /**
     * Returns the strategy's per-host state. Strategy implementations only.
     *
     * @return the attachment, or {@code null} if none was set
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * Sets the strategy's per-host state if it is still {@code expected}. Strategy implementations
     * only.
     *
     * @param expected the attachment the caller saw
     * @param update the new attachment
     * @return whether the attachment was replaced
     */
    public boolean compareAndSetAttachment(Object expected, Object update) {
        return ATTACHMENT.compareAndSet(this, expected, update);
    }

    @Override
    public String toString() {
        return name;
    }
}
