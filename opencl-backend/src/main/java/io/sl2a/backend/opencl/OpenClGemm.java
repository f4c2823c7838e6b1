package io.sl2a.backend.opencl;

import org.jocl.cl_command_queue;
import org.jocl.cl_mem;

/**
 * Enqueues {@code C = op(A) op(B) (+ C)} with gemm_tiled (or gemm_naive, the baseline for
 * measurements) on sub-matrices given by float offsets and leading dimensions, BLAS style.
 */
final class OpenClGemm {
    private final int tile;
    private final int workPerThread;

    OpenClGemm(int tile, int workPerThread) {
        this.tile = tile;
        this.workPerThread = workPerThread;
    }

    int tile() {
        return tile;
    }

    void enqueue(cl_command_queue queue, OpenClKernel kernel, boolean transA, boolean transB, int m, int n, int k,
            cl_mem a, int aOffset, int lda, cl_mem b, int bOffset, int ldb, float beta, cl_mem c, int cOffset, int ldc) {
        kernel.arg(0, transA ? 1 : 0).arg(1, transB ? 1 : 0).arg(2, m).arg(3, n).arg(4, k).arg(5, 1.0f)
                .arg(6, a).arg(7, aOffset).arg(8, lda).arg(9, b).arg(10, bOffset).arg(11, ldb)
                .arg(12, beta).arg(13, c).arg(14, cOffset).arg(15, ldc);
        long globalX = (long) (n + tile - 1) / tile * tile;
        long blocksY = (m + tile - 1) / tile;
        if (kernel.name().equals("gemm_naive")) {
            kernel.launch(queue, globalX, blocksY * tile, tile, tile);
        } else {
            // A work-group of (tile, tile / workPerThread) items covers a tile x tile block of C.
            kernel.launch(queue, globalX, blocksY * (tile / workPerThread), tile, tile / workPerThread);
        }
    }
}
