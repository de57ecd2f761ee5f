package dev.poolkit.net.host;

/** The shared listener that ignores everything; see {@link ConnectionListener#noop()}. */
final class NoopConnectionListener implements ConnectionListener {
    static final NoopConnectionListener INSTANCE = new NoopConnectionListener();

    private NoopConnectionListener() {}
}
