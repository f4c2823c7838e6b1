package io.sl2a.backend.cpu;

import java.util.function.Supplier;

/**
 * How a program's routines run in row chunks (see {@link RowChunkedRoutine}): {@code rows} a chunk,
 * each core's products through its own single-threaded product from {@code singleThreaded} (the
 * Java one keeps packing scratch, so cores must not share one), readied by {@code beforeWorkers}
 * on the calling thread before the cores start (OpenBLAS set to one thread of its own).
 */
record RowChunking(int rows, Supplier<Sgemm> singleThreaded, Runnable beforeWorkers) {
    RowChunking {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + rows);
        }
    }
}
