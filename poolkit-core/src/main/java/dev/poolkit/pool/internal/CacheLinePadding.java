package dev.poolkit.pool.internal;

/**
 * 128 bytes of fields that subclasses inherit in front of their own: HotSpot lays out superclass
 * fields first, so the hot fields of two such objects allocated next to each other never share a
 * cache line (or the pair of lines that the adjacent-line prefetcher fetches together). Without it,
 * two threads each reusing its own slot, or its own idle-stack stripe, slowed down by 5 to 10 times
 * whenever the two objects happened to be allocated side by side.
 */
abstract class CacheLinePadding {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
}
