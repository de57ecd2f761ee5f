package dev.poolkit.pool;

/** The {@link System#nanoTime()} ticker; an enum so that it is a single, serialization-safe instance. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
