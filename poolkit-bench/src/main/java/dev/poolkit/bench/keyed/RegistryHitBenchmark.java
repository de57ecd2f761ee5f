package dev.poolkit.bench.keyed;

import dev.poolkit.pool.shared.SharedResourceRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hit path of {@code SharedResourceRegistry.acquire(key)}: the key's resource exists, so the call
 * returns the shared instance. {@code registry01} and {@code registry04} call poolkit's registry over
 * {@value #KEYS} existing keys on 1 and 4 threads; {@code baseline01} and {@code baseline04} call a
 * plain {@link ConcurrentHashMap#get} over the same keys, the least a keyed lookup costs. Each thread
 * walks the keys in order from a random start. Must allocate nothing ({@code -prof gc}: 0 B/op).
 *
 * <pre>
 * poolkit-bench/run.sh RegistryHitBenchmark -f 1 -wi 2 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RegistryHitBenchmark {

    /** Keys that exist before measuring. */
    public static final int KEYS = 16;

    private final String[] names = new String[KEYS];
    private SharedResourceRegistry<String, Object> registry;
    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();

    /** Where one thread is in its walk over the keys. */
    @State(Scope.Thread)
    public static class Walk {
        int next = ThreadLocalRandom.current().nextInt(KEYS);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        registry = SharedResourceRegistry.builder((String key) -> new Object())
                .name("bench")
                .maxOpen(KEYS)
                .build();
        for (int i = 0; i < KEYS; i++) {
            names[i] = "key-" + i;
            map.put(names[i], registry.acquire(names[i]));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    private static String next(Walk walk, String[] names) {
        int i = walk.next;
        walk.next = (i + 1) & (KEYS - 1);
        return names[i];
    }

    @Benchmark
    @Threads(1)
    public void registry01(Walk walk, Blackhole bh) throws InterruptedException {
        bh.consume(registry.acquire(next(walk, names)));
    }

    @Benchmark
    @Threads(4)
    public void registry04(Walk walk, Blackhole bh) throws InterruptedException {
        bh.consume(registry.acquire(next(walk, names)));
    }

    @Benchmark
    @Threads(1)
    public void baseline01(Walk walk, Blackhole bh) {
        bh.consume(map.get(next(walk, names)));
    }

    @Benchmark
    @Threads(4)
    public void baseline04(Walk walk, Blackhole bh) {
        bh.consume(map.get(next(walk, names)));
    }
}
