package dev.poolkit.balance.sim;

import java.util.Arrays;

/**
 * The requests in flight of a traffic run: a binary min-heap of completion times over a slab of
 * request slots (host, duration, outcome), reused as requests complete. Not thread-safe.
 */
final class Completions {
    private long[] heapTime;
    private int[] heapSlot;
    private int size;
    private int[] host;
    private long[] took;
    private boolean[] success;
    private int[] freeSlots;
    private int freeCount;
    private int slots;

    Completions(int capacity) {
        heapTime = new long[capacity];
        heapSlot = new int[capacity];
        host = new int[capacity];
        took = new long[capacity];
        success = new boolean[capacity];
        freeSlots = new int[capacity];
    }

    int size() {
        return size;
    }

    long peekTime() {
        return heapTime[0];
    }

    int host(int slot) {
        return host[slot];
    }

    long took(int slot) {
        return took[slot];
    }

    boolean success(int slot) {
        return success[slot];
    }

    void free(int slot) {
        freeSlots[freeCount++] = slot;
    }

    void add(long time, int hostIndex, long duration, boolean ok) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (slots == host.length) {
                int capacity = host.length * 2;
                host = Arrays.copyOf(host, capacity);
                took = Arrays.copyOf(took, capacity);
                success = Arrays.copyOf(success, capacity);
                freeSlots = Arrays.copyOf(freeSlots, capacity);
            }
            slot = slots++;
        }
        host[slot] = hostIndex;
        took[slot] = duration;
        success[slot] = ok;
        if (size == heapTime.length) {
            heapTime = Arrays.copyOf(heapTime, size * 2);
            heapSlot = Arrays.copyOf(heapSlot, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapTime[parent] <= time) {
                break;
            }
            heapTime[i] = heapTime[parent];
            heapSlot[i] = heapSlot[parent];
            i = parent;
        }
        heapTime[i] = time;
        heapSlot[i] = slot;
    }

    int pollSlot() {
        int result = heapSlot[0];
        long lastTime = heapTime[--size];
        int lastSlot = heapSlot[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heapTime[child + 1] < heapTime[child]) {
                child++;
            }
            if (heapTime[child] >= lastTime) {
                break;
            }
            heapTime[i] = heapTime[child];
            heapSlot[i] = heapSlot[child];
            i = child;
        }
        heapTime[i] = lastTime;
        heapSlot[i] = lastSlot;
        return result;
    }
}
