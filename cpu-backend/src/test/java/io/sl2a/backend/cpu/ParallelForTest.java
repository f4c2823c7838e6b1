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
}
