package io.sl2a.program;

import java.util.List;

/**
 * Images (CHW): im2col and its adjoint, max pooling, and the channel means of INCODE's harmonizer
 * (channel means of a feature map through a small MLP; see io.sl2a.kernels.HarmonizerKernels). Its
 * records are members of {@link Op}, which extends this interface: other code names them
 * {@code Op.Im2col} and so on.
 */
public sealed interface ConvOps permits Op {

    /**
     * im2col of a CHW image for a {@code kernel x kernel} convolution with {@code stride} and zero
     * padding {@code pad}: {@code cols[(c*kernel + ky)*kernel + kx, oy*outW + ox] = x[c, oy*stride - pad + ky,
     * ox*stride - pad + kx]}
     * (0 outside the image), so a convolution is {@code W[cout, C*k*k] . cols}; fixed size.
     */
    record Im2col(String x, String cols, int channels, int height, int width, int kernel, int stride,
            int pad) implements Op {
        public Im2col {
            checkWindow(height, width, kernel, stride, pad, false);
        }

        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(cols);
        }
    }

    /**
     * The adjoint of {@link Im2col}: {@code dX[c, y, x] (+)=} the sum of the {@code dCols} entries
     * Im2col copied from (c, y, x); a gather, one work-item per input element; fixed size.
     */
    record Col2im(String dCols, String dX, int channels, int height, int width, int kernel, int stride, int pad,
            boolean accumulate) implements Op {
        public Col2im {
            checkWindow(height, width, kernel, stride, pad, false);
        }

        public List<String> reads() {
            return accumulate ? List.of(dCols, dX) : List.of(dCols);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /**
     * Max pooling of a CHW image ({@code kernel}, {@code stride}, padding {@code pad} that never
     * wins): {@code y[c, oy, ox]} the window's maximum, {@code argmax} the winner's index within
     * its channel plane ({@code iy*width + ix}, as a float; the first maximum in row-major window
     * order, as PyTorch); one work-item per output element; fixed size.
     */
    record MaxPoolForward(String x, String y, String argmax, int channels, int height, int width, int kernel,
            int stride,
            int pad) implements Op {
        public MaxPoolForward {
            checkWindow(height, width, kernel, stride, pad, true);
        }

        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(y, argmax);
        }
    }

    /**
     * {@code dX[c, i] = } the sum of {@code dY} over the windows whose argmax is i (overwrites); a
     * gather, one work-item per input element; fixed size.
     */
    record MaxPoolBackward(String dY, String argmax, String dX, int channels, int height, int width, int kernel,
            int stride,
            int pad) implements Op {
        public MaxPoolBackward {
            checkWindow(height, width, kernel, stride, pad, true);
        }

        public List<String> reads() {
            return List.of(dY, argmax);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /** {@code y[c] = mean of x[c, 0..plane)} (adaptive average pooling to 1x1); fixed size. */
    record ChannelMean(String x, String y, int channels, int plane) implements Op {
        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /** {@code dX[c, i] = dY[c] / plane} (overwrites); fixed size. */
    record ChannelMeanBackward(String dY, String dX, int channels, int plane) implements Op {
        public List<String> reads() {
            return List.of(dY);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /**
     * Rejects a window geometry whose output would be empty (the kernels index by it unchecked) and,
     * for pooling, one whose windows could lie wholly in the padding (PyTorch's limit
     * {@code pad <= kernel / 2}), which would leave a maximum of nothing.
     */
    private static void checkWindow(int height, int width, int kernel, int stride, int pad, boolean pooling) {
        if (kernel < 1 || stride < 1 || pad < 0 || (pooling && 2 * pad > kernel) || height + 2 * pad < kernel
                || width + 2 * pad < kernel) {
            throw new IllegalArgumentException("window " + kernel + " stride " + stride + " pad " + pad
                    + " does not fit a " + height + "x" + width + " image");
        }
    }
}
