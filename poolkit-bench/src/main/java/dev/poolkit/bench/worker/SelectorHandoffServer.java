package dev.poolkit.bench.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The prototype measured for issue 21's bar: selector threads of the server's own (one per processor
 * unless {@code poolkit.bench.io} says otherwise) read and frame each message from non-blocking
 * channels, as the worker pool frames (a short read, or a full read after which nothing is waiting,
 * ends it), and hand it on in one of three ways:
 *
 * <ul>
 *   <li>{@link Handoff#PARKED}: to the connection's own virtual thread, parked while it has nothing to
 *       do, which echoes it;
 *   <li>{@link Handoff#PER_MESSAGE}: to a virtual thread started for that message;
 *   <li>{@link Handoff#INLINE}: echoed on the selector thread itself (a handler that must not block);
 *   <li>{@link Handoff#INLINE_TAKEOVER}: echoed on the selector thread, which a watchdog replaces by a
 *       new thread when it finds it in the same handler call twice a millisecond apart (a handler that
 *       blocks then holds up the other connections of its selector for one to two milliseconds, and
 *       keeps its thread; the new one runs the selector). Only the non-blocking path was measured.
 * </ul>
 *
 * <p>{@code -p server=proto-parked}, {@code proto-per-message}, {@code proto-inline} and {@code
 * proto-takeover} in {@link WorkerPoolBenchmark}. Not a server to use: no deadline, no limits, replies
 * that fill the socket buffer spin.
 *
 * <p>While a message is being handled its connection is not read. The read interest stays on (no
 * {@code epoll_ctl} per message); a selector that finds the connection readable while its handler
 * runs turns the interest off, and the handler's thread turns it back on when it is done.
 */
final class SelectorHandoffServer implements AutoCloseable {

    enum Handoff {
        PARKED,
        PER_MESSAGE,
        INLINE,
        INLINE_TAKEOVER
    }

    private static final int BUFFER = 5120;
    private static final int IDLE = 0;
    private static final int HANDLING = 1;
    private static final int SUSPENDED = 2;

    private final Handoff handoff;
    private final ServerSocketChannel listener;
    private final List<IoLoop> loops = new ArrayList<>();
    private final Thread acceptor;
    private final Thread watchdog; // INLINE_TAKEOVER only
    private volatile boolean closed;

    SelectorHandoffServer(Handoff handoff) throws IOException {
        this.handoff = handoff;
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        int n = Integer.getInteger("poolkit.bench.io", Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < n; i++) {
            IoLoop loop = new IoLoop(i);
            loops.add(loop);
            loop.thread.start();
        }
        watchdog = handoff == Handoff.INLINE_TAKEOVER
                ? Thread.ofPlatform().daemon().name("proto-watchdog").start(this::watch)
                : null;
        acceptor = Thread.ofPlatform().daemon().name("proto-acceptor").start(this::acceptAll);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private void acceptAll() {
        int next = 0;
        while (!closed) {
            try {
                SocketChannel ch = listener.accept();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                IoLoop loop = loops.get(next++ % loops.size());
                loop.adopt(ch);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * INLINE_TAKEOVER: every millisecond, a loop whose leader has been in the same handler call since
     * the last look is taken over by a new thread; the old one ends when its handler returns.
     */
    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(1_000_000);
            for (IoLoop l : loops) {
                long h = l.handling.get();
                if (h != 0 && h == l.lastSeen) {
                    l.takeOver();
                }
                l.lastSeen = h;
            }
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        listener.close();
        acceptor.join();
        if (watchdog != null) {
            watchdog.join();
        }
        for (IoLoop l : loops) {
            l.selector.wakeup();
            l.leader.join();
        }
    }

    final class Conn {
        final SocketChannel channel;
        final IoLoop loop;
        final AtomicInteger state = new AtomicInteger(IDLE);
        SelectionKey key;
        volatile byte[] pending;
        Thread thread; // PARKED only

        Conn(SocketChannel channel, IoLoop loop) {
            this.channel = channel;
            this.loop = loop;
        }

        /** Runs the handler, then lets the selector read again. */
        void handle(byte[] message) {
            try {
                ByteBuffer out = ByteBuffer.wrap(message);
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        Thread.onSpinWait(); // the prototype's echoes never fill a socket buffer
                    }
                }
            } catch (IOException e) {
                closeQuietly();
                return;
            }
            if (!state.compareAndSet(HANDLING, IDLE)) {
                state.set(IDLE);
                key.interestOps(SelectionKey.OP_READ);
                loop.selector.wakeup();
            }
        }

        void runParked() {
            while (!closed && channel.isOpen()) {
                byte[] m = pending;
                if (m == null) {
                    LockSupport.park(this);
                    continue;
                }
                pending = null;
                handle(m);
            }
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // released either way
            }
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    final class IoLoop {
        final Selector selector;
        final Thread thread;
        final int index;
        volatile Thread leader; // INLINE_TAKEOVER: the thread that runs the loop now
        final AtomicLong handling = new AtomicLong(); // INLINE_TAKEOVER: the handler call running, 0 if none
        long calls; // INLINE_TAKEOVER: written by the leader only
        long lastSeen; // the watchdog's
        int takeovers;
        final ConcurrentLinkedQueue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        final List<Conn> conns = new ArrayList<>();

        IoLoop(int i) throws IOException {
            selector = Selector.open();
            index = i;
            thread = Thread.ofPlatform()
                    .daemon()
                    .name("proto-io-" + i)
                    .unstarted(handoff == Handoff.INLINE_TAKEOVER ? this::lead : this::run);
            leader = thread;
        }

        void takeOver() {
            Thread next = Thread.ofPlatform()
                    .daemon()
                    .name("proto-io-" + index + "-" + ++takeovers)
                    .unstarted(this::lead);
            leader = next;
            next.start();
        }

        /**
         * The loop as the leader runs it: the select only collects the ready keys, so that the selector
         * is free for a new leader while this thread is in a handler.
         */
        void lead() {
            Thread me = Thread.currentThread();
            List<SelectionKey> batch = new ArrayList<>();
            try {
                while (!closed && leader == me) {
                    selector.select(batch::add);
                    registerAdopted();
                    for (int i = 0; i < batch.size(); i++) {
                        SelectionKey key = batch.get(i);
                        if (key.isValid()) {
                            ready(key);
                        }
                        if (leader != me) {
                            return; // taken over in a handler: the new leader's select reports the rest again
                        }
                    }
                    batch.clear();
                }
            } catch (IOException e) {
                // closed
            } finally {
                if (closed && leader == me) {
                    closeAll();
                }
            }
        }

        private void registerAdopted() {
            for (SocketChannel ch; (ch = adopted.poll()) != null; ) {
                Conn c = new Conn(ch, this);
                try {
                    c.key = ch.register(selector, SelectionKey.OP_READ, c);
                } catch (ClosedChannelException e) {
                    continue;
                }
                conns.add(c);
                if (handoff == Handoff.PARKED) {
                    c.thread = Thread.ofVirtual().start(c::runParked);
                }
            }
        }

        private void closeAll() {
            for (Conn c : conns) {
                c.closeQuietly();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // released either way
            }
        }

        void adopt(SocketChannel ch) {
            adopted.add(ch);
            selector.wakeup();
        }

        void run() {
            try {
                while (!closed) {
                    selector.select(this::ready);
                    registerAdopted();
                }
            } catch (IOException e) {
                // closed
            } finally {
                closeAll();
            }
        }

        private void ready(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            if (c.state.get() != IDLE) {
                if (c.state.compareAndSet(HANDLING, SUSPENDED)) {
                    key.interestOps(0);
                }
                return;
            }
            byte[] message;
            try {
                message = readMessage(c.channel);
            } catch (IOException e) {
                c.closeQuietly();
                return;
            }
            if (message == null) {
                return;
            }
            c.state.set(HANDLING);
            switch (handoff) {
                case INLINE -> c.handle(message);
                case INLINE_TAKEOVER -> {
                    long call = ++calls;
                    handling.set(call);
                    c.handle(message);
                    handling.compareAndSet(call, 0); // not if a new leader has taken over meanwhile
                }
                case PER_MESSAGE -> Thread.startVirtualThread(() -> c.handle(message));
                case PARKED -> {
                    c.pending = message;
                    LockSupport.unpark(c.thread);
                }
            }
        }

        /** The worker pool's framing on a non-blocking channel; null if nothing (or only the end) was read. */
        private byte[] readMessage(SocketChannel ch) throws IOException {
            byte[] body = null;
            int length = 0;
            while (true) {
                buffer.clear();
                int n = ch.read(buffer);
                if (n < 0) {
                    if (body == null) {
                        ch.close();
                        return null;
                    }
                    return Arrays.copyOf(body, length);
                }
                if (n == 0) {
                    return body == null ? null : Arrays.copyOf(body, length);
                }
                buffer.flip();
                if (body == null && n < BUFFER) {
                    byte[] m = new byte[n];
                    buffer.get(m);
                    return m;
                }
                if (body == null) {
                    body = new byte[2 * BUFFER];
                } else if (body.length - length < n) {
                    body = Arrays.copyOf(body, 2 * body.length);
                }
                buffer.get(body, length, n);
                length += n;
                if (n < BUFFER) {
                    return Arrays.copyOf(body, length);
                }
            }
        }
    }
}
