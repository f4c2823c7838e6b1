package io.sl2a.backend.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.WorkerGrid3D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * {@link io.sl2a.program.Op.MatMul} as a TornadoVM {@link KernelContext} kernel: {@code C(m x n) =
 * op(A) op(B)}, overwriting C or adding to it, A stored {@code m x k} ({@code k x m} when transposed),
 * B stored {@code k x n} ({@code n x k} when transposed), all dense row-major.
 *
 * <h2>Design</h2>
 * <ul>
 * <li>A work-group of {@value #GROUP_X} x {@value #GROUP_Y} work-items computes one
 *     {@value #TILE} x {@value #TILE} block of C (dimension 0 over the columns of C, 1 over its rows).</li>
 * <li>Local memory: per step of {@value #TILE} along k, the group stages a tile of op(A) and one of
 *     op(B) ({@code allocateFloatLocalArray}, rows padded to {@value #TILE_STRIDE} floats against bank
 *     conflicts on GPUs), then {@code localBarrier}, multiplies, {@code localBarrier}. Every
 *     work-item loads {@value #TILE} * {@value #TILE} / ({@value #GROUP_X} * {@value #GROUP_Y}) elements
 *     of each tile, numbered so that neighbouring work-items read neighbouring addresses of the stored
 *     matrix whether or not it is transposed (coalesced on a GPU, contiguous on PoCL). Elements past m,
 *     n or k load as zeros, so the multiply loop needs no bounds check and any m, n, k work.</li>
 * <li>Register blocking: each work-item accumulates a 4 x 4 block of C in sixteen scalars: rows
 *     {@code ly + 8i}, columns {@code lx + 8j} of the block (i, j &lt; 4). Per step of k it reads 4
 *     values of the A tile (the same for every work-item of a row of the group) and 4 of the B tile
 *     (contiguous across {@code lx}, which PoCL vectorises over) for 16 multiply-adds. Scalars rather
 *     than a private array, so that they stay in registers whatever the compiler unrolls.</li>
 * <li>Extents are fixed sizes or 0 for "the batch row count", read from {@code rows[0]} as the other
 *     tasks do; the grid is sized for the largest row count ({@link #grid}); every work-item reaches
 *     every barrier (no early exit: see the kernel), the loads and stores are bounds-checked. C is not
 *     read when overwriting (it may hold anything).</li>
 * <li>Split-k ({@code shape[3] = slices > 1}, a third grid dimension of that many groups): group z
 *     multiplies only its stretch of k, {@code [z*kPer, min(k, (z+1)*kPer))} with kPer a whole number
 *     of tiles, and stores its partial product at {@code c[z*m*n ..]} (a scratch buffer the caller
 *     then sums over the slices). A weight gradient (m x n of 256 x 128, k the batch) is 32 tiles:
 *     32 work-groups for a whole GPU; in 32 slices it is 1,024.</li>
 * </ul>
 * The Java body runs on the JVM as written when a {@link KernelContext} is driven over the grid: the
 * tests do that (one thread per work-item, barriers as real barriers) to check the arithmetic.
 */
public final class TornadoGemm {
    /** Side of the square block of C one work-group computes (and of the staged tiles). */
    public static final int TILE = 32;
    /** Work-items of a group along the columns of C (dimension 0) and along its rows (dimension 1). */
    public static final int GROUP_X = 8;
    public static final int GROUP_Y = 8;
    /** Floats per row of a staged tile: one more than {@link #TILE}. */
    public static final int TILE_STRIDE = TILE + 1;
    private static final int GROUP_SIZE = GROUP_X * GROUP_Y;

    private TornadoGemm() {
    }

    /** Whether the device can run the kernel: a work-group of 64 and two padded tiles of local memory. */
    public static boolean fits(TornadoDevice device) {
        long[] maxGroup = device.getDeviceMaxWorkgroupDimensions();
        long local = device.getDeviceLocalMemorySize();
        boolean groupFits = maxGroup == null || maxGroup.length < 2 || (maxGroup[0] >= GROUP_X && maxGroup[1] >= GROUP_Y);
        return groupFits && (local <= 0 || 2L * TILE * TILE_STRIDE * Float.BYTES <= local);
    }

    /** The worker grid for a product of at most {@code maxM x maxN}: whole tiles, groups of GROUP_X x GROUP_Y. */
    public static WorkerGrid grid(int maxM, int maxN) {
        return grid(maxM, maxN, 1);
    }

    /** As {@link #grid(int, int)}, with {@code slices} groups along a third dimension for split-k. */
    public static WorkerGrid grid(int maxM, int maxN, int slices) {
        int tilesX = (maxN + TILE - 1) / TILE;
        int tilesY = (maxM + TILE - 1) / TILE;
        if (slices > 1) {
            WorkerGrid grid = new WorkerGrid3D(tilesX * GROUP_X, tilesY * GROUP_Y, slices);
            grid.setLocalWork(GROUP_X, GROUP_Y, 1);
            return grid;
        }
        WorkerGrid grid = new WorkerGrid2D(tilesX * GROUP_X, tilesY * GROUP_Y);
        grid.setLocalWork(GROUP_X, GROUP_Y, 1);
        return grid;
    }

    /**
     * The kernel. {@code shape = {m, n, k, slices}}, m, n, k each a fixed size or 0 for {@code rows[0]},
     * slices 1 (the whole product into C) or more (split-k: see the class);
     * {@code transposeA/transposeB/accumulate}: 0 or 1.
     *
     * <p>The extents come in an array rather than as int parameters: TornadoVM specialises scalar
     * parameters into constants, and with a fixed k of more than one tile Graal then unrolls the k loop
     * and folds {@code p < k} to true in the first step, leaving a LogicConstantNode that the OpenCL
     * backend cannot emit ("TornadoRuntimeException: logic node
     * (class=jdk.graal.compiler.nodes.LogicConstantNode)", e.g. for rows x 48 x 48). The flags stay
     * parameters (specialised: no branch at run time).
     */
    public static void gemm(KernelContext context, int[] rows, int[] shape, float[] a, float[] b, float[] c,
            int transposeA, int transposeB, int accumulate) {
        // aTile[r * TILE_STRIDE + p] = op(A)(rowBase + r, t + p); bTile[p * TILE_STRIDE + q] = op(B)(t + p, colBase + q)
        float[] aTile = context.allocateFloatLocalArray(TILE * TILE_STRIDE);
        float[] bTile = context.allocateFloatLocalArray(TILE * TILE_STRIDE);
        int count = rows[0];
        int m = shape[0] == 0 ? count : shape[0];
        int n = shape[1] == 0 ? count : shape[1];
        int k = shape[2] == 0 ? count : shape[2];
        int slices = shape[3];
        int slice = context.groupIdz;
        // This group's stretch of k: whole tiles, the last stretch shorter (or empty).
        int kPer = ((k + slices - 1) / slices + TILE - 1) / TILE * TILE;
        int kFrom = slice * kPer;
        int kTo = Math.min(k, kFrom + kPer);
        int cOffset = slice * m * n;
        int lx = context.localIdx;
        int ly = context.localIdy;
        int rowBase = context.groupIdy * TILE;
        int colBase = context.groupIdx * TILE;
        // No early exit for a group wholly past m or n (rows below the grid's size): PoCL 3.1 miscompiles
        // this kernel with its barriers inside such a condition (uniform over the group, as OpenCL
        // allows), storing rows past m. Such a group loads zeros and stores nothing.
        int item = ly * GROUP_X + lx;
        float c00 = 0.0f, c01 = 0.0f, c02 = 0.0f, c03 = 0.0f;
        float c10 = 0.0f, c11 = 0.0f, c12 = 0.0f, c13 = 0.0f;
        float c20 = 0.0f, c21 = 0.0f, c22 = 0.0f, c23 = 0.0f;
        float c30 = 0.0f, c31 = 0.0f, c32 = 0.0f, c33 = 0.0f;
        for (int t = kFrom; t < kTo; t += TILE) {
            // Stage the tiles: element e of a tile is (e / TILE, e % TILE) of the matrix as stored.
            for (int e = item; e < TILE * TILE; e += GROUP_SIZE) {
                int slow = e / TILE;
                int fast = e - slow * TILE;
                if (transposeA != 0) { // A stored k x m: slow along k, fast along m
                    int p = t + slow;
                    int r = rowBase + fast;
                    aTile[fast * TILE_STRIDE + slow] = (r < m && p < kTo) ? a[p * m + r] : 0.0f;
                } else {
                    int r = rowBase + slow;
                    int p = t + fast;
                    aTile[slow * TILE_STRIDE + fast] = (r < m && p < kTo) ? a[r * k + p] : 0.0f;
                }
                if (transposeB != 0) { // B stored n x k: slow along n, fast along k
                    int q = colBase + slow;
                    int p = t + fast;
                    bTile[fast * TILE_STRIDE + slow] = (q < n && p < kTo) ? b[q * k + p] : 0.0f;
                } else {
                    int p = t + slow;
                    int q = colBase + fast;
                    bTile[slow * TILE_STRIDE + fast] = (q < n && p < kTo) ? b[p * n + q] : 0.0f;
                }
            }
            context.localBarrier();
            for (int p = 0; p < TILE; p++) {
                float a0 = aTile[ly * TILE_STRIDE + p];
                float a1 = aTile[(ly + 8) * TILE_STRIDE + p];
                float a2 = aTile[(ly + 16) * TILE_STRIDE + p];
                float a3 = aTile[(ly + 24) * TILE_STRIDE + p];
                int bRow = p * TILE_STRIDE + lx;
                float b0 = bTile[bRow];
                float b1 = bTile[bRow + 8];
                float b2 = bTile[bRow + 16];
                float b3 = bTile[bRow + 24];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
            context.localBarrier();
        }
        int row = rowBase + ly;
        int col = colBase + lx;
        store(c, cOffset, m, n, row, col, accumulate, c00, c01, c02, c03);
        store(c, cOffset, m, n, row + 8, col, accumulate, c10, c11, c12, c13);
        store(c, cOffset, m, n, row + 16, col, accumulate, c20, c21, c22, c23);
        store(c, cOffset, m, n, row + 24, col, accumulate, c30, c31, c32, c33);
    }

    /** Row {@code row} of C (from {@code cOffset}) at columns {@code col + 8j}, j &lt; 4, where inside m x n. */
    private static void store(float[] c, int cOffset, int m, int n, int row, int col, int accumulate, float v0, float v1,
            float v2, float v3) {
        if (row < m) {
            int base = cOffset + row * n;
            if (col < n) {
                c[base + col] = accumulate != 0 ? c[base + col] + v0 : v0;
            }
            if (col + 8 < n) {
                c[base + col + 8] = accumulate != 0 ? c[base + col + 8] + v1 : v1;
            }
            if (col + 16 < n) {
                c[base + col + 16] = accumulate != 0 ? c[base + col + 16] + v2 : v2;
            }
            if (col + 24 < n) {
                c[base + col + 24] = accumulate != 0 ? c[base + col + 24] + v3 : v3;
            }
        }
    }
}
