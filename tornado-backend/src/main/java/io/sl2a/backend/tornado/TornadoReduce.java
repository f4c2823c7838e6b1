package io.sl2a.backend.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/**
 * The column reductions as TornadoVM {@link KernelContext} kernels that reduce in work-group local
 * memory: {@link io.sl2a.program.Op.BiasGrad} ({@link #columnSum}, overwriting or accumulating),
 * the gamma and beta gradients of {@link io.sl2a.program.Op.LayerNormBackward}
 * ({@link #layerNormParamGrad}) and {@link io.sl2a.program.Op.AccumulateSum} ({@link #sum}). They
 * replace the serial two-stage loops (a partial row per chunk of rows, then a loop over the chunks
 * per column) with one pass.
 *
 * <h2>Design</h2>
 * <ul>
 * <li>Column sums: a work-group of {@value #GROUP_X} x {@value #GROUP_Y} work-items owns
 *     {@value #GROUP_COLUMNS} neighbouring columns; work-item {@code (lx, ly)} sums the
 *     {@value #COLUMNS_PER_ITEM} neighbouring columns from {@code lx * COLUMNS_PER_ITEM} over slice
 *     {@code ly} of the rows (the rows split into {@value #GROUP_Y} contiguous slices), adding into its
 *     own {@value #COLUMNS_PER_ITEM} slots of a local array ({@code allocateFloatLocalArray}); then
 *     the group adds the {@value #GROUP_Y} slices' sums of each column in a tree ({@code localBarrier}
 *     before every level) and slice 0 writes. The layout is chosen for PoCL, where a work-group runs
 *     as a loop over its work-items, each to its end or the next barrier: a work-item reads 64
 *     contiguous bytes per row and every cache line of dY is read once. (One column per work-item,
 *     rows strided by the group, the usual GPU layout, re-read dY from memory once per work-item of a
 *     row of the group there and was ten times slower than the old loops; one column per work-item
 *     over contiguous slices was still 1.6 times slower.) On a GPU neighbouring work-items read 64
 *     bytes apart: not coalesced. So a GPU gets the other layout ({@link Layout#COALESCED}).</li>
 * <li>Coalesced column sums ({@link #columnSumCoalesced}, {@link #layerNormParamGradCoalesced}), for
 *     GPUs: a work-group of {@value #COALESCED_X} x {@value #COALESCED_Y} work-items owns
 *     {@value #COALESCED_X} columns, one a work-item; work-item {@code (lx, ly)} sums rows
 *     {@code ly, ly + COALESCED_Y, ...}, so the {@value #COALESCED_X} work-items of a warp read one
 *     row's 128 contiguous bytes together; then a tree over {@code ly}. Chosen where TornadoVM reports
 *     a GPU; not measured on one (none was lent to this work), checked on PoCL when forced
 *     ({@code -Dsl2a.tornado.reduce=coalesced}) and by the emulation tests.</li>
 * <li>The whole sum ({@link #sum}): one work-group of {@value #SUM_GROUP} work-items, each summing a
 *     contiguous slice of the values, then a tree over the group; work-item 0 adds to the total.</li>
 * <li>Sizes come in arrays ({@code rows[0]}, {@code shape[0]}), not as int parameters: TornadoVM
 *     specialises scalar parameters into constants (see {@link TornadoGemm#gemm}). Every work-item
 *     reaches every barrier: work-items past the width sum nothing (zeros) and store nothing, rather
 *     than returning early (PoCL 3.1 miscompiles barriers inside a condition uniform over the group).</li>
 * </ul>
 * The sums are in another order than the Java bodies' (per contiguous slice of rows, then a tree):
 * equal within float rounding.
 */
public final class TornadoReduce {
    /** Work-items of a column-sum work-group along the columns (dimension 0). */
    public static final int GROUP_X = 4;
    /** Neighbouring columns each of them sums. */
    public static final int COLUMNS_PER_ITEM = 16;
    /** Columns of a column-sum work-group. */
    public static final int GROUP_COLUMNS = GROUP_X * COLUMNS_PER_ITEM;
    /** Row slices of a column-sum work-group (dimension 1): a power of two. */
    public static final int GROUP_Y = 16;
    /** Work-items of the whole-sum work-group: a power of two. */
    public static final int SUM_GROUP = 256;
    /** Columns (one a work-item) of a coalesced column-sum work-group: a warp of 32. */
    public static final int COALESCED_X = 32;
    /** Row lanes of a coalesced column-sum work-group: a power of two. */
    public static final int COALESCED_Y = 8;

    /** How a column sum's work-group reads its rows. */
    public enum Layout {
        /** Each work-item 16 neighbouring columns over a contiguous slice of rows: CPUs (PoCL). */
        SLICED,
        /** Each work-item one column, rows strided by the group: neighbours read neighbours (GPUs). */
        COALESCED;

        /** COALESCED where TornadoVM reports a GPU, SLICED on anything else. */
        public static Layout of(TornadoDevice device) {
            return device.getDeviceType() == TornadoDeviceType.GPU ? COALESCED : SLICED;
        }
    }

    private TornadoReduce() {
    }

    /** Whether the device can run the kernels: their work-group sizes and two local arrays of the column sums. */
    public static boolean fits(TornadoDevice device) {
        long[] maxGroup = device.getDeviceMaxWorkgroupDimensions();
        long local = device.getDeviceLocalMemorySize();
        boolean groupFits = maxGroup == null || maxGroup.length < 2
                || (maxGroup[0] >= Math.max(Math.max(GROUP_X, COALESCED_X), SUM_GROUP)
                        && maxGroup[1] >= Math.max(GROUP_Y, COALESCED_Y));
        return groupFits && (local <= 0 || 2L * Math.max(GROUP_Y * GROUP_COLUMNS, SUM_GROUP) * Float.BYTES <= local);
    }

    /** The worker grid of the column sums of {@code width} columns in {@code layout}. */
    public static WorkerGrid columnGrid(int width, Layout layout) {
        if (layout == Layout.SLICED) {
            return columnGrid(width);
        }
        int groups = (width + COALESCED_X - 1) / COALESCED_X;
        WorkerGrid grid = new WorkerGrid2D(groups * COALESCED_X, COALESCED_Y);
        grid.setLocalWork(COALESCED_X, COALESCED_Y, 1);
        return grid;
    }

    /** The worker grid of the column sums of {@code width} columns: one group per GROUP_X columns. */
    public static WorkerGrid columnGrid(int width) {
        int groups = (width + GROUP_COLUMNS - 1) / GROUP_COLUMNS;
        WorkerGrid grid = new WorkerGrid2D(groups * GROUP_X, GROUP_Y);
        grid.setLocalWork(GROUP_X, GROUP_Y, 1);
        return grid;
    }

    /** The worker grid of {@link #sum}: one group. */
    public static WorkerGrid sumGrid() {
        WorkerGrid grid = new WorkerGrid1D(SUM_GROUP);
        grid.setLocalWork(SUM_GROUP, 1, 1);
        return grid;
    }

    /**
     * {@code out[j] (+)= sum over rows r < rows[0] of dY[r * width + j]}, {@code shape = {width}};
     * {@code accumulate}: 0 (overwrite) or 1 (add). BiasGrad.
     */
    public static void columnSum(KernelContext context, int[] rows, int[] shape, float[] dY, float[] out,
            int accumulate) {
        float[] sums = context.allocateFloatLocalArray(GROUP_Y * GROUP_COLUMNS);
        int count = rows[0];
        int width = shape[0];
        int lx = context.localIdx;
        int ly = context.localIdy;
        int first = lx * COLUMNS_PER_ITEM; // of the group's columns
        int colBase = context.groupIdx * GROUP_COLUMNS + first;
        int slot = ly * GROUP_COLUMNS + first;
        int slice = (count + GROUP_Y - 1) / GROUP_Y;
        int end = Math.min(count, (ly + 1) * slice);
        for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
            sums[slot + c] = 0.0f;
        }
        for (int row = ly * slice; row < end; row++) {
            int base = row * width + colBase;
            for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                if (colBase + c < width) {
                    sums[slot + c] += dY[base + c];
                }
            }
        }
        for (int stride = GROUP_Y / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (ly < stride) {
                for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                    sums[slot + c] += sums[slot + stride * GROUP_COLUMNS + c];
                }
            }
        }
        if (ly == 0) {
            for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                int col = colBase + c;
                if (col < width) {
                    out[col] = accumulate != 0 ? out[col] + sums[slot + c] : sums[slot + c];
                }
            }
        }
    }

    /**
     * LayerNorm's parameter gradients, {@code shape = {width}}: {@code dGamma[j] = sum over rows of
     * dY * (x - mean) * rstd}, {@code dBeta[j] = sum over rows of dY} (overwriting).
     */
    public static void layerNormParamGrad(KernelContext context, int[] rows, int[] shape, float[] dY, float[] x,
            float[] mean, float[] rstd, float[] dGamma, float[] dBeta) {
        float[] gammaSums = context.allocateFloatLocalArray(GROUP_Y * GROUP_COLUMNS);
        float[] betaSums = context.allocateFloatLocalArray(GROUP_Y * GROUP_COLUMNS);
        int count = rows[0];
        int width = shape[0];
        int lx = context.localIdx;
        int ly = context.localIdy;
        int first = lx * COLUMNS_PER_ITEM;
        int colBase = context.groupIdx * GROUP_COLUMNS + first;
        int slot = ly * GROUP_COLUMNS + first;
        int slice = (count + GROUP_Y - 1) / GROUP_Y;
        int end = Math.min(count, (ly + 1) * slice);
        for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
            gammaSums[slot + c] = 0.0f;
            betaSums[slot + c] = 0.0f;
        }
        for (int row = ly * slice; row < end; row++) {
            int base = row * width + colBase;
            float mu = mean[row];
            float r = rstd[row];
            for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                if (colBase + c < width) {
                    float d = dY[base + c];
                    gammaSums[slot + c] += d * ((x[base + c] - mu) * r);
                    betaSums[slot + c] += d;
                }
            }
        }
        for (int stride = GROUP_Y / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (ly < stride) {
                for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                    gammaSums[slot + c] += gammaSums[slot + stride * GROUP_COLUMNS + c];
                    betaSums[slot + c] += betaSums[slot + stride * GROUP_COLUMNS + c];
                }
            }
        }
        if (ly == 0) {
            for (int c = 0; c < COLUMNS_PER_ITEM; c++) {
                int col = colBase + c;
                if (col < width) {
                    dGamma[col] = gammaSums[slot + c];
                    dBeta[col] = betaSums[slot + c];
                }
            }
        }
    }

    /** {@link #columnSum} in the coalesced layout, over {@code columnGrid(width, COALESCED)}. */
    public static void columnSumCoalesced(KernelContext context, int[] rows, int[] shape, float[] dY, float[] out,
            int accumulate) {
        float[] sums = context.allocateFloatLocalArray(COALESCED_Y * COALESCED_X);
        int count = rows[0];
        int width = shape[0];
        int lx = context.localIdx;
        int ly = context.localIdy;
        int col = context.groupIdx * COALESCED_X + lx;
        int slot = ly * COALESCED_X + lx;
        float sum = 0.0f;
        if (col < width) {
            for (int row = ly; row < count; row += COALESCED_Y) {
                sum += dY[row * width + col];
            }
        }
        sums[slot] = sum;
        for (int stride = COALESCED_Y / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (ly < stride) {
                sums[slot] += sums[slot + stride * COALESCED_X];
            }
        }
        if (ly == 0 && col < width) {
            out[col] = accumulate != 0 ? out[col] + sums[slot] : sums[slot];
        }
    }

    /** {@link #layerNormParamGrad} in the coalesced layout, over {@code columnGrid(width, COALESCED)}. */
    public static void layerNormParamGradCoalesced(KernelContext context, int[] rows, int[] shape, float[] dY,
            float[] x, float[] mean, float[] rstd, float[] dGamma, float[] dBeta) {
        float[] gammaSums = context.allocateFloatLocalArray(COALESCED_Y * COALESCED_X);
        float[] betaSums = context.allocateFloatLocalArray(COALESCED_Y * COALESCED_X);
        int count = rows[0];
        int width = shape[0];
        int lx = context.localIdx;
        int ly = context.localIdy;
        int col = context.groupIdx * COALESCED_X + lx;
        int slot = ly * COALESCED_X + lx;
        float gammaSum = 0.0f;
        float betaSum = 0.0f;
        if (col < width) {
            for (int row = ly; row < count; row += COALESCED_Y) {
                float d = dY[row * width + col];
                gammaSum += d * ((x[row * width + col] - mean[row]) * rstd[row]);
                betaSum += d;
            }
        }
        gammaSums[slot] = gammaSum;
        betaSums[slot] = betaSum;
        for (int stride = COALESCED_Y / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (ly < stride) {
                gammaSums[slot] += gammaSums[slot + stride * COALESCED_X];
                betaSums[slot] += betaSums[slot + stride * COALESCED_X];
            }
        }
        if (ly == 0 && col < width) {
            dGamma[col] = gammaSums[slot];
            dBeta[col] = betaSums[slot];
        }
    }

    /** {@code total[0] += sum of values[0..rows[0])}: AccumulateSum, over {@link #sumGrid}. */
    public static void sum(KernelContext context, int[] rows, float[] values, float[] total) {
        float[] sums = context.allocateFloatLocalArray(SUM_GROUP);
        int count = rows[0];
        int id = context.localIdx;
        int slice = (count + SUM_GROUP - 1) / SUM_GROUP;
        int end = Math.min(count, (id + 1) * slice);
        float sum = 0.0f;
        for (int i = id * slice; i < end; i++) {
            sum += values[i];
        }
        sums[id] = sum;
        for (int stride = SUM_GROUP / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (id < stride) {
                sums[id] += sums[id + stride];
            }
        }
        if (id == 0) {
            total[0] += sums[0];
        }
    }
}
