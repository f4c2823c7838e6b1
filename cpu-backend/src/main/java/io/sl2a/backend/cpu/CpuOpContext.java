package io.sl2a.backend.cpu;

import java.util.Map;

/**
 * What the CPU families of operations share: the program's buffers, the thread pool and its
 * grains, the matrix product, and the scratch that holds a chunk's Chebyshev basis (one per
 * compiler, whichever family asks).
 */
final class CpuOpContext {
    /** Rows a task of a row-wise body takes. */
    static final int ROW_GRAIN = 32;
    /** Elements a task of an elementwise body takes. */
    static final int ELEMENT_GRAIN = 1 << 14;
    /** Row chunks of the two-stage column sums (bias and LayerNorm parameter gradients). */
    static final int PARTIAL_CHUNKS = 32;

    private final Map<String, float[]> buffers;
    private final ParallelFor parallel;
    private final Sgemm gemm;
    private float[] basis = new float[0];

    CpuOpContext(Map<String, float[]> buffers, ParallelFor parallel, Sgemm gemm) {
        this.buffers = buffers;
        this.parallel = parallel;
        this.gemm = gemm;
    }

    ParallelFor parallel() {
        return parallel;
    }

    Sgemm gemm() {
        return gemm;
    }

    float[] buffer(String name) {
        float[] values = buffers.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return values;
    }

    /** Rays a task of the volume rendering takes: about ROW_GRAIN * 8 samples. */
    static int rayGrain(int samples) {
        return Math.max(1, ROW_GRAIN * 8 / samples);
    }

    /** The shared scratch, grown to at least {@code floats} floats. */
    float[] basisScratch(int floats) {
        if (basis.length < floats) {
            basis = new float[floats];
        }
        return basis;
    }
}
