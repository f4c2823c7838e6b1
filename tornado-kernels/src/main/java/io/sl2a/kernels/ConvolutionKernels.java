package io.sl2a.kernels;

/**
 * The convolution side of a CNN over one CHW image (channels x height x width, row-major, no
 * batch): im2col and its adjoint col2im, so that a convolution is a product {@code W . cols} with
 * the dense matrix kernels, and max pooling with its argmax and backward.
 *
 * <p>Geometry: a {@code kernel x kernel} window moved by {@code stride} over the image padded by
 * {@code pad} on each side, so {@code outH = (height + 2 pad - kernel) / stride + 1} and the same
 * for outW. The column matrix {@code cols} is {@code [channels*kernel*kernel, outH*outW]}: row
 * {@code (c*kernel + ky)*kernel + kx}, column {@code oy*outW + ox}, holds
 * {@code x[c, oy*stride - pad + ky, ox*stride - pad + kx]}, 0 in the padding.
 *
 * <p>Both backwards are gathers, one work-item per input element, each summing the few outputs its
 * element reached (those with {@code oy*stride - pad + ky = y}): no atomic adds and no zeroing pass,
 * and the same summation order on every backend. Argmax indices are held in float buffers like
 * every other index of a program (exact below 2^24).
 */
public final class ConvolutionKernels {
    private ConvolutionKernels() {
    }

    /** The output size along one axis: {@code (size + 2 pad - kernel) / stride + 1}. */
    public static int outSize(int size, int kernel, int stride, int pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    /** Element {@code i} of {@code cols} ({@code channels*kernel*kernel*outH*outW} work-items). */
    public static void im2col(int i, float[] x, int height, int width, int kernel, int stride, int pad, float[] cols) {
        int outH = (height + 2 * pad - kernel) / stride + 1;
        int outW = (width + 2 * pad - kernel) / stride + 1;
        int positions = outH * outW;
        int row = i / positions;
        int column = i - row * positions;
        int c = row / (kernel * kernel);
        int offset = row - c * kernel * kernel;
        int ky = offset / kernel;
        int kx = offset - ky * kernel;
        int oy = column / outW;
        int ox = column - oy * outW;
        int iy = oy * stride - pad + ky;
        int ix = ox * stride - pad + kx;
        float value = 0.0f;
        if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
            value = x[(c * height + iy) * width + ix];
        }
        cols[i] = value;
    }

    /**
     * Row {@code row = (c*kernel + ky)*kernel + kx} of {@code cols}, the same values as
     * {@link #im2col} for each of its elements: one kernel offset over every window position with
     * the index arithmetic hoisted out of the loop (a CPU's form; a GPU takes one element a work-item).
     */
    public static void im2colRow(int row, float[] x, int height, int width, int kernel, int stride, int pad, float[] cols) {
        int outH = (height + 2 * pad - kernel) / stride + 1;
        int outW = (width + 2 * pad - kernel) / stride + 1;
        int c = row / (kernel * kernel);
        int offset = row - c * kernel * kernel;
        int ky = offset / kernel;
        int kx = offset - ky * kernel;
        int out = row * outH * outW;
        for (int oy = 0; oy < outH; oy++) {
            int iy = oy * stride - pad + ky;
            boolean inside = iy >= 0 && iy < height;
            int source = (c * height + iy) * width - pad + kx;
            for (int ox = 0; ox < outW; ox++) {
                int ix = ox * stride - pad + kx;
                cols[out++] = inside && ix >= 0 && ix < width ? x[source + ox * stride] : 0.0f;
            }
        }
    }

    /**
     * Element {@code i} of {@code dX} ({@code channels*height*width} work-items): the sum of the
     * {@code dCols} entries im2col copied from it, in (ky, kx) order, written or, when
     * {@code accumulate} is non-zero, added.
     */
    public static void col2im(int i, float[] dCols, int height, int width, int kernel, int stride, int pad,
            int accumulate, float[] dX) {
        int outH = (height + 2 * pad - kernel) / stride + 1;
        int outW = (width + 2 * pad - kernel) / stride + 1;
        int positions = outH * outW;
        int plane = height * width;
        int c = i / plane;
        int inPlane = i - c * plane;
        int y = inPlane / width;
        int x = inPlane - y * width;
        float sum = 0.0f;
        for (int ky = 0; ky < kernel; ky++) {
            int ty = y + pad - ky;
            if (ty >= 0 && ty % stride == 0 && ty / stride < outH) {
                int oy = ty / stride;
                for (int kx = 0; kx < kernel; kx++) {
                    int tx = x + pad - kx;
                    if (tx >= 0 && tx % stride == 0 && tx / stride < outW) {
                        int row = (c * kernel + ky) * kernel + kx;
                        sum += dCols[row * positions + oy * outW + tx / stride];
                    }
                }
            }
        }
        dX[i] = accumulate != 0 ? dX[i] + sum : sum;
    }

    /**
     * Output element {@code i} ({@code channels*outH*outW} work-items): the window's maximum over
     * its positions inside the image (padding never wins) and, in {@code argmax}, the index
     * {@code iy*width + ix} in the channel plane of its first maximum in row-major window order (a
     * later equal value does not replace it). A window wholly in the padding (possible only when
     * {@code pad >= kernel}) gives 0 and argmax -1.
     */
    public static void maxPoolForward(int i, float[] x, int height, int width, int kernel, int stride, int pad, float[] y,
            float[] argmax) {
        int outH = (height + 2 * pad - kernel) / stride + 1;
        int outW = (width + 2 * pad - kernel) / stride + 1;
        int positions = outH * outW;
        int c = i / positions;
        int position = i - c * positions;
        int oy = position / outW;
        int ox = position - oy * outW;
        int base = c * height * width;
        float best = 0.0f;
        int at = -1;
        for (int ky = 0; ky < kernel; ky++) {
            int iy = oy * stride - pad + ky;
            if (iy >= 0 && iy < height) {
                for (int kx = 0; kx < kernel; kx++) {
                    int ix = ox * stride - pad + kx;
                    if (ix >= 0 && ix < width) {
                        float value = x[base + iy * width + ix];
                        if (at < 0 || value > best) {
                            best = value;
                            at = iy * width + ix;
                        }
                    }
                }
            }
        }
        y[i] = best;
        argmax[i] = at;
    }

    /**
     * Input element {@code i} ({@code channels*height*width} work-items): the sum of {@code dY} over
     * the windows that contain it and whose argmax it is, in (ky, kx) order (overwrites).
     */
    public static void maxPoolBackward(int i, float[] dY, float[] argmax, int height, int width, int kernel, int stride,
            int pad, float[] dX) {
        int outH = (height + 2 * pad - kernel) / stride + 1;
        int outW = (width + 2 * pad - kernel) / stride + 1;
        int positions = outH * outW;
        int plane = height * width;
        int c = i / plane;
        int inPlane = i - c * plane;
        int y = inPlane / width;
        int x = inPlane - y * width;
        float sum = 0.0f;
        for (int ky = 0; ky < kernel; ky++) {
            int ty = y + pad - ky;
            if (ty >= 0 && ty % stride == 0 && ty / stride < outH) {
                int oy = ty / stride;
                for (int kx = 0; kx < kernel; kx++) {
                    int tx = x + pad - kx;
                    if (tx >= 0 && tx % stride == 0 && tx / stride < outW) {
                        int o = c * positions + oy * outW + tx / stride;
                        if ((int) argmax[o] == inPlane) {
                            sum += dY[o];
                        }
                    }
                }
            }
        }
        dX[i] = sum;
    }
}
