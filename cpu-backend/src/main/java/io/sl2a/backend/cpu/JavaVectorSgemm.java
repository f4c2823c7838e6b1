package io.sl2a.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A pure-Java matrix product for machines without a native BLAS: register-blocked micro-kernels
 * (4 rows x 2 vectors of C held in registers) over K-blocks small enough for B's block to stay
 * in cache, rows of C split across the thread pool. A transposed B is packed once per call
 * (B is a weight matrix in every transposed use here, so the copy is small); a transposed A is
 * read in place through strides.
 */
public final class JavaVectorSgemm implements Sgemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int PANEL = 2 * LANES;
    private static final int ROW_BLOCK = 4;
    private static final int K_BLOCK = 256;

    private final ParallelFor parallel;
    private float[] packedB = new float[0];

    public JavaVectorSgemm(ParallelFor parallel) {
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return "java-vector(" + LANES + " lanes)";
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a, int aOffset,
            int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        float[] bRowMajor = b;
        int bBase = bOffset;
        int bStride = ldb;
        if (transposeB) {
            bRowMajor = packTransposed(b, bOffset, ldb, n, k);
            bBase = 0;
            bStride = n;
        }
        int aRowStride = transposeA ? 1 : lda;
        int aColStride = transposeA ? lda : 1;
        float[] bFinal = bRowMajor;
        int bBaseFinal = bBase;
        int bStrideFinal = bStride;
        int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        parallel.run(rowBlocks, 1, (from, to) -> {
            int firstRow = from * ROW_BLOCK;
            int lastRow = Math.min(m, to * ROW_BLOCK);
            scaleRows(c, cOffset, ldc, firstRow, lastRow, n, beta);
            for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
                int kCount = Math.min(K_BLOCK, k - k0);
                for (int row = firstRow; row < lastRow; row += ROW_BLOCK) {
                    int rows = Math.min(ROW_BLOCK, lastRow - row);
                    int aBase = aOffset + row * aRowStride + k0 * aColStride;
                    int bBlock = bBaseFinal + k0 * bStrideFinal;
                    int cBase = cOffset + row * ldc;
                    if (rows == ROW_BLOCK) {
                        block4(a, aBase, aRowStride, aColStride, bFinal, bBlock, bStrideFinal, c, cBase, ldc, n, kCount, alpha);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            block1(a, aBase + r * aRowStride, aColStride, bFinal, bBlock, bStrideFinal, c, cBase + r * ldc, n,
                                    kCount, alpha);
                        }
                    }
                }
            }
        });
    }

    private float[] packTransposed(float[] b, int offset, int ldb, int n, int k) {
        if (packedB.length < n * k) {
            packedB = new float[n * k];
        }
        float[] packed = packedB;
        // b is stored n x k; packed becomes k x n.
        for (int j = 0; j < n; j++) {
            int source = offset + j * ldb;
            for (int p = 0; p < k; p++) {
                packed[p * n + j] = b[source + p];
            }
        }
        return packed;
    }

    private static void scaleRows(float[] c, int cOffset, int ldc, int firstRow, int lastRow, int n, float beta) {
        if (beta == 1.0f) {
            return;
        }
        for (int row = firstRow; row < lastRow; row++) {
            int base = cOffset + row * ldc;
            for (int j = 0; j < n; j++) {
                c[base + j] = beta == 0.0f ? 0.0f : beta * c[base + j];
            }
        }
    }

    /** C[4 rows, n] += alpha * A[4 rows, kCount] * B[kCount, n]. */
    private static void block4(float[] a, int aBase, int aRowStride, int aColStride, float[] b, int bBase, int ldb,
            float[] c, int cBase, int ldc, int n, int kCount, float alpha) {
        int j = 0;
        for (; j + PANEL <= n; j += PANEL) {
            FloatVector c00 = FloatVector.zero(SPECIES);
            FloatVector c01 = FloatVector.zero(SPECIES);
            FloatVector c10 = FloatVector.zero(SPECIES);
            FloatVector c11 = FloatVector.zero(SPECIES);
            FloatVector c20 = FloatVector.zero(SPECIES);
            FloatVector c21 = FloatVector.zero(SPECIES);
            FloatVector c30 = FloatVector.zero(SPECIES);
            FloatVector c31 = FloatVector.zero(SPECIES);
            int aAt = aBase;
            int bAt = bBase + j;
            for (int p = 0; p < kCount; p++) {
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bAt);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bAt + LANES);
                FloatVector a0 = FloatVector.broadcast(SPECIES, a[aAt]);
                FloatVector a1 = FloatVector.broadcast(SPECIES, a[aAt + aRowStride]);
                FloatVector a2 = FloatVector.broadcast(SPECIES, a[aAt + 2 * aRowStride]);
                FloatVector a3 = FloatVector.broadcast(SPECIES, a[aAt + 3 * aRowStride]);
                c00 = a0.fma(b0, c00);
                c01 = a0.fma(b1, c01);
                c10 = a1.fma(b0, c10);
                c11 = a1.fma(b1, c11);
                c20 = a2.fma(b0, c20);
                c21 = a2.fma(b1, c21);
                c30 = a3.fma(b0, c30);
                c31 = a3.fma(b1, c31);
                aAt += aColStride;
                bAt += ldb;
            }
            addInto(c, cBase + j, c00, c01, alpha);
            addInto(c, cBase + ldc + j, c10, c11, alpha);
            addInto(c, cBase + 2 * ldc + j, c20, c21, alpha);
            addInto(c, cBase + 3 * ldc + j, c30, c31, alpha);
        }
        for (int r = 0; r < ROW_BLOCK && j < n; r++) {
            scalarColumns(a, aBase + r * aRowStride, aColStride, b, bBase, ldb, c, cBase + r * ldc, j, n, kCount, alpha);
        }
    }

    /** One row of C: vector panels, then scalar columns. */
    private static void block1(float[] a, int aBase, int aColStride, float[] b, int bBase, int ldb, float[] c, int cBase,
            int n, int kCount, float alpha) {
        int j = 0;
        for (; j + PANEL <= n; j += PANEL) {
            FloatVector c0 = FloatVector.zero(SPECIES);
            FloatVector c1 = FloatVector.zero(SPECIES);
            int aAt = aBase;
            int bAt = bBase + j;
            for (int p = 0; p < kCount; p++) {
                FloatVector av = FloatVector.broadcast(SPECIES, a[aAt]);
                c0 = av.fma(FloatVector.fromArray(SPECIES, b, bAt), c0);
                c1 = av.fma(FloatVector.fromArray(SPECIES, b, bAt + LANES), c1);
                aAt += aColStride;
                bAt += ldb;
            }
            addInto(c, cBase + j, c0, c1, alpha);
        }
        scalarColumns(a, aBase, aColStride, b, bBase, ldb, c, cBase, j, n, kCount, alpha);
    }

    private static void scalarColumns(float[] a, int aBase, int aColStride, float[] b, int bBase, int ldb, float[] c,
            int cBase, int fromColumn, int n, int kCount, float alpha) {
        for (int j = fromColumn; j < n; j++) {
            float sum = 0.0f;
            int aAt = aBase;
            int bAt = bBase + j;
            for (int p = 0; p < kCount; p++) {
                sum += a[aAt] * b[bAt];
                aAt += aColStride;
                bAt += ldb;
            }
            c[cBase + j] += alpha * sum;
        }
    }

    private static void addInto(float[] c, int at, FloatVector low, FloatVector high, float alpha) {
        if (alpha != 1.0f) {
            low = low.mul(alpha);
            high = high.mul(alpha);
        }
        FloatVector.fromArray(SPECIES, c, at).add(low).intoArray(c, at);
        FloatVector.fromArray(SPECIES, c, at + LANES).add(high).intoArray(c, at + LANES);
    }
}
