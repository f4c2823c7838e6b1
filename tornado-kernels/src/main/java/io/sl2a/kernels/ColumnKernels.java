package io.sl2a.kernels;

/**
 * Column blocks of per-row buffers: the slices and concatenations of {@link io.sl2a.program.Op.ColumnCopy}.
 * One work-item per element of the copied block, {@code i = row * width + j} over {@code rows * width}.
 */
public final class ColumnKernels {
    private ColumnKernels() {
    }

    /**
     * {@code dst[row * dstWidth + dstOffset + j] = src[row * srcWidth + srcOffset + j]}, or {@code +=}
     * when accumulate is non-zero, for {@code row = i / width}, {@code j = i % width}. The columns of dst
     * outside the block are not touched. With src and dst (and their widths and offsets) swapped and
     * accumulate set, the same body is the adjoint (the backward).
     */
    public static void columnCopy(int i, float[] src, int srcWidth, int srcOffset, float[] dst, int dstWidth,
            int dstOffset, int width, int accumulate) {
        int row = i / width;
        int j = i - row * width;
        float value = src[row * srcWidth + srcOffset + j];
        int at = row * dstWidth + dstOffset + j;
        dst[at] = accumulate != 0 ? dst[at] + value : value;
    }
}
