package dev.poolkit.pool;

/** Which idle resource a pool hands out first. */
public enum IdleOrder {
    /**
     * The most recently returned first. Keeps a small hot set in use, so that surplus resources go
     * idle and expire; the default, and the cheaper of the two.
     */
    LIFO,
    /** The longest idle first. Spreads use evenly over every resource (round-robin over backends). */
    FIFO
}
