package io.sl2a.backend.cpu;

/**
 * OpenBLAS, threaded one of two ways for a whole program, chosen by its largest product. A program
 * of small products only (the layers of a batch of 1,024 rows: 1,024 x 256 x 256) runs them on
 * OpenBLAS's own threads, which split them with less overhead than our pool; a program with large
 * ones (batches of 16,384 and more) splits every product into slabs on our pool, each a
 * single-threaded OpenBLAS call ({@link PartitionedSgemm}), because after a threaded call
 * OpenBLAS's workers keep spinning and take the cores from the elementwise kernels between the
 * products (one threaded call among partitioned ones already costs SL2A a quarter of its speed).
 * Measured here: relu at batch 1,024 trains about 30% faster on OpenBLAS's threads than
 * partitioned; SL2A at 16,384 10% slower.
 */
public final class AdaptiveOpenBlasSgemm implements Sgemm {
    /** Up to this many multiply-adds a product runs on OpenBLAS's own threads. */
    static final long OWN_THREADS_UP_TO = 1L << 28;
    /** Below this many it runs on the calling thread alone. */
    static final long ONE_THREAD_BELOW = 1L << 20;

    private final OpenBlasSgemm blas;
    private final PartitionedSgemm partitioned;
    private final int threads;
    private final boolean ownThreads;

    public AdaptiveOpenBlasSgemm(OpenBlasSgemm blas, ParallelFor parallel) {
        this(blas, parallel, false);
    }

    private AdaptiveOpenBlasSgemm(OpenBlasSgemm blas, ParallelFor parallel, boolean ownThreads) {
        this.blas = blas;
        this.partitioned = new PartitionedSgemm(blas, parallel);
        this.threads = parallel.threads();
        this.ownThreads = ownThreads && threads > 1;
    }

    /** The same OpenBLAS for a program whose largest product has {@code largestWork} multiply-adds. */
    public AdaptiveOpenBlasSgemm forLargestProduct(long largestWork, ParallelFor parallel) {
        return new AdaptiveOpenBlasSgemm(blas, parallel, largestWork <= OWN_THREADS_UP_TO);
    }

    /** The single OpenBLAS underneath (one thread of its own unless a caller sets more). */
    OpenBlasSgemm blas() {
        return blas;
    }

    @Override
    public String name() {
        return blas.name() + " x " + threads + " threads (its own for small batches, ours for large)";
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a, int aOffset,
            int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        long work = (long) m * n * k;
        if (ownThreads && work >= ONE_THREAD_BELOW) {
            blas.useThreads(threads);
            blas.sgemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        blas.useThreads(1);
        partitioned.sgemm(transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }
}
