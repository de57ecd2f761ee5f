package dev.poolkit.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a monitor watches: a name and a map of data (version, address, ...), each either static or
 * computed on demand by a registered function, following golib's {@code monitor/info}.
 *
 * <p>{@link #name()} is the registered name function's result if it returns a non-blank name without
 * throwing, else the name given to {@link #setName}, else the default name. {@link #data()} is the
 * static data overlaid by the data function's result; the function is called on every read and its
 * failures are ignored (logged at DEBUG). Unlike golib, keys are always kept and printed in sorted
 * order, and values are printed with {@link String#valueOf(Object)}.
 *
 * <p>Thread-safe: readers never block and see either the old or the new value of each setter.
 */
public final class Info {

    private static final Logger LOG = LoggerFactory.getLogger(Info.class);

    private final String defaultName;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile String name;
    private volatile Callable<String> nameFunction;
    private volatile SortedMap<String, Object> staticData = Collections.emptySortedMap();
    private volatile Callable<? extends Map<String, ?>> dataFunction;

    private Info(String defaultName) {
        this.defaultName = defaultName;
    }

    /**
     * Creates an info with a default name and no data.
     *
     * @param defaultName the name used when neither a name nor a name function is set
     * @return the info
     * @throws IllegalArgumentException if {@code defaultName} is empty ("default name cannot be
     *     empty", golib's message)
     * @throws NullPointerException if {@code defaultName} is null
     */
    public static Info of(String defaultName) {
        requireNonNull(defaultName, "defaultName");
        if (defaultName.isEmpty()) {
            // golib's message, kept verbatim (design §2)
            throw new IllegalArgumentException("default name cannot be empty");
        }
        return new Info(defaultName);
    }

    /**
     * Returns the name: the name function's result, else the set name, else the default name.
     *
     * @return the name, never empty
     */
    public String name() {
        Callable<String> fn = nameFunction;
        if (fn != null) {
            try {
                String n = fn.call();
                if (n != null && !n.isEmpty()) {
                    return n;
                }
            } catch (Exception e) {
                LOG.debug("Info '{}': name function failed: {}", defaultName, e.toString());
            }
        }
        String n = name;
        return n != null && !n.isEmpty() ? n : defaultName;
    }

    /**
     * Sets the name used when no name function gives one.
     *
     * @param name the name; {@code null} or empty falls back to the default name
     */
    public void setName(String name) {
        this.name = name;
    }

    /**
     * Registers a function that computes the name on every {@link #name()} call.
     *
     * @param function the function; {@code null} removes it. <b>It must be fast and must not block</b>
     */
    public void registerName(Callable<String> function) {
        this.nameFunction = function;
    }

    /**
     * Registers a function whose result overlays the static data on every {@link #data()} call.
     *
     * @param function the function; {@code null} removes it. <b>It must be fast and must not block</b>
     */
    public void registerData(Callable<? extends Map<String, ?>> function) {
        this.dataFunction = function;
    }

    /**
     * Replaces all static data.
     *
     * @param data the new data; null values are dropped
     * @throws NullPointerException if {@code data} or one of its keys is null
     */
    public void setData(Map<String, ?> data) {
        requireNonNull(data, "data");
        TreeMap<String, Object> copy = new TreeMap<>();
        data.forEach((k, v) -> {
            requireNonNull(k, "data key");
            if (v != null) {
                copy.put(k, v);
            }
        });
        writeLock.lock();
        try {
            staticData = Collections.unmodifiableSortedMap(copy);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Adds or replaces one static data entry; a {@code null} value deletes the key.
     *
     * @param key the key
     * @param value the value, or null to delete
     * @throws NullPointerException if {@code key} is null
     */
    public void addData(String key, Object value) {
        requireNonNull(key, "key");
        // copy-on-write under a lock: writers are rare, readers must never see a map being changed
        writeLock.lock();
        try {
            TreeMap<String, Object> copy = new TreeMap<>(staticData);
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(key, value);
            }
            staticData = Collections.unmodifiableSortedMap(copy);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Deletes one static data entry; no effect if absent.
     *
     * @param key the key
     * @throws NullPointerException if {@code key} is null
     */
    public void deleteData(String key) {
        addData(key, null);
    }

    /**
     * Returns the static data overlaid by the data function's result, sorted by key.
     *
     * @return an unmodifiable sorted snapshot; empty if there is no data
     */
    public SortedMap<String, Object> data() {
        SortedMap<String, Object> base = staticData;
        Callable<? extends Map<String, ?>> fn = dataFunction;
        if (fn == null) {
            return base;
        }
        Map<String, ?> extra;
        try {
            extra = fn.call();
        } catch (Exception e) {
            LOG.debug("Info '{}': data function failed: {}", defaultName, e.toString());
            return base;
        }
        if (extra == null || extra.isEmpty()) {
            return base;
        }
        TreeMap<String, Object> merged = new TreeMap<>(base);
        extra.forEach((k, v) -> {
            if (k != null && v != null) {
                merged.put(k, v);
            }
        });
        return Collections.unmodifiableSortedMap(merged);
    }

    /**
     * Returns golib's info text: {@code <name> (k1: v1,k2: v2)}, or just the name when there is no
     * data, with newlines turned into spaces and carriage returns dropped.
     *
     * @return the text
     */
    public String toText() {
        StringBuilder sb = new StringBuilder(32);
        appendText(sb);
        return sb.toString();
    }

    void appendText(StringBuilder sb) {
        int start = sb.length();
        sb.append(name());
        SortedMap<String, Object> d = data();
        if (!d.isEmpty()) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<String, Object> e : d.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(e.getKey()).append(": ").append(e.getValue());
            }
            sb.append(')');
        }
        for (int i = start; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '\n') {
                sb.setCharAt(i, ' ');
            } else if (c == '\r') {
                sb.deleteCharAt(i--);
            }
        }
    }

    @Override
    public String toString() {
        return toText();
    }
}
