package io.sl2a.bench.jmh;

import org.openjdk.jmh.annotations.Param;

/** An {@link OpBenchmark} of an operation over a batch of {@code rows} rows. */
public abstract class BatchOpBenchmark extends OpBenchmark {
    /** Batch rows (the reference batch is 16384). */
    @Param({"16384"})
    public int rows;
}
