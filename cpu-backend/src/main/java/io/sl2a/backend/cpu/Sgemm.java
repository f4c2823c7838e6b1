package io.sl2a.backend.cpu;

/**
 * Single-precision matrix product with BLAS semantics on row-major heap arrays:
 * {@code C = alpha op(A) op(B) + beta C}, C is {@code m x n} with leading dimension {@code ldc};
 * A is stored {@code m x k} (or {@code k x m} when transposed) with leading dimension {@code lda},
 * B is stored {@code k x n} (or {@code n x k} when transposed) with leading dimension {@code ldb}.
 * When beta is 0, C is not read.
 */
public interface Sgemm {

    /** Name shown to the user, e.g. {@code openblas} or {@code java-vector}. */
    String name();

    void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
            float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);
}
