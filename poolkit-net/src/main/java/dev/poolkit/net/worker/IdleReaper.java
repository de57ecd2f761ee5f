package dev.poolkit.net.worker;

import static java.util.Objects.requireNonNull;

import dev.poolkit.pool.Scheduler;
import dev.poolkit.pool.ThreadScheduler;
import dev.poolkit.pool.Ticker;
import dev.poolkit.pool.internal.Checks;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that stay silent (golib's socket idle manager). Every {@code tick} each
 * registered client's counter is incremented; activity ({@link Registration#touch()}) resets it; a
 * client whose counter exceeds {@code idleTicks} is closed and removed. A client silent since its
 * last activity is therefore closed after more than {@code idleTicks} and at most {@code idleTicks +
 * 1} ticks: with golib's idle 2 and tick 1 s, on the third tick, 2 to 3 s after it fell silent.
 *
 * <p>Clients are kept in 32 shards (golib's count) chosen by the hash of {@link Client#ref()}; a tick
 * sweeps them one after the other on the scheduler's thread, so {@link Client#close()} <b>must not
 * block</b>. Ticks run at a fixed rate on the injected {@link Scheduler}, measured on the injected
 * {@link Ticker} (a late tick does not delay the later ones; ticks missed by more than a period are
 * skipped, as Go's ticker drops them). Without an injected scheduler the reaper runs one daemon thread,
 * {@code poolkit-worker-<name>-reaper}, while it is started.
 *
 * <p>Thread-safe. {@link #register} and {@link Registration#touch()} never block; touch costs a read
 * and, after a tick, one write.
 *
 * {@snippet :
 * IdleReaper reaper = IdleReaper.builder()
 *         .name("edge")
 *         .idleTimeout(Duration.ofSeconds(30)) // 30 ticks of 1 s
 *         .build();
 * reaper.start();
 * IdleReaper.Registration activity = reaper.register(socket::close);
 * // ... after every read or write on the socket:
 * activity.touch();
 * }
 */
public final class IdleReaper implements AutoCloseable {

    /**
     * What the reaper watches: golib's client contract, without the counter (the reaper keeps it and
     * hands out a {@link Registration} to reset it).
     */
    @FunctionalInterface
    public interface Client extends Closeable {

        /**
         * Returns the client's key: registering a client whose key equals a registered one replaces
         * that registration (golib's {@code Ref()}). By default the client itself, compared by its
         * {@code equals}.
         *
         * @return the key, never null; must not change while registered
         */
        default Object ref() {
            return this;
        }

        /**
         * Closes the connection: called once when it idles out, is unregistered, or the reaper closes.
         * <b>Must not block</b>; an exception is logged and otherwise ignored.
         *
         * @throws IOException if closing failed
         */
        @Override
        void close() throws IOException;
    }

    /** The handle on one registration, through which its owner reports activity. Thread-safe. */
    @FunctionalInterface
    public interface Registration {
        /** Resets the idle counter: the client was active. Never blocks. */
        void touch();
    }

    private static final Logger LOG = LoggerFactory.getLogger(IdleReaper.class);
    private static final int SHARDS = 32; // golib's shard count; a power of two

    /** One registration: the client and its idle counter. */
    private static final class Entry implements Registration {
        private static final VarHandle TICKS;

        static {
            try {
                TICKS = MethodHandles.lookup().findVarHandle(Entry.class, "ticks", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Object ref;
        final Client client;

        @SuppressWarnings("unused") // accessed through TICKS
        private volatile int ticks;

        Entry(Object ref, Client client) {
            this.ref = ref;
            this.client = client;
        }

        @Override
        public void touch() {
            // read first: between ticks the counter is already 0 and the line stays shared
            if ((int) TICKS.getOpaque(this) != 0) {
                TICKS.setOpaque(this, 0);
            }
        }

        /** Counts one tick; a CAS so that a concurrent touch is never overwritten by a stale count. */
        int tick() {
            while (true) {
                int t = (int) TICKS.getVolatile(this);
                if (TICKS.compareAndSet(this, t, t + 1)) {
                    return t + 1;
                }
            }
        }
    }

    private final String name;
    private final int idleTicks;
    private final Duration tick;
    private final Ticker ticker;
    private final Scheduler givenScheduler;
    private final ConcurrentHashMap<Object, Entry>[] shards;
    private final LongAdder idleClosed = new LongAdder();
    private final LongAdder ticks = new LongAdder();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean running; // written under lock
    private volatile boolean closed; // written under lock
    private long generation; // guarded by lock: a tick of an earlier start() does nothing
    private long nextDueNanos; // guarded by lock
    private Scheduler scheduler; // guarded by lock: the one ticking now
    private ThreadScheduler ownScheduler; // guarded by lock
    private Scheduler.Cancellable pending; // guarded by lock

    @SuppressWarnings("unchecked")
    private IdleReaper(Builder b, int idleTicks) {
        this.name = b.name;
        this.idleTicks = idleTicks;
        this.tick = b.tick;
        this.ticker = b.ticker;
        this.givenScheduler = b.scheduler;
        this.shards = new ConcurrentHashMap[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new ConcurrentHashMap<>();
        }
    }

    /**
     * Returns a builder: name {@code reaper}, tick 1 s, the system ticker, a scheduler thread of its
     * own; the idle timeout must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts ticking; the first tick comes one {@code tick} from now. Idempotent while running.
     *
     * @throws IllegalStateException if the reaper was closed
     * @throws java.util.concurrent.RejectedExecutionException if the injected scheduler was shut down
     */
    public void start() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("IdleReaper '" + name + "' is closed");
            }
            if (running) {
                return;
            }
            if (givenScheduler == null) {
                ownScheduler = Scheduler.newThreadScheduler("poolkit-worker-" + name + "-reaper");
            }
            scheduler = givenScheduler == null ? ownScheduler : givenScheduler;
            long gen = ++generation;
            nextDueNanos = ticker.nanoTime() + tick.toNanos();
            pending = scheduler.schedule(() -> tick(gen), tick);
            running = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops ticking (golib's {@code Stop}; the Java form of cancelling its context, GS-4). Registered
     * clients stay registered, and are neither counted nor closed until {@link #start()} is called
     * again. Idempotent.
     */
    public void stop() {
        ThreadScheduler toClose;
        lock.lock();
        try {
            running = false;
            generation++;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            toClose = ownScheduler;
            ownScheduler = null;
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /**
     * Stops ticking, then closes and removes every registered client (GS-3). A later {@link #register}
     * or {@link #start()} throws {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        stop();
        for (ConcurrentHashMap<Object, Entry> shard : shards) {
            for (Entry e : shard.values()) {
                if (shard.remove(e.ref, e)) {
                    closeClient(e.client);
                }
            }
        }
        closeHooks.forEach(Runnable::run);
        closeHooks.clear();
    }

    /**
     * Watches a client, with its idle counter at 0. A registered client with an equal {@link
     * Client#ref()} is replaced (and not closed), as in golib.
     *
     * @param client the client
     * @return the handle through which the owner reports activity
     * @throws NullPointerException with golib's message {@code invalid client} if {@code client} is null
     * @throws IllegalStateException if the reaper was closed
     */
    public Registration register(Client client) {
        // golib's message for a nil client, kept verbatim (design §2)
        requireNonNull(client, "invalid client");
        Object ref = requireNonNull(client.ref(), "ref");
        Entry entry = new Entry(ref, client);
        ConcurrentHashMap<Object, Entry> shard = shard(ref);
        shard.put(ref, entry);
        if (closed && shard.remove(ref, entry)) { // close() may have swept before the put
            throw new IllegalStateException("IdleReaper '" + name + "' is closed");
        }
        return entry;
    }

    /**
     * Stops watching a client and closes it (golib's {@code Unregister}, GS-2): the client registered
     * under {@code client.ref()} is removed and closed; if none is, {@code client} itself is closed.
     *
     * @param client the client
     * @throws NullPointerException with golib's message {@code invalid client} if {@code client} is null
     */
    public void unregister(Client client) {
        // golib's message for a nil client, kept verbatim (design §2)
        requireNonNull(client, "invalid client");
        Object ref = requireNonNull(client.ref(), "ref");
        Entry removed = shard(ref).remove(ref);
        closeClient(removed != null ? removed.client : client);
    }

    private ConcurrentHashMap<Object, Entry> shard(Object ref) {
        int h = ref.hashCode();
        return shards[(h ^ (h >>> 16)) & (SHARDS - 1)];
    }

    private void tick(long gen) {
        lock.lock();
        try {
            if (gen != generation) {
                return;
            }
        } finally {
            lock.unlock();
        }
        sweep();
        lock.lock();
        try {
            if (gen != generation) {
                return;
            }
            long now = ticker.nanoTime();
            long period = tick.toNanos();
            nextDueNanos += period;
            if (nextDueNanos - now <= 0) {
                nextDueNanos = now + period; // more than a period late: skip the missed ticks
            }
            pending = scheduler.schedule(() -> tick(gen), Duration.ofNanos(nextDueNanos - now));
        } catch (RejectedExecutionException e) {
            running = false;
            pending = null;
            LOG.warn("IdleReaper '{}': its scheduler was shut down; the reaper stopped", name);
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        ticks.increment();
        for (ConcurrentHashMap<Object, Entry> shard : shards) {
            for (Entry e : shard.values()) {
                if (e.tick() > idleTicks && shard.remove(e.ref, e)) {
                    idleClosed.increment();
                    LOG.debug("IdleReaper '{}': closing {} after {} silent ticks", name, e.ref, idleTicks + 1);
                    closeClient(e.client);
                }
            }
        }
    }

    private void closeClient(Client client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("IdleReaper '{}': closing {} failed", name, client, e);
        } catch (RuntimeException e) {
            LOG.warn("IdleReaper '{}': close() of {} threw", name, client, e);
        }
    }

    /**
     * Returns whether the reaper is ticking.
     *
     * @return true between {@link #start()} and {@link #stop()}/{@link #close()}, unless the injected
     *     scheduler was shut down
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns a snapshot of the counters; cheap (sums the shard sizes).
     *
     * @return the snapshot
     */
    public IdleReaperStats stats() {
        int watched = 0;
        for (ConcurrentHashMap<Object, Entry> shard : shards) {
            watched += shard.size();
        }
        return new IdleReaperStats(watched, idleClosed.sum(), ticks.sum());
    }

    /**
     * Returns the reaper's name, used in its thread name, log lines and metric tags.
     *
     * @return the reaper's name, used in its thread name, log lines and metric tags
     */
    public String name() {
        return name;
    }

    /**
     * Returns how many ticks a client may stay silent; it is closed on the tick after that.
     *
     * @return how many ticks a client may stay silent; it is closed on the tick after that
     */
    public int idleTicks() {
        return idleTicks;
    }

    /**
     * Returns the tick period.
     *
     * @return the tick period
     */
    public Duration tick() {
        return tick;
    }

    /** Runs {@code hook} once when the reaper is closed (at once if it already is); for binders. */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
        if (closed && closeHooks.remove(hook)) {
            hook.run();
        }
    }

    @Override
    public String toString() {
        return "IdleReaper[" + name + ", idleTicks=" + idleTicks + ", tick=" + tick + "]";
    }

    /** Collects an {@link IdleReaper}'s settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        /** The default tick, golib's 1 s. */
        public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

        private String name = "reaper";
        private Duration idleTimeout = Duration.ZERO;
        private Duration tick = DEFAULT_TICK;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;

        private Builder() {}

        /**
         * Sets {@code name}.
         *
         * @param name the reaper's name; not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how long a client may stay silent, as a whole number of ticks: {@code idleTicks =
         * floor(idleTimeout / tick)}, as golib counts whole seconds. Required.
         *
         * @param idleTimeout at least one {@code tick}
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets {@code tick}.
         *
         * @param tick the period between counts; positive; default 1 s
         * @return this builder
         */
        public Builder tick(Duration tick) {
            this.tick = tick;
            return this;
        }

        /**
         * Sets {@code ticker}.
         *
         * @param ticker the time source for the fixed-rate ticks; default {@link Ticker#system()}
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Sets the scheduler that runs the ticks. The reaper does not close a scheduler it is given.
         *
         * @param scheduler the scheduler; by default the reaper starts a thread of its own
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Builds a reaper; it does not tick until {@link IdleReaper#start()}.
         *
         * @return the reaper
         * @throws NullPointerException if a setting is null (the scheduler may be left unset)
         * @throws IllegalArgumentException if {@code name} is blank, {@code tick} is not positive or
         *     {@code idleTimeout} is shorter than one tick (or longer than {@code Integer.MAX_VALUE - 1}
         *     ticks)
         */
        public IdleReaper build() {
            requireNonNull(name, "name");
            Checks.argument(!name.isBlank(), "name must not be blank, but was '%s'", name);
            Checks.positive(tick, "tick");
            Checks.notNegative(idleTimeout, "idleTimeout");
            requireNonNull(ticker, "ticker");
            long count = idleTimeout.dividedBy(tick);
            Checks.argument(
                    count >= 1 && count < Integer.MAX_VALUE,
                    "idleTimeout must be between one tick (%s) and %d ticks, but was %s",
                    tick,
                    Integer.MAX_VALUE - 1,
                    idleTimeout);
            return new IdleReaper(this, (int) count);
        }
    }
}
