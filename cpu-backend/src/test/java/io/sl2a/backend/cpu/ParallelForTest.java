package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ParallelFor} hands every index of the range to exactly one body call, on any thread count. */
class ParallelForTest {

    @ParameterizedTest(name = "threads={0} grain={1}")
    @CsvSource({"1,1", "1,64", "3,1", "3,64", "3,0"})
    void coversEveryIndexExactlyOnce(int threads, int grain) {
        try (ParallelFor parallel = new ParallelFor(threads)) {
            assertEquals(threads, parallel.threads());
            for (int count : new int[] {0, 1, 7, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(count, 1));
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                parallel.run(count, grain, (from, to) -> {
                    calls.incrementAndGet();
                    assertTrue(0 <= from && from < to && to <= count, "bad range [" + from + ", " + to + ")");
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < count; i++) {
                    assertEquals(1, hits.get(i), "index " + i + " of " + count);
                }
                if (count == 0) {
                    assertEquals(0, calls.get(), "body called for an empty range");
                }
                if (count > 0 && (count <= Math.max(1, grain) || threads == 1)) {
                    assertEquals(1, calls.get(), "a range within one grain (or one thread) runs as one call");
                }
            }
        }
    }

    /**
     * A range within one grain, or any range on one thread, runs on the calling thread; a larger one
     * is split into at most four ranges a thread, of one size (but the last), each over half a grain.
     */
    @ParameterizedTest(name = "threads={0} grain={1} count={2}")
    @CsvSource({"3,64,64", "3,64,1", "3,0,1", "1,1,1000", "3,1,2", "3,1,1000", "3,64,129", "2,300,1000"})
    void smallRangesStayOnTheCallingThread(int threads, int grain, int count) {
        try (ParallelFor parallel = new ParallelFor(threads)) {
            Thread caller = Thread.currentThread();
            java.util.List<int[]> ranges = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
            parallel.run(count, grain, (from, to) -> {
                ranges.add(new int[] {from, to});
                runners.add(Thread.currentThread());
            });
            boolean whole = threads == 1 || count <= Math.max(1, grain);
            if (whole) {
                assertEquals(1, ranges.size());
                assertEquals(java.util.Set.of(caller), runners, "ran off the calling thread");
            } else {
                assertTrue(ranges.size() > 1, "a range of " + count + " over grains of " + grain + " not split");
                assertTrue(ranges.size() <= 4 * threads, ranges.size() + " ranges on " + threads + " threads");
                // Contiguous ranges of one size (the last may be shorter), each over half a grain.
                java.util.Set<Integer> sizes = new java.util.HashSet<>();
                for (int[] range : ranges) {
                    if (range[1] != count) {
                        sizes.add(range[1] - range[0]);
                    }
                }
                assertEquals(1, sizes.size(), "ranges of sizes " + sizes);
                int size = sizes.iterator().next();
                assertTrue(2 * size > grain, "ranges of " + size + " for a grain of " + grain);
            }
        }
    }
}
