/*
 * C(m x n) = alpha op(A) op(B) + beta C, row-major with leading dimensions and offsets as in BLAS
 * (io.sl2a.kernels.LinearKernels.gemmRow is the reference): element (r, p) of op(A) is
 * a[aOffset + r*lda + p], or a[aOffset + p*lda + r] when transA; element (p, c) of op(B) is
 * b[bOffset + p*ldb + c], or b[bOffset + c*ldb + p] when transB. When beta is 0, C is not read.
 *
 * Launch: dimension 0 over the columns of C, dimension 1 over its rows, padded to TILE.
 */
#ifndef TILE
#define TILE 16
#endif
#ifndef WPT
#define WPT 1
#endif

/*
 * Tiled product: a work-group of (TILE, TILE/WPT) work-items computes a TILE x TILE block of C,
 * each work-item WPT rows of it (strided by TILE/WPT), staging TILE x TILE tiles of op(A) and
 * op(B) in local memory. Tiles are loaded so that neighbouring work-items (local id 0) read
 * neighbouring addresses whether or not the operand is transposed; the +1 column avoids bank
 * conflicts on the transposed stores.
 */
__kernel __attribute__((reqd_work_group_size(TILE, TILE / WPT, 1)))
void gemm_tiled(int transA, int transB, int m, int n, int k, float alpha,
        __global const float* a, int aOffset, int lda, __global const float* b, int bOffset, int ldb,
        float beta, __global float* c, int cOffset, int ldc) {
    __local float aTile[TILE][TILE + 1];
    __local float bTile[TILE][TILE + 1];
    const int RTS = TILE / WPT;
    int lx = get_local_id(0);
    int ly = get_local_id(1);
    int rowBase = get_group_id(1) * TILE;
    int colBase = get_group_id(0) * TILE;
    float sum[WPT];
    for (int w = 0; w < WPT; w++) {
        sum[w] = 0.0f;
    }
    for (int t = 0; t < k; t += TILE) {
        for (int w = 0; w < WPT; w++) {
            int ly2 = ly + w * RTS;
            /* aTile[r][p] = op(A)(rowBase + r, t + p) */
            if (transA) {
                int r = rowBase + lx;
                int p = t + ly2;
                aTile[lx][ly2] = (r < m && p < k) ? a[aOffset + p * lda + r] : 0.0f;
            } else {
                int r = rowBase + ly2;
                int p = t + lx;
                aTile[ly2][lx] = (r < m && p < k) ? a[aOffset + r * lda + p] : 0.0f;
            }
            /* bTile[p][cc] = op(B)(t + p, colBase + cc) */
            if (transB) {
                int p = t + lx;
                int col = colBase + ly2;
                bTile[lx][ly2] = (p < k && col < n) ? b[bOffset + col * ldb + p] : 0.0f;
            } else {
                int p = t + ly2;
                int col = colBase + lx;
                bTile[ly2][lx] = (p < k && col < n) ? b[bOffset + p * ldb + col] : 0.0f;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TILE; p++) {
            float bValue = bTile[p][lx];
            for (int w = 0; w < WPT; w++) {
                sum[w] = fma(aTile[ly + w * RTS][p], bValue, sum[w]);
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    int col = colBase + lx;
    for (int w = 0; w < WPT; w++) {
        int row = rowBase + ly + w * RTS;
        if (row < m && col < n) {
            int at = cOffset + row * ldc + col;
            c[at] = beta == 0.0f ? alpha * sum[w] : alpha * sum[w] + beta * c[at];
        }
    }
}

/* One element of C per work-item, straight from global memory: the baseline for measurements. */
__kernel void gemm_naive(int transA, int transB, int m, int n, int k, float alpha,
        __global const float* a, int aOffset, int lda, __global const float* b, int bOffset, int ldb,
        float beta, __global float* c, int cOffset, int ldc) {
    int col = get_global_id(0);
    int row = get_global_id(1);
    if (row >= m || col >= n) {
        return;
    }
    float sum = 0.0f;
    for (int p = 0; p < k; p++) {
        float av = transA ? a[aOffset + p * lda + row] : a[aOffset + row * lda + p];
        float bv = transB ? b[bOffset + col * ldb + p] : b[bOffset + p * ldb + col];
        sum = fma(av, bv, sum);
    }
    int at = cOffset + row * ldc + col;
    c[at] = beta == 0.0f ? alpha * sum : alpha * sum + beta * c[at];
}
