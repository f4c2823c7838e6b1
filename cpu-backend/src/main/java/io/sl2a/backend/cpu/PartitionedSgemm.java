package io.sl2a.backend.cpu;

/**
 * Splits one product into independent slabs of C, one per thread of our pool, each computed by a
 * single-threaded {@link Sgemm}. Keeping every core under one scheduler matters: a BLAS with its own
 * spinning worker threads steals the cores from the elementwise kernels that run between products.
 * Rows of C are split when C is tall, columns otherwise (weight gradients are short and wide).
 */
public final class PartitionedSgemm implements Sgemm {
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long SPLIT_THRESHOLD = 1L << 20;
    private static final int MIN_SLAB = 16;

    private final Sgemm single;
    private final ParallelFor parallel;

    public PartitionedSgemm(Sgemm singleThreaded, ParallelFor parallel) {
        this.single = singleThreaded;
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return single.name() + " x " + parallel.threads() + " threads";
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a, int aOffset,
            int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        int threads = parallel.threads();
        long work = (long) m * n * k;
        boolean splitRows = m >= n;
        int extent = splitRows ? m : n;
        if (threads == 1 || work < SPLIT_THRESHOLD || extent < 2 * MIN_SLAB) {
            single.sgemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        int slabs = Math.min(threads, extent / MIN_SLAB);
        // Slab edges on multiples of 16 keep vector loads aligned inside each slab.
        int slab = (extent + slabs - 1) / slabs;
        slab = (slab + MIN_SLAB - 1) / MIN_SLAB * MIN_SLAB;
        int slabSize = slab;
        int count = (extent + slab - 1) / slab;
        parallel.run(count, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                int start = s * slabSize;
                int size = Math.min(slabSize, extent - start);
                if (splitRows) {
                    // Rows [start, start+size) of C need the same rows of op(A).
                    int aStart = aOffset + (transposeA ? start : start * lda);
                    single.sgemm(transposeA, transposeB, size, n, k, alpha, a, aStart, lda, b, bOffset, ldb, beta, c,
                            cOffset + start * ldc, ldc);
                } else {
                    // Columns [start, start+size) of C need the same columns of op(B).
                    int bStart = bOffset + (transposeB ? start * ldb : start);
                    single.sgemm(transposeA, transposeB, m, size, k, alpha, a, aOffset, lda, b, bStart, ldb, beta, c,
                            cOffset + start, ldc);
                }
            }
        });
    }
}
